/**
 * The embedded local proposal model: recognises the demo action types from explicit wording and ids
 * (ORD-…, TCK-…, $amounts, L2/L3, statuses, P1–P4), and answers any question part extractively.
 * It proposes nothing it cannot fill completely, and says how sure it is.
 */
import { readPrompt } from '../../rag/prompt-format';
import { generateExtractiveAnswer } from './extractive-generator';

interface Proposal {
  type: string;
  params: Record<string, unknown>;
}

const STATUS_WORDS: Record<string, string> = {
  open: 'open', reopen: 'open', pending: 'pending', resolved: 'resolved', resolve: 'resolved', closed: 'closed', close: 'closed',
};

function firstMatch(text: string, re: RegExp): string | undefined {
  return re.exec(text)?.[1];
}

/** The clause that carries the message: quoted text, or what follows "saying/that/asking/know". */
function replyMessage(request: string): string {
  const quoted = /["“]([^"”]{3,})["”]/.exec(request)?.[1];
  const clause =
    quoted ??
    /\b(?:saying|say|that|asking|ask|know|explain(?:ing)?)\b[:,]?\s+(.+)$/i.exec(request)?.[1] ??
    request.replace(/^.*?\bTCK-\d+\b[:,]?\s*/i, '');
  const text = clause.trim().replace(/[.!\s]*$/, '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function reasonOf(request: string): string {
  const reason = request.replace(/\s+/g, ' ').trim();
  return reason.length > 300 ? `${reason.slice(0, 297)}…` : reason;
}

export function proposeAction(request: string): Proposal | null {
  const orderId = firstMatch(request, /\b(ORD-\d{4,})\b/i)?.toUpperCase();
  const ticketId = firstMatch(request, /\b(TCK-\d{4,})\b/i)?.toUpperCase();
  const amount = firstMatch(request, /\$\s?(\d{1,6}(?:,\d{3})*(?:\.\d{1,2})?)/);
  const level = firstMatch(request, /\b(L[23])\b/i)?.toUpperCase();

  if (orderId && amount && /\b(refund|pay(?:ing)? back|reimburse|money back)/i.test(request)) {
    return { type: 'issue_refund', params: { orderId, amountUsd: Number(amount.replace(/,/g, '')), reason: reasonOf(request) } };
  }
  if (ticketId && level && /\b(escalat\w*|hand\w*\b.{0,30}\bover|transfer\w*|send\w*\b.{0,20}\bto)\b/i.test(request)) {
    return { type: 'escalate', params: { ticketId, level, reason: reasonOf(request) } };
  }
  if (ticketId && /\b(repl(?:y|ies)|respond|write back|message|let the customer\b.*\bknow|tell the customer|email the customer)\b/i.test(request)) {
    return { type: 'send_reply', params: { ticketId, message: replyMessage(request) } };
  }
  if (ticketId && /\b(set|change|mark|update|close|resolve|reopen|lower|raise|priority|status)\b/i.test(request)) {
    const statusWord = firstMatch(request, /\b(?:to|as|status)\s+(open|pending|resolved|closed)\b/i) ?? firstMatch(request, /^\s*(close|resolve|reopen)\b/i);
    const status = statusWord ? STATUS_WORDS[statusWord.toLowerCase()] : undefined;
    const priority = firstMatch(request, /\b(P[1-4])\b/i)?.toUpperCase();
    if (status || priority) return { type: 'update_ticket', params: { ticketId, ...(status ? { status } : {}), ...(priority ? { priority } : {}) } };
  }
  return null;
}

export function generateProposal(prompt: string) {
  const { question } = readPrompt(prompt);
  const action = proposeAction(question);
  const answered = action ? { answer: '', citations: [], confidence: 0 } : generateExtractiveAnswer(prompt);
  return {
    answer: answered.answer,
    citations: answered.citations,
    action,
    confidence: action ? 0.9 : answered.confidence,
    rationale: action ? `The request names ${action.type} and every required parameter explicitly.` : 'No action requested.',
  };
}
