#!/usr/bin/env node
// npm run golden:pull [-- --target <url> --token <token>] [--local [--persist-to <dir>]] [--dir golden]
// Writes candidate golden cases an operator accepted in the failure inbox into golden/cases.jsonl and
// golden/CHANGELOG.md; review the diff and commit it like code.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { acceptedFromApi, acceptedFromD1Rows, pullInto, type AcceptedCandidate } from './lib/golden-pull';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'http://127.0.0.1:8787' },
    token: { type: 'string', default: process.env.GOLDEN_TOKEN ?? 'demo-oscar' },
    local: { type: 'boolean', default: false },
    'persist-to': { type: 'string' },
    dir: { type: 'string', default: 'golden' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`npm run golden:pull                                  accepted candidates from the local dev server (as demo-oscar)
npm run golden:pull -- --target <url> --token <token>  from a deployment (an operator's Access token)
npm run golden:pull -- --local [--persist-to <dir>]    straight from the local D1 through wrangler, no server needed
   --dir <dir>                                       golden set directory (default golden/)`);
  process.exit(0);
}

function fromLocalD1(): AcceptedCandidate[] {
  const wrangler = new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url).pathname;
  const persist = values['persist-to'] ? ['--persist-to', values['persist-to']] : [];
  const sql = "select id, source, golden_case from golden_candidates where status = 'accepted' order by updated_at";
  const run = spawnSync(process.execPath, [wrangler, 'd1', 'execute', 'DB', '--local', '--json', '--command', sql, ...persist], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrangler d1 execute failed: ${run.stderr}`);
  return acceptedFromD1Rows(run.stdout);
}

const candidates = values.local ? fromLocalD1() : await acceptedFromApi(values.target, values.token);
const result = pullInto(values.dir, candidates);
for (const a of result.added) console.log(`added ${a.id} from ${a.candidate}: ${a.input}`);
for (const s of result.skipped) console.log(`skipped ${s.candidate}: ${s.why}`);
console.log(result.added.length ? `golden set ${result.version}: ${result.added.length} case(s) added to ${values.dir}/cases.jsonl; review and commit.` : 'nothing new to pull.');
