/** Rejects text that is empty or binary garbage before it is chunked and embedded. */
import { UnprocessableError } from '../errors';

export function assertUsableText(text: string): void {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new UnprocessableError('The document contains no text.');
  let bad = 0;
  let letters = 0;
  for (const ch of trimmed) {
    const code = ch.codePointAt(0)!;
    if (code === 0xfffd || (code < 32 && ch !== '\n' && ch !== '\r' && ch !== '\t')) bad++;
    if (/\p{L}/u.test(ch)) letters++;
  }
  const length = [...trimmed].length;
  if (bad / length > 0.02 || letters / length < 0.3) {
    throw new UnprocessableError('The document looks like binary data, not text.', {
      controlOrInvalidShare: Math.round((bad / length) * 1000) / 1000,
      letterShare: Math.round((letters / length) * 1000) / 1000,
    });
  }
}
