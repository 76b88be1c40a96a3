/** Screens a reader's question before it reaches retrieval or a prompt: PII redacted, injected instructions removed. */
import type { InjectionScreen } from './injection-screen';
import { redactPii } from './pii';

export async function screenQuestion(screen: InjectionScreen, question: string): Promise<string> {
  return (await screen.strip(redactPii(question).text)).text.trim();
}
