/** Screens a reader's question before it reaches retrieval or a prompt: PII redacted, injected instructions removed. */
import { stripInjections } from './injection';
import { redactPii } from './pii';

export function screenQuestion(question: string): string {
  return stripInjections(redactPii(question).text).text.trim();
}
