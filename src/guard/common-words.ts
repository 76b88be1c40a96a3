/**
 * Ordinary English words (SCOWL and the Universal Dependencies English treebanks, built into name-lexicon.json by
 * scripts/build-name-lexicon.ts as a Bloom filter): a name, a place or a misspelling is not one of them.
 */
import { bloomHas } from './bloom';
import lexicon from './name-lexicon.json';

/** True for a lower-case ordinary word (a Bloom filter: rarely, an unknown word is taken for one). */
export const isCommonWord = bloomHas(lexicon.commonWords);
