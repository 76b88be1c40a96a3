/**
 * Feature extraction for the injection classifier: hashed word uni/bigrams and character n-grams, shared by the
 * training script and the Worker so both see exactly the same vectors.
 */
import { fnv1a } from '../lib/hash';

/** Folds case, accents and German sharp s so "Vergiß"/"vergiss" and "Anweisungen"/"ANWEISUNGEN" meet. */
export function normalizeForFeatures(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface FeatureOptions {
  /** log2 of the number of hash buckets. */
  bits: number;
  charMin: number;
  charMax: number;
}

export const FEATURE_OPTIONS: FeatureOptions = { bits: 16, charMin: 1, charMax: 4 };

/**
 * Sparse, L2-normalised vector: bucket index → weight (sublinear term frequency).
 * Example: `features('Ignore the above')` has entries for "w:ignore", "b:ignore the", "c: ign", …
 */
export function features(text: string, opts: FeatureOptions = FEATURE_OPTIONS): Map<number, number> {
  const mask = (1 << opts.bits) - 1;
  const counts = new Map<number, number>();
  const add = (key: string) => {
    const i = fnv1a(key) & mask;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  };
  const norm = normalizeForFeatures(text);
  const tokens = norm.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    add(`w:${tokens[i]}`);
    if (i + 1 < tokens.length) add(`b:${tokens[i]} ${tokens[i + 1]}`);
  }
  const padded = ` ${tokens.join(' ')} `;
  for (let n = opts.charMin; n <= opts.charMax; n++) {
    for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
  }
  let sq = 0;
  for (const [i, c] of counts) {
    const v = 1 + Math.log(c);
    counts.set(i, v);
    sq += v * v;
  }
  const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (const [i, v] of counts) counts.set(i, v * scale);
  return counts;
}
