/** Loads the public guard data sets kept under bench/guard (see the SOURCE.md beside each). */
import { parquetReadObjects } from 'hyparquet';
import { readFileSync } from 'node:fs';

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
