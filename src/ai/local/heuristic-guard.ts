/**
 * The embedded local safety classifier, answering in Llama Guard's format ("safe", or "unsafe" and the
 * hazard categories on the next line). Keyword heuristics for the hazard categories a support desk meets.
 */
import { readPrompt } from '../../rag/prompt-format';

const HAZARDS: readonly [string, RegExp][] = [
  ['S1', /\b(kill|murder|shoot|stab|bomb)\s+(him|her|them|someone|people|my|the)\b/i],
  ['S2', /\b(launder(ing)? money|steal (a |the )?(card|identity)|credit card fraud|phishing kit)\b/i],
  ['S9', /\b(make|build|assemble)\b.{0,30}\b(bomb|explosive|pipe bomb|nerve agent)\b/i],
  ['S11', /\b(kill myself|suicide|self[- ]harm|end my life)\b/i],
];

export function classifySafety(text: string): string {
  const categories = HAZARDS.filter(([, re]) => re.test(text)).map(([c]) => c);
  return categories.length ? `unsafe\n${categories.join(',')}` : 'safe';
}

/** The guard "model": the text to classify is the prompt's question block, or the whole prompt. */
export function generateGuardVerdict(prompt: string): string {
  return classifySafety(readPrompt(prompt).question || prompt);
}
