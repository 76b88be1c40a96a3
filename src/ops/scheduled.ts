/** The cron trigger: retention purge, repair of work a crash interrupted, then alert evaluation. */
import { getConfig } from '../config';
import { getDb } from '../db/client';
import { evaluateAlerts } from './alerts';
import { reconcile } from './reconcile';
import { runRetention } from './retention';

export async function onSchedule(env: Env): Promise<void> {
  const config = getConfig(env);
  const db = getDb(env.DB);
  const purged = await runRetention(db, config.RETENTION_DAYS);
  const repaired = await reconcile(db, env);
  const alerts = await evaluateAlerts(db, config.ALERT_WEBHOOK_URL);
  console.log(JSON.stringify({ level: 'info', message: 'scheduled run', purged, repaired, alerts }));
}
