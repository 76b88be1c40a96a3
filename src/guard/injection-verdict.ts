/**
 * Reads the injection classifier's reply in the shapes Workers AI returns: in JSON mode the `response` is an
 * object, which the provider hands on as JSON text; without it, the model's text, sometimes in a Markdown fence.
 * A reply that cannot be read, or names a sentence that does not exist, flags every sentence: the screen fails closed.
 */
import { z } from 'zod';

export interface InjectionVerdict {
  /** 0-based indices of the sentences judged to be injections. */
  injected: number[];
  /** False when the reply could not be read and every sentence was flagged for that reason. */
  readable: boolean;
}

const replySchema = z.object({ injected: z.array(z.number().int()) });

function json(text: string): unknown {
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text);
  try {
    return JSON.parse(fenced ? fenced[1]! : text);
  } catch {
    return undefined;
  }
}

export function parseInjectionVerdict(raw: string, sentenceCount: number): InjectionVerdict {
  const all = { injected: Array.from({ length: sentenceCount }, (_, i) => i), readable: false };
  const parsed = replySchema.safeParse(json(raw.trim()));
  if (!parsed.success) return all;
  const numbers = parsed.data.injected;
  if (numbers.some((n) => n < 1 || n > sentenceCount)) return all;
  return { injected: [...new Set(numbers.map((n) => n - 1))].sort((a, b) => a - b), readable: true };
}
