/**
 * Trains the prompt-injection classifier shipped in src/guard/injection-weights.json (`npm run train:guard`).
 *
 * Data: deepset/prompt-injections train split (English and German, labelled) plus Universal Dependencies
 * sentences as extra benign text. The deepset test split is never read here. The longest character n-gram, the UD
 * weight, the L2 strength and the decision threshold are picked by grouped 5-fold cross-validation on the training data, for the classifier
 * combined with the hand-written patterns: prompts that share a sentence (deepset glues prompts together) stay in
 * one fold, so a fold never sees its own sentences in training.
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_OPTIONS, features, normalizeForFeatures, type FeatureOptions } from '../src/guard/injection-features';
import { matchesInjectionPattern } from '../src/guard/injection-patterns';
import { sentences } from '../src/lib/terms';
import { deepsetSplit, udSentences, type LabelledText } from './lib/guard-data';
import { score, shuffled, sigmoid, trainLogistic, type Example, type LogisticModel } from './lib/logistic';

const OUT = 'src/guard/injection-weights.json';
const FOLDS = 5;
/** Weights for the benign UD sentences (they outnumber deepset prompts ~5:1) and L2 strengths to choose from. */
const UD_WEIGHTS = [0.1, 0.3];
const L2S = [1e-3, 3e-3];
/** Longest character n-gram to choose from. */
const CHAR_MAXES = [3, 4, 5];
/** Largest false-positive rate on held-out UD sentences a threshold may have. */
const MAX_UD_FPR = 0.01;
const BASE = { dim: 1 << FEATURE_OPTIONS.bits, epochs: 20, learningRate: 0.5, seed: 1 };

let featureOptions: FeatureOptions = FEATURE_OPTIONS;
let cache = new Map<string, Map<number, number>>();
const featuresOf = (text: string) => cache.get(text) ?? cache.set(text, features(text, featureOptions)).get(text)!;
function useFeatures(options: FeatureOptions) {
  featureOptions = options;
  cache = new Map();
}
const partsOf = (text: string) => [text, ...sentences(text).map((s) => s.text)];

/** The text's highest probability over itself and each of its sentences: an injection may hide in one sentence. */
function probability(model: LogisticModel, text: string): number {
  return Math.max(...partsOf(text).map((p) => sigmoid(score(model, featuresOf(p)))));
}

const patternFlags = (text: string) => partsOf(text).some((p) => matchesInjectionPattern(p));

const deepset = shuffled(await deepsetSplit('train'), 7);
const ud = shuffled(udSentences(), 11).map((text): LabelledText => ({ text, y: 0 }));

/** Fold of each deepset prompt: union-find over prompts sharing a sentence of 20+ characters. */
function groupedFolds(items: readonly LabelledText[]): number[] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  items.forEach((e, i) => {
    for (const s of sentences(e.text)) {
      const key = normalizeForFeatures(s.text);
      if (key.length < 20) continue;
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const roots = [...new Set(items.map((_, i) => find(i)))];
  const foldOfRoot = new Map(roots.map((r, k) => [r, k % FOLDS]));
  return items.map((_, i) => foldOfRoot.get(find(i))!);
}
const fold = groupedFolds(deepset);

const examples = (items: readonly LabelledText[], w: number): Example[] => items.map((e) => ({ x: featuresOf(e.text), y: e.y, w }));

function crossValidate(udWeight: number, l2: number) {
  const oof = new Map<LabelledText, number>();
  for (let k = 0; k < FOLDS; k++) {
    const model = trainLogistic(
      [...examples(deepset.filter((_, i) => fold[i] !== k), 1), ...examples(ud.filter((_, i) => i % FOLDS !== k), udWeight)],
      { ...BASE, l2 },
    );
    for (const e of [...deepset.filter((_, i) => fold[i] === k), ...ud.filter((_, i) => i % FOLDS === k)]) oof.set(e, probability(model, e.text));
  }
  const evaluate = (threshold: number) => {
    const flagged = (e: LabelledText) => patternFlags(e.text) || oof.get(e)! >= threshold;
    const correct = deepset.filter((e) => flagged(e) === (e.y === 1)).length;
    return { features: featureOptions, udWeight, l2, threshold, accuracy: correct / deepset.length, udFpr: ud.filter(flagged).length / ud.length };
  };
  const options = Array.from({ length: 99 }, (_, i) => evaluate((i + 1) / 100)).filter((c) => c.udFpr <= MAX_UD_FPR);
  return options.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
}

const results = CHAR_MAXES.flatMap((charMax) => {
  useFeatures({ ...FEATURE_OPTIONS, charMax });
  return UD_WEIGHTS.flatMap((w) => L2S.map((l2) => crossValidate(w, l2)));
});
for (const r of results) {
  console.log(`  char n-grams ${r.features.charMin}–${r.features.charMax}, UD weight ${r.udWeight}, L2 ${r.l2}: threshold ${r.threshold.toFixed(2)}, accuracy ${r.accuracy.toFixed(3)}, UD false-positive rate ${r.udFpr.toFixed(4)}`);
}
const best = results.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
useFeatures(best.features);
console.log(`chosen by grouped cross-validation on the train split: char n-grams up to ${best.features.charMax}, UD weight ${best.udWeight}, L2 ${best.l2}, threshold ${best.threshold}, accuracy ${best.accuracy.toFixed(3)}`);

const model = trainLogistic([...examples(deepset, 1), ...examples(ud, best.udWeight)], { ...BASE, l2: best.l2 });
const max = model.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
const scale = max / 127;
const quantised = Int8Array.from(model.weights, (w) => Math.round(w / scale));
const weights = Buffer.from(quantised.buffer).toString('base64');
writeFileSync(OUT, `${JSON.stringify({ ...best.features, bias: model.bias, scale, threshold: best.threshold, weights })}\n`);
console.log(`wrote ${OUT}: ${quantised.filter((w) => w !== 0).length} non-zero of ${quantised.length} buckets`);
