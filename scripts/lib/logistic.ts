/** Sparse L2-regularised logistic regression trained with AdaGrad: small, deterministic, no dependencies. */
import { prng } from './synthetic-text';

export interface Example {
  x: Map<number, number>;
  y: 0 | 1;
  /** Sample weight; 1 when absent. */
  w?: number;
}

export interface LogisticOptions {
  dim: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}


export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rand = prng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function score(model: LogisticModel, x: Map<number, number>): number {
  let z = model.bias;
  for (const [i, v] of x) z += model.weights[i]! * v;
  return z;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Classes are weighted inversely to their frequency so a skewed training mix does not shift the threshold. */
export function trainLogistic(examples: readonly Example[], opts: LogisticOptions): LogisticModel {
  const weights = new Float64Array(opts.dim);
  const g2 = new Float64Array(opts.dim);
  let bias = 0;
  let g2b = 0;
  const mass = [0, 0];
  for (const e of examples) mass[e.y]! += e.w ?? 1;
  const total = mass[0]! + mass[1]!;
  const classWeight = [total / (2 * mass[0]!), total / (2 * mass[1]!)];
  const model = { weights, bias };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const ex of shuffled(examples, opts.seed + epoch)) {
      model.bias = bias;
      const p = sigmoid(score(model, ex.x));
      const err = (p - ex.y) * classWeight[ex.y]! * (ex.w ?? 1);
      for (const [i, v] of ex.x) {
        const g = err * v + opts.l2 * weights[i]!;
        g2[i]! += g * g;
        weights[i]! -= (opts.learningRate * g) / Math.sqrt(g2[i]! + 1e-8);
      }
      g2b += err * err;
      bias -= (opts.learningRate * err) / Math.sqrt(g2b + 1e-8);
    }
  }
  return { weights, bias };
}
