/** Loads the public guard data sets kept under bench/guard (see the SOURCE.md beside each). */
import { parquetReadObjects } from 'hyparquet';
import { readFileSync } from 'node:fs';
import { parseCsv } from './csv';

export interface LabelledText {
  text: string;
  /** 1 = prompt injection, 0 = benign. */
  y: 0 | 1;
}

const DEEPSET = 'bench/guard/deepset-prompt-injections';

/** deepset/prompt-injections, split "train" or "test" (the test split is only ever scored, never trained on). */
export async function deepsetSplit(split: 'train' | 'test'): Promise<LabelledText[]> {
  const bytes = readFileSync(`${DEEPSET}/${split}.parquet`);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const rows = await parquetReadObjects({ file });
  return rows.map((r) => ({ text: String(r.text), y: Number(r.label) === 1 ? 1 : 0 }));
}

/** Benign everyday sentences (English web text, German news) from Universal Dependencies dev sets. */
export function udSentences(): string[] {
  return ['en_ewt-ud-dev', 'de_gsd-ud-dev'].flatMap((f) =>
    readFileSync(`bench/guard/ud-sentences/${f}.txt`, 'utf8').trim().split('\n'),
  );
}

/**
 * jackhhao/jailbreak-classification (balanced, all rows): DAN-style jailbreaks (1) and ordinary prompts (0), some
 * of them harmless role-play requests.
 */
export function jackhhaoPrompts(): LabelledText[] {
  const csv = readFileSync('bench/guard/jackhhao-jailbreak-classification/jailbreak_dataset_full_balanced.csv', 'utf8');
  return parseCsv(csv).map((r) => ({ text: r.prompt!, y: r.type === 'jailbreak' ? 1 : 0 }));
}

/** NotInject: benign prompts built around the words injections use ("ignore", "bypass", "override"), all 0. */
export function notInjectPrompts(): LabelledText[] {
  return ['one', 'two', 'three'].flatMap((n) =>
    (JSON.parse(readFileSync(`bench/guard/notinject/NotInject_${n}.json`, 'utf8')) as { prompt: string }[]).map((r) => ({ text: r.prompt, y: 0 as const })),
  );
}

/**
 * awesome-chatgpt-prompts: "I want you to act as …" role prompts, all 1, since deepset labels a request to take on
 * a role as an injection.
 */
export function rolePrompts(): LabelledText[] {
  const csv = readFileSync('bench/guard/awesome-chatgpt-prompts/prompts.csv', 'utf8');
  return parseCsv(csv).map((r) => ({ text: r.prompt!, y: 1 }));
}
