/**
 * Builds src/guard/name-lexicon.json for person-name detection: the Moby first-name list and a Bloom filter of
 * ordinary English and German words (SCOWL's lower-case words, and every word the UD sentences write in lower
 * case; sources in bench/pii/SOURCE.md). A first name that is also an ordinary word ("will", "may", "grant") is
 * dropped, and a capitalised ordinary word ("Village", "Stove", "Refund") is never taken for a surname.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildBloom } from '../src/guard/bloom';

const names = readFileSync('bench/pii/moby-first-names.txt', 'utf8').trim().split('\n');
const ud = ['en_ewt-ud-dev', 'de_gsd-ud-dev'].map((f) => readFileSync(`bench/guard/ud-sentences/${f}.txt`, 'utf8')).join('\n');
const udWords = new Set(ud.match(/(?<![\p{L}])\p{Ll}[\p{Ll}\p{M}]+/gu) ?? []);
const scowl = readFileSync('bench/pii/scowl-american-english-lower.txt', 'utf8').trim().split('\n');
const common = new Set([...scowl, ...udWords].filter((w) => w.length >= 2));
// A first name is dropped only when running text uses it as a word; SCOWL also lists many names in lower case.
const firstNames = names.filter((n) => /^[A-Z][a-z]+$/.test(n) && n.length >= 3 && !udWords.has(n.toLowerCase()));
const commonWords = buildBloom(common, common.size * 10, 7);
writeFileSync('src/guard/name-lexicon.json', `${JSON.stringify({ firstNames: firstNames.join(' '), commonWords })}\n`);
console.log(`wrote src/guard/name-lexicon.json: ${firstNames.length} of ${names.length} first names, ${common.size} common words`);
