/**
 * Feature extraction for the injection classifier: hashed word uni/bigrams, character n-grams and language-neutral
 * concepts (injection-concepts.ts), shared by the training script and the Worker so both see exactly the same vectors.
 */
import { fnv1a } from '../lib/hash';
import { conceptsIn } from './injection-concepts';

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
  /** Weight of the concept features against the n-grams (each part has unit length); 0 leaves them out. */
  concepts?: number;
}

export const FEATURE_OPTIONS: FeatureOptions = { bits: 16, charMin: 1, charMax: 4, concepts: 0 };

/** Sublinear term frequency, scaled to unit length and then by `weight`, added into `into`. */
function addNormalised(into: Map<number, number>, counts: Map<number, number>, weight: number) {
  let sq = 0;
  for (const c of counts.values()) sq += (1 + Math.log(c)) ** 2;
  const scale = sq > 0 ? weight / Math.sqrt(sq) : 0;
  for (const [i, c] of counts) into.set(i, (into.get(i) ?? 0) + (1 + Math.log(c)) * scale);
}

/**
 * Sparse vector, bucket index → weight: the n-grams' sublinear term frequencies at unit length, plus the concepts'
 * at length `opts.concepts` when that is set.
 * Example: `features('Ignore the above')` has entries for "w:ignore", "b:ignore the", "c: ign", … and, with
 * concepts, "k:IGNORE", "k2:IGNORE PREVIOUS".
 */
export function features(text: string, opts: FeatureOptions = FEATURE_OPTIONS): Map<number, number> {
  const mask = (1 << opts.bits) - 1;
  const counter = (counts: Map<number, number>) => (key: string) => {
    const i = fnv1a(key) & mask;
    counts.set(i, (counts.get(i) ?? 0) + 1);
  };
  const grams = new Map<number, number>();
  const add = counter(grams);
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
  const out = new Map<number, number>();
  addNormalised(out, grams, 1);
  if (opts.concepts) {
    const concepts = new Map<number, number>();
    const addConcept = counter(concepts);
    const found = conceptsIn(norm);
    found.forEach((c, i) => {
      addConcept(`k:${c}`);
      if (i + 1 < found.length) addConcept(`k2:${c} ${found[i + 1]}`);
    });
    addNormalised(out, concepts, opts.concepts);
  }
  return out;
}
