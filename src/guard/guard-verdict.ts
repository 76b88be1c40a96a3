/**
 * Reads a content-safety model's verdict in the shapes Workers AI returns: Llama Guard's JSON object
 * `{ safe, categories }` (which the provider hands on as JSON text) or its text form ("safe", or "unsafe"
 * and the hazard categories on the next line). Anything else counts as unsafe: the guard fails closed.
 */
import { z } from 'zod';

export interface GuardVerdict {
  safe: boolean;
  categories: string[];
}

const objectVerdict = z.object({ safe: z.boolean(), categories: z.array(z.string()).optional() });

/** The category reported when the verdict could not be read. */
export const UNREADABLE = 'unreadable-verdict';

export function parseGuardVerdict(raw: string): GuardVerdict {
  const text = raw.trim();
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { safe: false, categories: [UNREADABLE] };
    }
    const parsed = objectVerdict.safeParse(json);
    if (!parsed.success) return { safe: false, categories: [UNREADABLE] };
    return { safe: parsed.data.safe, categories: parsed.data.safe ? [] : (parsed.data.categories ?? []) };
  }
  const [first = '', second = ''] = text.split('\n');
  const word = first.trim().toLowerCase();
  if (word === 'safe') return { safe: true, categories: [] };
  if (word === 'unsafe') return { safe: false, categories: second.split(',').map((c) => c.trim()).filter(Boolean) };
  return { safe: false, categories: [UNREADABLE] };
}
