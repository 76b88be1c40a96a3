/** Checksums and parsers that tell real identifiers from look-alikes: Luhn, IBAN mod 97, IPv6. */

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** A full or `::`-compressed IPv6 address; clock times such as 10:00:00 have no hex letter and no `::`, so fail. */
export function ipv6Valid(raw: string): boolean {
  const halves = raw.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h ? h.split(':') : []));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  if (halves.length === 2) return groups.length <= 7 && raw.length > 2;
  return groups.length === 8;
}
