/**
 * Prompt-injection screening by heuristics: finds sentences that try to give the model instructions.
 * Used on user input and on retrieved text (indirect injection), in every mode, before any prompt is built.
 */
import { sentences } from '../lib/terms';

const PATTERNS: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override)\s+(?:(?:all|any|of|the|your|my|these|those)\s+)*(?:(?:previous|prior|above|earlier|system|original)\s+)?(instructions?|prompts?|rules|guidelines|directions)\b/i,
  /\b(system|developer)\s+(prompt|note|message|instruction)s?\s*[:-]/i,
  /\b(reveal|print|show|repeat|output)\b[^.!?\n]{0,30}\b(system prompt|hidden instructions|your instructions|your prompt)\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\b(?:here are|follow)\s+(?:your\s+|these\s+|the\s+)?new instructions\b|\bnew instructions\s*:/i,
  /\b(send|email|give|share)\s+(me|us)\b[^.!?\n]{0,30}\b(passwords?|credentials|card numbers?|cvv)\b/i,
  /\b(send|email|give|share)\b[^.!?\n]{0,30}\b(passwords?|credentials|card numbers?|cvv)\b[^.!?\n]{0,40}\bto\b/i,
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
    // Drop the spaces after the removed sentence too, so its neighbours read naturally.
    at = s.end + (/^[ \t]*/.exec(text.slice(s.end))?.[0].length ?? 0);
    removed++;
  }
  return { text: removed ? out + text.slice(at) : text, removed };
}
