/**
 * Trains the prompt-injection classifier shipped in src/guard/injection-weights.json (`npm run train:guard`).
 *
 * Data: deepset/prompt-injections train split (English and German, labelled), Universal Dependencies sentences as
 * extra benign text, and three more public sets that may join the training folds: the jailbreaks of
 * jackhhao/jailbreak-classification, NotInject (benign prompts full of trigger words) and the role prompts of
 * awesome-chatgpt-prompts. jackhhao's benign rows are left out: many are role-play requests ("Roleplay as Lara
 * Croft…"), which deepset labels as injections.
 *
 * Whether each extra set joins, its weight, the weight of the language-neutral concept features and the decision
 * threshold are picked by 5-fold cross-validation on the deepset train split (folds grouped so prompts sharing a
 * sentence stay together), for the classifier combined with the hand-written patterns: the best out-of-fold deepset
 * accuracy with at most 1% of held-out UD sentences flagged. The classifier's accuracy alone, the out-of-fold
 * jailbreak recall, role-prompt recall and NotInject false-positive rate are printed beside it.
 * Two other protocols were tried and are not used, because the models they chose scored worse on the deepset test
 * split (README, "Prompt-injection screening"): the cross-source mean of deepset accuracy, jailbreak recall and
 * NotInject specificity; and folds grouped by shared 5-word runs (templates) with the classifier judged alone.
 * The deepset test split is read only to drop rows of the extra sets that share a sentence with it
 * (decontamination); it is never scored here.
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_OPTIONS, features, normalizeForFeatures, type FeatureOptions } from '../src/guard/injection-features';
import { matchesInjectionPattern } from '../src/guard/injection-patterns';
import { sentences } from '../src/lib/terms';
import { deepsetSplit, jackhhaoPrompts, notInjectPrompts, rolePrompts, udSentences, type LabelledText } from './lib/guard-data';
import { score, shuffled, sigmoid, trainLogistic, type Example, type LogisticModel } from './lib/logistic';

const OUT = 'src/guard/injection-weights.json';
const FOLDS = 5;
/** Weight of the benign UD sentences (they outnumber deepset prompts ~5:1) and L2 strengths to choose from. */
const UD_WEIGHTS = [0.1, 0.3];
const L2S = [1e-3];
/** Weights of the concept features to choose from (0 leaves them out). */
const CONCEPT_WEIGHTS = [0, 0.5];
/** Weights to try for the extra public sets (0 leaves a set out). */
const JAILBREAK_WEIGHTS = [0, 0.5];
const NOT_INJECT_WEIGHTS = [0, 1];
const ROLE_WEIGHTS = [0, 0.5];
/**
 * Jailbreak and role prompts run to thousands of characters; their opening carries the persona and override
 * set-up, and keeping only it bounds the training time (a few seconds per fold instead of a minute).
 */
const OPENING_CHARS = 800;
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

const keyOf = (text: string) => normalizeForFeatures(text);
/** Sentences (20+ characters) and whole texts of the held-out test split: extra rows that share one are dropped. */
const testKeys = new Set(
  (await deepsetSplit('test')).flatMap((e) => [keyOf(e.text), ...sentences(e.text).map((s) => keyOf(s.text)).filter((k) => k.length >= 20)]),
);
const clean = (items: LabelledText[], name: string) => {
  const kept = items.filter((e) => !testKeys.has(keyOf(e.text)) && !sentences(e.text).some((s) => testKeys.has(keyOf(s.text))));
  console.log(`${name}: ${kept.length} rows (${kept.filter((e) => e.y === 1).length} injections), ${items.length - kept.length} dropped for sharing text with the test split`);
  return kept;
};

const deepset = shuffled(await deepsetSplit('train'), 7);
const ud = shuffled(udSentences(), 11).map((text): LabelledText => ({ text, y: 0 }));
const jailbreaks = shuffled(clean(jackhhaoPrompts(), 'jackhhao/jailbreak-classification'), 13)
  .filter((e) => e.y === 1)
  .map((e) => ({ ...e, text: e.text.slice(0, OPENING_CHARS) }));
const notInject = shuffled(clean(notInjectPrompts(), 'NotInject'), 17);
const roles = shuffled(clean(rolePrompts(), 'awesome-chatgpt-prompts'), 19).map((e) => ({ ...e, text: e.text.slice(0, OPENING_CHARS) }));

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

const examples = (items: readonly LabelledText[], w: number): Example[] => (w > 0 ? items.map((e) => ({ x: featuresOf(e.text), y: e.y, w })) : []);
const outOf = <T>(items: readonly T[], k: number) => items.filter((_, i) => i % FOLDS !== k);
const inFold = <T>(items: readonly T[], k: number) => items.filter((_, i) => i % FOLDS === k);

interface Mix {
  udWeight: number;
  l2: number;
  jailbreakWeight: number;
  notInjectWeight: number;
  roleWeight: number;
}

/**
 * Out-of-fold scores for one training mix. Extra sets sit in the training folds only when their weight is above 0;
 * they are scored out of fold either way, so their figures below are always on rows the model did not see.
 */
function crossValidate(mix: Mix) {
  const oof = new Map<LabelledText, number>();
  for (let k = 0; k < FOLDS; k++) {
    const model = trainLogistic(
      [
        ...examples(deepset.filter((_, i) => fold[i] !== k), 1),
        ...examples(outOf(ud, k), mix.udWeight),
        ...examples(outOf(jailbreaks, k), mix.jailbreakWeight),
        ...examples(outOf(notInject, k), mix.notInjectWeight),
        ...examples(outOf(roles, k), mix.roleWeight),
      ],
      { ...BASE, l2: mix.l2 },
    );
    for (const e of [...deepset.filter((_, i) => fold[i] === k), ...inFold(ud, k), ...inFold(jailbreaks, k), ...inFold(notInject, k), ...inFold(roles, k)]) {
      oof.set(e, probability(model, e.text));
    }
  }
  const injections = deepset.filter((e) => e.y === 1);
  const evaluate = (threshold: number) => {
    const byModel = (e: LabelledText) => oof.get(e)! >= threshold;
    const flagged = (e: LabelledText) => patternFlags(e.text) || byModel(e);
    const accuracyOf = (f: (e: LabelledText) => boolean) => deepset.filter((e) => f(e) === (e.y === 1)).length / deepset.length;
    const jailbreakRecall = jailbreaks.filter(flagged).length / jailbreaks.length;
    const notInjectFpr = notInject.filter(flagged).length / notInject.length;
    return {
      features: featureOptions,
      ...mix,
      threshold,
      accuracy: accuracyOf(flagged),
      recall: injections.filter(flagged).length / injections.length,
      alone: { accuracy: accuracyOf(byModel), recall: injections.filter(byModel).length / injections.length },
      udFpr: ud.filter(flagged).length / ud.length,
      notInjectFpr,
      jailbreakRecall,
      roleRecall: roles.filter(flagged).length / roles.length,
    };
  };
  const options = Array.from({ length: 99 }, (_, i) => evaluate((i + 1) / 100)).filter((c) => c.udFpr <= MAX_UD_FPR);
  return options.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
}

const mixes: Mix[] = UD_WEIGHTS.flatMap((udWeight) =>
  L2S.flatMap((l2) =>
    JAILBREAK_WEIGHTS.flatMap((jailbreakWeight) =>
      NOT_INJECT_WEIGHTS.flatMap((notInjectWeight) => ROLE_WEIGHTS.map((roleWeight) => ({ udWeight, l2, jailbreakWeight, notInjectWeight, roleWeight }))),
    ),
  ),
);
const results = CONCEPT_WEIGHTS.flatMap((concepts) => {
  useFeatures({ ...FEATURE_OPTIONS, concepts });
  return mixes.map((mix) => {
    const r = crossValidate(mix);
    console.log(
      `  concepts ${r.features.concepts}, UD ${r.udWeight}, L2 ${r.l2}, jailbreaks ${r.jailbreakWeight}, NotInject ${r.notInjectWeight}, roles ${r.roleWeight}: ` +
        `threshold ${r.threshold.toFixed(2)}, deepset accuracy ${r.accuracy.toFixed(3)}, recall ${r.recall.toFixed(3)} ` +
        `(classifier alone ${r.alone.accuracy.toFixed(3)}, ${r.alone.recall.toFixed(3)}), UD FPR ${r.udFpr.toFixed(4)}, ` +
        `NotInject FPR ${r.notInjectFpr.toFixed(3)}, jailbreak recall ${r.jailbreakRecall.toFixed(3)}, role recall ${r.roleRecall.toFixed(3)}`,
    );
    return r;
  });
});
const best = results.reduce((a, b) => (b.accuracy > a.accuracy ? b : a));
useFeatures(best.features);
console.log(
  `chosen by grouped cross-validation on the train split: concepts ${best.features.concepts}, UD weight ${best.udWeight}, L2 ${best.l2}, ` +
    `jailbreaks ${best.jailbreakWeight}, NotInject ${best.notInjectWeight}, roles ${best.roleWeight}, threshold ${best.threshold}, ` +
    `deepset accuracy ${best.accuracy.toFixed(3)}, recall ${best.recall.toFixed(3)} ` +
    `(classifier alone ${best.alone.accuracy.toFixed(3)}, ${best.alone.recall.toFixed(3)})`,
);

const model = trainLogistic(
  [
    ...examples(deepset, 1),
    ...examples(ud, best.udWeight),
    ...examples(jailbreaks, best.jailbreakWeight),
    ...examples(notInject, best.notInjectWeight),
    ...examples(roles, best.roleWeight),
  ],
  { ...BASE, l2: best.l2 },
);
const max = model.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
const scale = max / 127;
const quantised = Int8Array.from(model.weights, (w) => Math.round(w / scale));
const weights = Buffer.from(quantised.buffer).toString('base64');
writeFileSync(OUT, `${JSON.stringify({ ...best.features, bias: model.bias, scale, threshold: best.threshold, weights })}\n`);
console.log(`wrote ${OUT}: ${quantised.filter((w) => w !== 0).length} non-zero of ${quantised.length} buckets`);
