/** The cron trigger's door: maintenance runs as a use case, under the same kill-switch rules as every door. */
import { runScheduledMaintenance } from '../usecases/admin';
import { systemContext } from '../usecases/context';

export async function onSchedule(env: Env): Promise<void> {
  const result = await runScheduledMaintenance(systemContext(env, 'cron', `cron:${Date.now()}`));
  console.log(JSON.stringify({ level: 'info', message: 'scheduled run', result }));
}
