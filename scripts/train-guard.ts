/**
 * Trains the prompt-injection classifier shipped in src/guard/injection-weights.json (`npm run train:guard`).
 *
 * Data: deepset/prompt-injections train split (English and German, labelled) plus Universal Dependencies
 * sentences as extra benign text. The deepset test split is never read here. The decision threshold is picked
 * by 5-fold cross-validation on the training data, for the classifier combined with the hand-written patterns.
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_OPTIONS, features } from '../src/guard/injection-features';
import { matchesInjectionPattern } from '../src/guard/injection-patterns';
import { sentences } from '../src/lib/terms';
import { deepsetSplit, udSentences, type LabelledText } from './lib/guard-data';
import { score, shuffled, sigmoid, trainLogistic, type Example, type LogisticModel } from './lib/logistic';

const OUT = 'src/guard/injection-weights.json';
const FOLDS = 5;
/** Benign UD sentences outnumber deepset prompts ~5:1; a small weight keeps them from drowning the labelled set. */
const UD_WEIGHT = 0.1;
/** Largest false-positive rate on held-out UD sentences a threshold may have. */
const MAX_UD_FPR = 0.01;
const TRAIN = { dim: 1 << FEATURE_OPTIONS.bits, epochs: 20, learningRate: 0.5, l2: 1e-4, seed: 1 };

const toExample = (e: LabelledText, w = 1): Example => ({ x: features(e.text), y: e.y, w });

/** The text's highest probability over itself and each of its sentences: an injection may hide in one sentence. */
function probability(model: LogisticModel, text: string): number {
  const parts = [text, ...sentences(text).map((s) => s.text)];
  return Math.max(...parts.map((p) => sigmoid(score(model, features(p)))));
}

const patternFlags = (text: string) => matchesInjectionPattern(text) || sentences(text).some((s) => matchesInjectionPattern(s.text));

const deepset = shuffled(await deepsetSplit('train'), 7);
const ud = shuffled(udSentences(), 11).map((text): LabelledText => ({ text, y: 0 }));

// Out-of-fold probabilities for every deepset prompt and every UD sentence.
const oof = new Map<LabelledText, number>();
for (let k = 0; k < FOLDS; k++) {
  const held = (_: unknown, i: number) => i % FOLDS === k;
  const kept = (_: unknown, i: number) => i % FOLDS !== k;
  const model = trainLogistic(
    [...deepset.filter(kept).map((e) => toExample(e)), ...ud.filter(kept).map((e) => toExample(e, UD_WEIGHT))],
    TRAIN,
  );
  for (const e of [...deepset.filter(held), ...ud.filter(held)]) oof.set(e, probability(model, e.text));
}

function evaluate(threshold: number) {
  const flagged = (e: LabelledText) => patternFlags(e.text) || oof.get(e)! >= threshold;
  const correct = deepset.filter((e) => flagged(e) === (e.y === 1)).length;
  return { threshold, accuracy: correct / deepset.length, udFpr: ud.filter(flagged).length / ud.length };
}
const candidates = Array.from({ length: 99 }, (_, i) => evaluate((i + 1) / 100)).filter((c) => c.udFpr <= MAX_UD_FPR);
const best = candidates.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
for (const c of candidates) if (Math.round(c.threshold * 100) % 5 === 0) console.log(`  threshold ${c.threshold.toFixed(2)}: accuracy ${c.accuracy.toFixed(3)}, UD false-positive rate ${c.udFpr.toFixed(4)}`);
console.log(`cross-validated on the train split: threshold ${best.threshold}, accuracy ${best.accuracy.toFixed(3)}, UD false-positive rate ${best.udFpr.toFixed(4)}`);

const model = trainLogistic([...deepset.map((e) => toExample(e)), ...ud.map((e) => toExample(e, UD_WEIGHT))], TRAIN);
const max = model.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
const scale = max / 127;
const quantised = Int8Array.from(model.weights, (w) => Math.round(w / scale));
const weights = Buffer.from(quantised.buffer).toString('base64');
writeFileSync(
  OUT,
  `${JSON.stringify({ ...FEATURE_OPTIONS, bias: model.bias, scale, threshold: best.threshold, weights })}\n`,
);
console.log(`wrote ${OUT}: ${quantised.filter((w) => w !== 0).length} non-zero of ${quantised.length} buckets`);
