/**
 * Street addresses: a house number with a street name and a street-type word in the common European and
 * American orders ("90 Whitchurch Road", "Koskikatu 25", "Via delle Coste 41", "Friedhofstrasse 33"), P.O. and
 * military boxes, and apartment or suite numbers; the city, region, postcode and country lines that follow are
 * taken into the span.
 */
import type { PiiFinding } from './pii-types';

const WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*`;
const SMALL = String.raw`(?:de|del|della|delle|di|da|do|dos|das|la|le|les|du|van|von|der|den|am|an|of|the)`;
const STREET_TYPES =
  'Street|St\\.?|str|u\\.|Road|Rd|Avenue|Ave|Av|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Square|Sq|Terrace|Crescent|Close|Parkway|Pkwy|Highway|Hwy|Circle|Trail|Row|Hill|Gardens|Walk|Mews|Grove';
const PREFIX_TYPES = 'Via|Viale|Piazza|Corso|Rue|Avenue|Boulevard|Calle|Avenida|Av\\.|Rua|Praça|Plaza|Paseo|Carrer|Ulica|ul\\.|Ulitsa|Odos|Leoforos';
const SUFFIX_WORDS =
  '(?:strasse|straße|str\\.|weg|gasse|platz|allee|damm|ring|ufer|laan|straat|plein|gracht|gade|vej|gatan|vägen|väg|gata|veien|vegen|katu|tie|kuja|utca|út|tér|körút|ulice|náměstí|utca|iela|gatve|tee|cesta|ulica)';

const UNIT = String.raw`(?:[ ,]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|#)[ ]*[\w-]+)?`;
/** Up to three following lines or comma parts made of capitalised words, region codes and postcodes. */
const TAIL = String.raw`(?:[ \t]*(?:,|\n)[ \t]*(?:>[ \t]*)?(?:${WORD}(?:[ \t]+(?:${WORD}|\d{3,6}(?:-\d{3,4})?))*|[A-Z]{2}[ \t]+\d{4,6}(?:-\d{3,4})?|\d{4,6}(?:-\d{3,4})?(?:[ \t]+${WORD})*)){0,4}`;

const PATTERNS: readonly RegExp[] = [
  // 90 Whitchurch Road / 2274 Via delle Coste 41 / 6750 Koskikatu 25 Apt. 864
  new RegExp(String.raw`\b\d{1,5}[A-Za-z]?[ \t]+(?:(?:${WORD}|${SMALL})[ \t]+){0,4}(?:${STREET_TYPES})\b\.?${UNIT}${TAIL}`, 'gu'),
  new RegExp(String.raw`\b(?:\d{1,5}[ \t]+)?(?:${PREFIX_TYPES})[ \t]+(?:(?:${WORD}|${SMALL})[ \t]+){0,4}\d{1,5}[A-Za-z]?\b${UNIT}${TAIL}`, 'gu'),
  new RegExp(String.raw`\b(?:\d{1,5}[ \t]+)?\p{Lu}[\p{L}\p{M}-]*${SUFFIX_WORDS}[ \t]+\d{1,5}[A-Za-z]?\b\.?${UNIT}${TAIL}`, 'gu'),
  // 03751 Gerrit Achterberghove 137 / 10252 Μεγάλη Άμμος 184: a house number on each side of the street name.
  // Not after a capitalised word: "Emberlite 2 Camping Stove Recall 2026" is a product and a year.
  new RegExp(String.raw`(?<!\p{Lu}[\p{L}-]*[ \t])\b\d{1,5}[ \t]+(?:(?:${WORD}|${SMALL})[ \t]+){0,3}${WORD}[ \t]+\d{1,5}[A-Za-z]?\b\.?${UNIT}${TAIL}`, 'gu'),
  new RegExp(String.raw`\b(?:P\.?[ ]?O\.?[ ]?Box|PSC[ ]\d{3,5},[ ]*Box)[ ]*\d{1,6}${TAIL}`, 'gu'),
  /\b(?:Apt\.?|Suite)[ ]\d{1,5}\b/gu,
];

export function detectAddresses(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p)) {
      const span = m[0].replace(/[\s,>]+$/u, '');
      out.push({ kind: 'address', start: m.index, end: m.index + span.length });
    }
  }
  return out;
}
