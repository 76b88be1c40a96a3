/**
 * Prompt-injection screening by heuristics: finds sentences that try to give the model instructions.
 * Used on user input and on retrieved text (indirect injection), in every mode, before any prompt is built.
 */
import { sentences } from '../lib/terms';

const PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the)\b[^.!?\n]{0,30}\b(instructions?|prompts?|rules|guidelines|directions)\b/i,
  /\b(system|developer)\s+(prompt|note|message|instruction)s?\s*[:-]/i,
  /\b(reveal|print|show|repeat|output)\b[^.!?\n]{0,30}\b(system prompt|hidden instructions|your instructions|your prompt)\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\bnew instructions\b/i,
  /\b(send|email|give|share)\b[^.!?\n]{0,30}\b(password|credentials|card number|cvv)\b/i,
  /\bdo not (tell|inform|mention to) the (user|customer)\b/i,
  /<\/?(system|assistant|instructions?)>/i,
];

export function isInjection(sentence: string): boolean {
  return PATTERNS.some((p) => p.test(sentence));
}

/** Removes instruction-like sentences, keeping the rest verbatim; reports how many were dropped. */
export function stripInjections(text: string): { text: string; removed: number } {
  let removed = 0;
  let out = '';
  let at = 0;
  for (const s of sentences(text)) {
    if (!isInjection(s.text)) continue;
    out += text.slice(at, s.start);
    at = s.end;
    removed++;
  }
  return { text: removed ? (out + text.slice(at)).replace(/[ \t]{2,}/g, ' ') : text, removed };
}
