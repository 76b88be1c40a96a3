/** Worker entry: the HTTP app and the cron handler, plus every Workflow and Durable Object class. */
import { createApp } from './app';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
