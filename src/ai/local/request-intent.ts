/**
 * Which action a support request asks for, if any: the verbs and idioms people use for each action
 * ("money back", "hand over to L2", "let the customer know", "put on hold"), read only where the sentence
 * is a request. Questions about an action ("what is the refund policy?"), negations ("don't escalate")
 * and reports of the past ("the customer got a refund") ask for nothing.
 */
import { sentences } from '../../lib/terms';

export type ActionType = 'issue_refund' | 'send_reply' | 'escalate' | 'update_ticket';

export interface Intent {
  action: ActionType;
  /** The matched wording, e.g. "close" or "money back". */
  verb: string;
  /** Offsets in the request: the wording, and the sentence it sits in. */
  at: number;
  end: number;
  sentence: { start: number; end: number };
}

const CUSTOMER = String.raw`(?:the\s+)?(?:customer|client|buyer|requester|user|them|him|her)\b`;
const LEVEL = String.raw`(?:an?\s+|the\s+)?(?:L\s?[1-3]\b|level\s*\w+|tier\s*\w+|(?:first|second|third|1st|2nd|3rd)[\s-](?:line|level|tier)|team\s?leads?|supervisors?|managers?|management|senior|product\s+safety|legal|privacy)`;
const GAP = (n: number) => String.raw`(?:\s+\S+){0,${n}}?`;
/** Nouns and verbs after "refund" or "reply" that make it a topic, not an action: "refund policy", "reply time", "refund takes". */
const TOPIC_NOUN = String.raw`(?!\s+(?:polic\w*|windows?|periods?|rules?|deadlines?|timelines?|times?|process\w*|methods?|limits?|thresholds?|approvals?|eligib\w*|terms?|status|forms?|options?|queues?|macros?|codes?|targets?|rates?|sla|templates?|is|are|was|were|must|should|can|could|will|may|takes?|took|needs?|has|have|goes|go|comes?|arrives?|gets?)\b)`;

// The order of this list breaks ties between wordings that start at the same place ("bump TCK-1 to L2").
const WORDINGS: readonly [ActionType, RegExp][] = [
  ['escalate', /\bescalat(?:e|ing)\b/gi],
  ['escalate', new RegExp(String.raw`\bhand(?:ing)?${GAP(4)}\s+(?:over|off|up)\b|\bhand-?(?:off|over)\b`, 'gi')],
  ['escalate', new RegExp(String.raw`\b(?:pass|bump|kick|send|move|transfer|route|assign|push|forward|raise|refer|take|go|goes)\w*\b${GAP(5)}\s+(?:up\s+|over\s+|on\s+)?to\s+${LEVEL}`, 'gi')],
  ['escalate', new RegExp(String.raw`\b(?:get|fetch|call|involve|loop\s+in|bring\s+in|pull\s+in)\s+${LEVEL}`, 'gi')],
  ['send_reply', new RegExp(String.raw`\b(?:reply|replies|respond|write\s+back|get\s+back\s+to)\b(?<!\bfirst\s+reply)${TOPIC_NOUN}`, 'gi')],
  ['send_reply', new RegExp(String.raw`\banswer(?:ing)?\s+(?:${CUSTOMER}|(?:the\s+|this\s+|that\s+)?(?:ticket|TCKID|email|e-mail|message|mail|query)\b)`, 'gi')],
  ['send_reply', new RegExp(String.raw`\b(?:tell|inform|notify|update|email|e-mail|message|write\s+to|contact|ping|advise)\s+${CUSTOMER}`, 'gi')],
  ['send_reply', new RegExp(String.raw`\b(?:tell|inform|notify|email|e-mail|message|write\s+to|contact|advise)\s+(?:TCKID|BAREID)\s*(?:'s)?(?:\s+customer)?\b`, 'gi')],
  ['send_reply', new RegExp(String.raw`\blet\s+${CUSTOMER}${GAP(6)}\s+know\b|\bclose\s+the\s+loop\s+with\s+${CUSTOMER}`, 'gi')],
  ['send_reply', new RegExp(String.raw`\b(?:send|draft|write|post|leave)\b${GAP(6)}\s+(?:an?\s+|the\s+)?(?:reply|message|note|email|e-mail|response|answer)\b`, 'gi')],
  ['issue_refund', new RegExp(String.raw`\brefund(?:ing)?\b${TOPIC_NOUN}`, 'gi')],
  ['issue_refund', /\breimburs(?:e|ing)\b|\bmoney\s+back\b|\brevers(?:e|ing)\s+(?:the\s+|their\s+)?(?:charge|payment|transaction)\b/gi],
  ['issue_refund', new RegExp(String.raw`\b(?:give|send|hand)\s+(?:\S+\s+){0,3}?(?:\S+\s+(?:dollars?|bucks?|usd)|\$\S+|money|cash|funds)\s+back\b|\b(?:pay|credit)(?:ing)?${GAP(4)}\s+back\b|\b(?:return|give\s+back|send\s+back|hand\s+back)${GAP(2)}\s+(?:money|payment|funds|cash)\b`, 'gi')],
  ['update_ticket', /\b(?:close|resolve|re-?open)\b(?![-']|\s+to\b|\s+(?:by|at)\s+\d|\s+the\s+loop\b)/gi],
  ['update_ticket', /\bput\b(?:\s+\S+){0,4}?\s+on\s+hold\b|\b(?:can|should|could|may|must)\s+(?:now\s+)?be\s+(?:closed|resolved|re-?opened)\b/gi],
  ['update_ticket', new RegExp(String.raw`\b(?:set|change|mark|update|make|move|switch|flag|bump|raise|lower|downgrade|upgrade|(?:re|de)?prioriti[sz]e)\b${GAP(3)}\s+(?:the\s+|its\s+|this\s+)?(?:TCKID|ticket|it|this|status|priority)\b`, 'gi')],
];

const FILLER = /^(?:(?:hi|hey|hello|ok(?:ay)?|so|also|and|then|now|right|quick\s+one|team|folks|urgent(?:ly)?|asap)\b[\s,:!-]*)*/i;
const STRONG_POLITE = /^(?:please\s+)?(?:can|could|would|will)\s+(?:you|u|someone|somebody|anyone)\b|^(?:do\s+)?you\s+(?:mind|think\s+you\s+could)\b/i;
/** Asks permission ("can we refund ORD-1?") or sets a condition ("if …, escalate"): a request only when it names an id. */
const WEAK_ASK = /^(?:can|could|may|might|shall)\s+(?:we|i)\b|^(?:is|would)\s+it\s+(?:be\s+)?(?:possible|ok(?:ay)?|fine)\b|^(?:are\s+we|am\s+i)\s+able\b|^any\s+chance\b/i;
const CONDITION = /^(?:if|when|whenever|once|unless|in\s+case|after|before|as\s+soon\s+as)\b/i;
const WH_START = /^(?:what|what's|whats|how|how's|why|where|which|who|whom|whose)\b/i;
const AUX_QUESTION = /^(?:is|isn't|are|aren't|was|were|do|does|doesn't|did|has|have|had|should|shall|must|may|might|can|could|would|will)\s+(?:we|i|you|they|he|she|it|this|that|there|the|our|their|customers?|ORDID|TCKID|BAREID|refunds?|tickets?|orders?)\b/i;
/** Asking about an action rather than for it: "could you tell me how to escalate". */
const ABOUT = /\b(?:how|when|whether|why|where|what|which)\s+(?:to|do|does|did|can|could|should|would|are|is)\b|\b(?:whether|if)\b|\b(?:eligible|qualif\w*|entitled)\s+(?:for\s+)?(?:an?\s+)?$/i;
const PLEASE = /\b(?:please|pls|plz|kindly)\b/i;
/** Just before the wording, in the same clause: a negation or a report of something already done. */
const NOT_NOW = /\b(?:don'?t|do\s+not|never|no\s+need\s+to|not|without|shouldn'?t|won'?t|can'?t|cannot|stop|avoid|instead\s+of|already|was|were|been|got|gotten|received|has|have|had|issued|processed|gave|sent|did)\b(?:\s+[^\s,;:]+){0,3}\s*$/i;

/** How a sentence asks: a request, a request only if it names an id ("can we …?", "if …"), or not at all. */
function mood(sentence: string): 'request' | 'weak' | 'none' {
  const s = sentence.replace(FILLER, '');
  if (WH_START.test(s)) return 'none';
  if (STRONG_POLITE.test(s)) return 'request';
  if (s.trimEnd().endsWith('?')) return WEAK_ASK.test(s) ? 'weak' : 'none';
  if (PLEASE.test(s)) return 'request';
  if (CONDITION.test(s) || WEAK_ASK.test(s)) return 'weak';
  return AUX_QUESTION.test(s) ? 'none' : 'request';
}

/** The actions the request asks for, in the order it asks for them. `masked` is the request with ids masked. */
export function findIntents(masked: string): Intent[] {
  const hasId = /\b(?:ORDID|TCKID|BAREID)/.test(masked);
  const found: (Intent & { rank: number })[] = [];
  for (const s of sentences(masked)) {
    const m = mood(s.text);
    if (m === 'none' || (m === 'weak' && !hasId)) continue;
    WORDINGS.forEach(([action, re], rank) => {
      for (const hit of s.text.matchAll(re)) {
        const clause = s.text.slice(0, hit.index).split(/[,;:—–(]|\s-\s/).at(-1) ?? '';
        if (ABOUT.test(clause) || NOT_NOW.test(clause)) continue;
        const at = s.start + hit.index;
        found.push({ action, verb: hit[0], at, end: at + hit[0].length, sentence: { start: s.start, end: s.end }, rank });
      }
    });
  }
  return found.sort((a, b) => a.at - b.at || a.rank - b.rank).map(({ rank: _, ...intent }) => intent);
}
