/**
 * The trained injection classifier: logistic regression over hashed n-grams and concepts (see
 * injection-features.ts), weights quantised to int8 and shipped in injection-weights.json by `npm run train:guard`.
 */
import { features, type FeatureOptions } from './injection-features';
import trained from './injection-weights.json';

export interface InjectionWeights extends FeatureOptions {
  bias: number;
  /** Multiplier that turns an int8 weight back into a float. */
  scale: number;
  /** Probability at or above which text counts as an injection. */
  threshold: number;
  /** Base64 of one int8 per hash bucket. */
  weights: string;
}

function decode(b64: string): Int8Array {
  const bin = atob(b64);
  const out = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = (bin.charCodeAt(i) << 24) >> 24;
  return out;
}

const model = trained as InjectionWeights;
let table: Int8Array | undefined;

/** Probability that the text is a prompt injection, by the trained classifier alone. */
export function injectionProbability(text: string, weights: InjectionWeights = model): number {
  const w = weights === model ? (table ??= decode(model.weights)) : decode(weights.weights);
  let z = weights.bias;
  for (const [i, v] of features(text, weights)) z += w[i]! * weights.scale * v;
  return 1 / (1 + Math.exp(-z));
}

export function classifierFlags(text: string): boolean {
  return injectionProbability(text) >= model.threshold;
}
