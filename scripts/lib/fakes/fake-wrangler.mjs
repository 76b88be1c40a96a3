#!/usr/bin/env node
// A recorded stand-in for wrangler in the deploy test: appends its argv to FAKE_WRANGLER_LOG, keeps the versions
// and the deployment on the fake target (FAKE_TARGET), and answers like wrangler 4 does: human lines on stdout,
// machine-readable entries in WRANGLER_OUTPUT_FILE_PATH.
import { appendFileSync } from 'node:fs';

const argv = process.argv.slice(2);
appendFileSync(process.env.FAKE_WRANGLER_LOG, `${JSON.stringify(argv)}\n`);
const target = process.env.FAKE_TARGET;
const output = (entry) => appendFileSync(process.env.WRANGLER_OUTPUT_FILE_PATH, `${JSON.stringify({ ...entry, version: 1, timestamp: new Date().toISOString() })}\n`);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const post = (path, body) => fetch(`${target}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

const [group, command] = argv;
if (group === 'deployments' && command === 'status') {
  const deployment = await fetch(`${target}/__fake/deployment`).then((r) => r.json());
  if (!deployment.versions.length) {
    console.error('✘ [ERROR] The Worker edge-rag-production has no deployments.');
    process.exit(1);
  }
  console.log(JSON.stringify({ id: 'dep-1', source: 'wrangler', strategy: 'percentage', versions: deployment.versions }, null, 2));
} else if (group === 'versions' && command === 'upload') {
  const appVersion = (flag('--var') ?? '').replace(/^APP_VERSION:/, '');
  const { id } = await post('/__fake/versions', { appVersion, tag: flag('--tag'), message: flag('--message') });
  console.log(`Uploaded edge-rag-production (1.23 sec)\nWorker Version ID: ${id}`);
  output({ type: 'version-upload', worker_name: 'edge-rag-production', version_id: id, preview_url: null });
} else if (group === 'versions' && command === 'deploy') {
  const specs = argv.slice(2).filter((a) => /^[^-].*@\d+%$/.test(a));
  const versions = specs.map((s) => ({ version_id: s.split('@')[0], percentage: Number(s.split('@')[1].replace('%', '')) }));
  await post('/__fake/deployment', { versions, message: flag('--message') });
  console.log(`Deployed edge-rag-production ${specs.map((s) => `version ${s.replace('@', ' at ')}`).join(' and ')}`);
  output({ type: 'version-deploy', worker_name: 'edge-rag-production', version_traffic: Object.fromEntries(versions.map((v) => [v.version_id, v.percentage])) });
} else {
  console.error(`fake wrangler: unexpected command ${argv.join(' ')}`);
  process.exit(2);
}
