/**
 * The injection screen port: removes injected sentences from a question, a task input or a retrieved passage.
 * Two implementations, picked by INJECTION_SCREEN at the composition root: the offline classifier, or a model
 * through the gateway that falls back to the offline classifier when no model can be reached.
 */
import type { ModelGateway } from '../ai/gateway';
import { ModelUnavailableError } from '../errors';
import { boundedMemo } from '../lib/bounded-memo';
import { sentences } from '../lib/terms';
import { removeSentences, stripInjections } from './injection';
import { matchesInjectionPattern } from './injection-patterns';

export interface ScreenedText {
  text: string;
  removed: number;
  /** Who judged: the model, the offline classifier by configuration, or the offline classifier standing in for the model. */
  by: 'model' | 'offline' | 'offline-fallback';
}

export interface InjectionScreen {
  strip(text: string): Promise<ScreenedText>;
}

// The same chunks come back question after question and the offline screen is pure, so each text is screened once
// per isolate (feature extraction over the retrieved chunks was 5.4 ms of JS per ask in the profile).
const stripOnce = boundedMemo(stripInjections, 2048);

export const offlineInjectionScreen: InjectionScreen = {
  async strip(text) {
    return { ...stripOnce(text), by: 'offline' };
  },
};

/**
 * A model judges every sentence in one call. An unreadable verdict removes every sentence (fail closed, inside
 * the gateway's parser); a call that fails or times out after the gateway's retries hands over to the offline
 * classifier, so an outage degrades the screen instead of opening it. The hand-written patterns still apply on top
 * of the model's verdict: the text under judgement can talk a model out of its verdict, not a regular expression.
 */
export function modelInjectionScreen(gateway: ModelGateway): InjectionScreen {
  return {
    async strip(text) {
      const parts = sentences(text);
      if (parts.length === 0) return { text, removed: 0, by: 'model' };
      try {
        const verdict = new Set((await gateway.classifyInjection(parts.map((p) => p.text))).injected);
        const drop = parts.filter((p, i) => verdict.has(i) || matchesInjectionPattern(p.text));
        return { text: removeSentences(text, drop), removed: drop.length, by: 'model' };
      } catch (err) {
        if (!(err instanceof ModelUnavailableError)) throw err;
        return { ...stripOnce(text), by: 'offline-fallback' };
      }
    },
  };
}
