/**
 * Language-neutral concepts for the injection classifier: the words injections are built from ("ignore",
 * "vergiss", "previous", "obigen", "you are", "du bist", …) mapped to one shared token per concept, so an
 * attack learned in English also counts for its German wording and the other way round. The n-gram features
 * cannot make that link: "forget everything before" and "vergiss alles davor" share no characters.
 * Written from general knowledge of the languages, not from any test set; matched on text already folded by
 * normalizeForFeatures (lower case, no accents, ß → ss).
 */

const CONCEPTS: readonly (readonly [string, RegExp])[] = [
  ['IGNORE', /\b(?:ignor\w*|disregard\w*|forget\w*|vergiss|vergessen?|missacht\w*|olvid\w*|oubli\w*|zaboravi\w*|dimentic\w*|skip|override\w*|uberschreib\w*)\b/g],
  ['INSTRUCTIONS', /\b(?:instructions?|anweisung\w*|instruktion\w*|befehl\w*|orders?|commands?|rules?|regeln?|vorgaben?|prompts?|guidelines?|richtlinien?|tasks?|aufgaben?|auftrag\w*|assignments?)\b/g],
  ['PREVIOUS', /\b(?:previous\w*|prior|above|earlier|before|preceding|so far|vorherig\w*|bisherig\w*|obig\w*|oben|davor|zuvor|vorher|vorangegangen\w*)\b/g],
  ['EVERYTHING', /\b(?:everything|all|alles|alle|samtlich\w*|todo|todas|tout|toutes|sve|tutto)\b/g],
  ['NEW', /\b(?:new|neue[nrs]?|next|nachste[nrs]?|instead|stattdessen)\b/g],
  ['NOW', /\b(?:now|jetzt|nun|ab sofort|from now on)\b/g],
  ['SAY', /\b(?:say|sag|sage|sagen|write|schreib\w*|print|output|ausgeben|gib \w+ aus|repeat|wiederhol\w*|reply|antwort\w*|answer|respond)\b/g],
  ['PRETEND', /\b(?:pretend\w*|imagine|act as|acting as|role ?play\w*|play the role|agier\w*|fungier\w*|rolle|stell dir vor|tu so|verhalte dich)\b/g],
  ['YOU_ARE', /\b(?:you are|you're|you will be|du bist|sie sind|du wirst)\b/g],
  ['I_WANT_YOU', /\b(?:i want you|i would like you|ich mochte,? dass (?:du|sie)|ich will,? dass (?:du|sie))\b/g],
  ['STOP', /\b(?:stop|stopp|halt|attention|achtung|wait|warte)\b/g],
  ['FOCUS', /\b(?:focus\w*|concentrate|konzentrier\w*)\b/g],
  ['SECRET', /\b(?:system prompt|systemprompt|password\w*|passwort\w*|secret\w*|geheim\w*|hidden|versteckt\w*|confidential|vertraulich\w*)\b/g],
];

/**
 * The concepts in the text, in reading order.
 * Example: `conceptsIn('vergiss alles davor')` → ['IGNORE', 'EVERYTHING', 'PREVIOUS'].
 */
export function conceptsIn(folded: string): string[] {
  const found: { at: number; concept: string }[] = [];
  for (const [concept, pattern] of CONCEPTS) {
    for (const m of folded.matchAll(pattern)) found.push({ at: m.index, concept });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.concept);
}
