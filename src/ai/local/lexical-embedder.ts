/** Deterministic offline embeddings: hashed word, word-bigram and character-trigram features, L2-normalised. */
import { fnv1a } from '../../lib/hash';
import { terms } from '../../lib/terms';

function addFeature(v: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  // The sign bit keeps colliding features from always adding up (unbiased inner products).
  v[h % v.length]! += h & 0x80000000 ? -weight : weight;
}

/** Embeds one text into `dimensions` floats; similar wording (including typos) gives a high cosine. */
export function embedLexical(text: string, dimensions: number): number[] {
  const v = new Float32Array(dimensions);
  const ts = terms(text);
  const counts = new Map<string, number>();
  for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const [t, n] of counts) {
    const tf = 1 + Math.log(n);
    addFeature(v, `w:${t}`, tf);
    const padded = `#${t}#`;
    const grams = Math.max(1, padded.length - 2);
    for (let i = 0; i + 3 <= padded.length; i++) addFeature(v, `c:${padded.slice(i, i + 3)}`, (0.6 * tf) / Math.sqrt(grams));
  }
  for (let i = 0; i + 1 < ts.length; i++) addFeature(v, `b:${ts[i]}_${ts[i + 1]}`, 0.5);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return Array.from(v, (x) => x / norm);
}
