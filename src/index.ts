/** Worker entry: the HTTP app and the cron handler, plus every Workflow and Durable Object class. */
import { createApp } from './app';
import { onSchedule } from './ops/scheduled';

export { UserSessionAgent } from './agent/user-session-agent';
export { IngestWorkflow } from '../workflows/ingest-workflow';
export { ProposeCommitWorkflow } from '../workflows/propose-commit-workflow';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(onSchedule(env));
  },
} satisfies ExportedHandler<Env>;
