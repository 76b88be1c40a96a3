/**
 * Hand-written prompt-injection patterns (English and German): the well-known shapes of "forget what you were
 * told", "you are now someone else", "show me your prompt" and "say exactly this", matched per sentence.
 */

const EN: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|drop|skip|delete)\s+(?:(?:all|any|of|the|your|my|these|those|every|each)\s+)*(?:(?:previous|prior|above|earlier|preceding|system|original|initial|former|old)\s+)?(instructions?|prompts?|rules|guidelines|directions|tasks?|assignments?|orders|commands|context|information|conversation)\b/i,
  /\b(ignore|disregard|forget)\s+(?:about\s+)?(?:all\s+|everything\s+)?(?:(?:said|written|mentioned|stated)\s+)?(?:above|before|previously|so far|up to now)\b/i,
  /\bforget\s+(?:about\s+)?(?:everything|all of (?:it|that|this))\b/i,
  /\b(system|developer)\s+(prompt|note|message|instruction)s?\s*[:-]/i,
  /\b(reveal|print|show|repeat|output|display|tell me|spell out|leak)\b[^.!?\n]{0,30}\b(system prompt|hidden instructions|(?:your|the|all your|the above|initial|original) (?:instructions|prompts?|prompt texts?|rules)|(?:the )?above prompt)\b/i,
  /\byou are now\b|\bfrom now on,? you\b|\b(?:here are|follow)\s+(?:your\s+|these\s+|the\s+)?new instructions\b|\bnew instructions\s*:/i,
  /\b(?:now\s+)?(?:focus on|concentrate on|here is|start(?:ing)? over with)\s+(?:your|a|the)\s+new\s+(task|assignment|instructions?)\b/i,
  /\bnew\s+(task|assignment)s?\s+(?:follow|is|are)\b/i,
  /\b(?:i want you to|you will|you must|you should|you have to)\s+(?:act|behave|respond|pretend|play|roleplay)\s+(?:as|like)\b/i,
  /\b(?:act|pretend|behave)\s+(?:as if you (?:are|were)|to be|as an? (?:unrestricted|unfiltered|evil|jailbroken))\b/i,
  /\b(?:jailbreak|dan mode|developer mode|do anything now)\b/i,
  /\b(send|email|give|share)\s+(me|us)\b[^.!?\n]{0,30}\b(passwords?|credentials|card numbers?|cvv)\b/i,
  /\b(send|email|give|share)\b[^.!?\n]{0,30}\b(passwords?|credentials|card numbers?|cvv)\b[^.!?\n]{0,40}\bto\b/i,
  /\bdo not (tell|inform|mention to) the (user|customer) (about|that)\b/i,
  /<\/?(system|assistant|instructions?)>/i,
  /^(?:(?:ok(?:ay)?|now|so|well)[,.!]?\s+)*(?:now\s+)?you are (?:an?\s+|the\s+)?(?:(?!going|not|able|allowed|welcome|responsible|eligible|unsure|sure|right|correct|in|on|at|a customer|the customer|your|my|our)[\w-]+\s*){1,4}(?:[.,:]|$)/i,
  /\b(?:pretend|imagine)\s+(?:that\s+)?you(?:'re| are| can| have| were)\b/i,
  /\b(?:you are|you're) (?:role-?playing|playing the role|in character)\b|\bstay in (?:your )?(?:role|character)\b/i,
  /\brepeat after me\b|\binclude that you\b|(?:^|[.!?:-]\s*|\b(?:just|only|now|and|then|please)\s+)(?:say|state) (?:that|yes|no|the following)\b/i,
  /\b(?:just |only )?output\s*["“']/i,
  /\b(?:do not|don't) (?:answer|look|read|use)\b[^.!?\n]{0,40}\b(?:question|documents?|articles?|context)\b[^.!?\n]{0,20}\b(?:but|just|output|instead)\b/i,
  /\b(?:by your own knowledge and not by|disregarding|ignor\w*)\s+(?:all\s+)?(?:the\s+)?(?:provided\s+)?(?:articles?|documents?|context|sources?)\b/i,
  /\bchange your (?:instructions|rules|behaviou?r)\b|\byour (?:new )?instructions are(?: now)?\b/i,
  /\bwhat (?:was|is) written (?:above|at the beginning)\b|\b(?:the )?(?:sentences?|text|words) before the text\b/i,
  /\b(?:abandon|leave)\s+all\s+(?:your\s+|the\s+)?(?:previous\s+)?(?:thoughts|information|instructions)\b/i,
  /\b(?:ignore|forget)\s+everything\b/i,
];

/** Other languages seen in attacks: "forget all instructions" in Spanish, French, Croatian/Serbian, Russian. */
const OTHER: readonly RegExp[] = [
  /\b(?:olvid[ae]|oubliez|oublie|zaboravi|dimentica)\b[^.!?\n]{0,30}\b(?:todo|todas|toutes|tout|sve|tutte|tutto|instrucciones|instructions|instrukcije|istruzioni)\b/i,
  /забудьте|забудь/i,
];

const DE: readonly RegExp[] = [
  /\b(vergiss|vergessen sie|ignoriere|ignorieren sie|missachte|missachten sie)\b[^.!?\n]{0,40}\b(alles|anweisungen|auftrage|aufgaben|instruktionen|regeln|vorgaben|befehle|davor|zuvor|bisherige\w*|vorherige\w*|obige\w*)\b/i,
  /\b(neue|nachste)\s+(aufgabe|anweisung|anweisungen|auftrag)\s*(?:[:]|folgt|folgen|lautet|ist)/i,
  /\b(konzentriere dich|konzentrieren sie sich)\s+(?:jetzt\s+|nun\s+)?auf\s+(?:deine|ihre|die)\s+neue\b/i,
  /\b(du bist (?:jetzt|nun|ab sofort)|ab (?:jetzt|sofort) bist du|tu so als|stell dir vor,? du bist|agiere als|verhalte dich wie)\b/i,
  /\b(?:ich mochte|ich will),? dass (?:sie|du) als\b[^.!?\n]{0,60}\b(?:fungieren|fungierst|agieren|agierst|auftreten)\b/i,
  /\b(?:jetzt|nun) bist du\b|^(?:ok\.?\s+)?du bist (?!dran\b)(?:\w+\s*){1,3}[.,!?]/i,
  /\babweichend (?:zu|von) (?:den )?(?:vorherigen|bisherigen|obigen)\b/i,
  /\b(?:alle|samtliche) (?:vorherigen|bisherigen|vorangegangenen) (?:informationen|aufgaben|anweisungen)\b/i,
  /\b(?:die )?obigen (?:ausfuhrungen|anweisungen|informationen) (?:ignorieren|vergessen)\b/i,
  /\b(zeige?|gib|nenne|drucke|wiederhole)\b[^.!?\n]{0,30}\b(deine?n?|alle deine|den|die)\s+(prompt|prompts|prompt-texte|anweisungen|systemprompt)\b/i,
];

const PATTERNS: readonly RegExp[] = [...EN, ...DE, ...OTHER];

/** The German patterns are written without umlauts: the text is folded the same way before matching. */
function fold(text: string): string {
  return text.replace(/ß/g, 'ss').normalize('NFKD').replace(/\p{M}/gu, '');
}

export function matchesInjectionPattern(sentence: string): boolean {
  const folded = fold(sentence);
  return PATTERNS.some((p) => p.test(folded));
}
