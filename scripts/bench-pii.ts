/**
 * Measures PII detection (`npm run bench:guard`) on Presidio's synthetic PII span set, with direct identifiers only
 * (the default) and with quasi-identifiers: precision, recall over the direct types and over every labelled span,
 * per-type tables and time per record. Records 500–1499 are the reported test part; `dev` scores records 0–499.
 */
import { readFileSync } from 'node:fs';
import { detectPii } from '../src/guard/pii';
import { DEV_SIZE, IN_SCOPE, PII_TARGETS, precisionOf, recallOf, scorePii, type LabelledRecord } from '../src/guard/pii-benchmark';

const records = JSON.parse(readFileSync('bench/pii/presidio-synth-dataset-v2.json', 'utf8')) as LabelledRecord[];
const part = process.argv[2] === 'dev' ? records.slice(0, DEV_SIZE) : records.slice(DEV_SIZE);
const direct = scorePii(part);
const s = scorePii(part, { quasi: true });
const f = (x: number) => x.toFixed(3);

console.log(`Presidio synth_dataset_v2, ${process.argv[2] === 'dev' ? 'dev part (records 0–499)' : 'test part (records 500–1499)'}`);
console.log(`  direct identifiers only (the default): precision ${f(precisionOf(direct))} over ${direct.predicted} findings`);
console.log(`    recall ${f(recallOf(direct, IN_SCOPE))} over the direct types; ${f(recallOf(direct))} over every labelled span`);
console.log(`  with quasi-identifiers ({ quasi: true }): precision ${f(precisionOf(s))} (target ≥ ${PII_TARGETS.precision}) over ${s.predicted} findings`);
console.log(`    recall ${f(recallOf(s))} over every labelled span (target ≥ ${PII_TARGETS.recall}); ${f(recallOf(s, IN_SCOPE))} over the direct types`);
const times = part
  .map((r) => {
    const started = performance.now();
    detectPii(r.full_text, { quasi: true });
    return performance.now() - started;
  })
  .sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
const chars = Math.round(part.reduce((n, r) => n + r.full_text.length, 0) / part.length);
console.log(`  time per record with quasi-identifiers (${chars} characters on average, after the run above warmed up): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
console.log('  per labelled type, with quasi-identifiers:');
console.log('  labelled type        spans  found  recall   direct type  recall direct only');
for (const [type, t] of [...s.perType].sort((a, b) => b[1].spans - a[1].spans)) {
  const d = direct.perType.get(type)!;
  console.log(`  ${type.padEnd(19)} ${String(t.spans).padStart(6)} ${String(t.found).padStart(6)}  ${f(t.found / t.spans)}   ${((IN_SCOPE as readonly string[]).includes(type) ? 'yes' : 'no').padEnd(11)}  ${f(d.found / d.spans)}`);
}
console.log('  our kind    findings  right  precision');
for (const [kind, k] of [...s.perKind].sort((a, b) => b[1].findings - a[1].findings)) {
  console.log(`  ${kind.padEnd(10)} ${String(k.findings).padStart(9)} ${String(k.right).padStart(6)}  ${f(k.right / k.findings)}`);
}
