#!/usr/bin/env node
// npm run seed [-- --base http://127.0.0.1:8787]: loads the demo corpus into a running local server
// (skipped when documents already exist). `npm run dev` does this on its first start.
import { parseArgs } from 'node:util';
import { seedDemoCorpus } from './seed-lib.mjs';

const { values } = parseArgs({ options: { base: { type: 'string', default: 'http://127.0.0.1:8787' } } });
try {
  console.log(`seed: ${await seedDemoCorpus(values.base)}`);
} catch (err) {
  console.error(`seed: ${err instanceof Error ? err.message : err} (is \`npm run dev\` running at ${values.base}?)`);
  process.exit(1);
}
