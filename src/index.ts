/** Worker entry: the HTTP app, plus every Workflow and Durable Object class the runtime must find here. */
import { createApp } from './app';

export { UserSessionAgent } from './agent/user-session-agent';
export { IngestWorkflow } from '../workflows/ingest-workflow';
export { ProposeCommitWorkflow } from '../workflows/propose-commit-workflow';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
