#!/usr/bin/env node
// A recorded stand-in for scripts/eval.mjs in the deploy test: logs its arguments and, against a target, the
// version /api/health reports through the headers the real eval client would send; exits as the scenario says.
import { appendFileSync } from 'node:fs';

const args = process.argv.slice(2);
const target = args.includes('--target') ? args[args.indexOf('--target') + 1] : null;
let sawVersion = null;
if (target) {
  const headers = { 'Cloudflare-Workers-Version-Overrides': process.env.EVAL_VERSION_OVERRIDE ?? '' };
  if (process.env.CF_ACCESS_CLIENT_ID) {
    headers['CF-Access-Client-Id'] = process.env.CF_ACCESS_CLIENT_ID;
    headers['CF-Access-Client-Secret'] = process.env.CF_ACCESS_CLIENT_SECRET;
  }
  sawVersion = (await fetch(`${target}/api/health`, { headers }).then((r) => r.json())).version ?? null;
}
appendFileSync(process.env.FAKE_EVAL_LOG, `${JSON.stringify({ args, versionId: process.env.EVAL_VERSION_ID ?? null, sawVersion })}\n`);
process.exit(Number(target ? process.env.FAKE_EVAL_PRODUCTION_EXIT ?? 0 : process.env.FAKE_EVAL_LOCAL_EXIT ?? 0));
