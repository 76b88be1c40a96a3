import { describe, expect, it } from 'vitest';
import records from '../../bench/pii/presidio-synth-dataset-v2.json';
import { redactPii } from '../guard/pii';
import type { LabelledRecord } from '../guard/pii-benchmark';
import { formatQuestion, formatSources } from '../rag/prompt-format';
import { redactTracedText } from './trace-redaction';

const texts = (records as LabelledRecord[]).map((r) => r.full_text);

describe('redactTracedText', () => {
  it('should redact a grounded prompt part by part exactly as the whole prompt at once', () => {
    for (let i = 0; i + 6 <= 600; i += 6) {
      const sources = texts.slice(i, i + 5).map((text, n) => ({ n: n + 1, title: `Record ${i + n}`, section: null, text }));
      const prompt = `Answer from the sources.\n\n${formatSources(sources)}\n${formatQuestion(texts[i + 5]!)}`;
      expect(redactTracedText(prompt), `prompt from record ${i}`).toBe(redactPii(prompt).text);
    }
  });

  it('should redact a rerank or embed input joined by --- exactly as the whole text at once', () => {
    for (let i = 0; i + 4 <= 600; i += 4) {
      const joined = texts.slice(i, i + 4).join('\n---\n');
      expect(redactTracedText(joined), `records ${i}–${i + 3}`).toBe(redactPii(joined).text);
    }
  });

  it('should redact the tag lines too, not only the texts between them', () => {
    const prompt = formatSources([{ n: 1, title: 'Letter to jane.doe@example.com', section: null, text: 'Call 415-555-0134.' }]);
    const out = redactTracedText(prompt);
    expect(out).not.toContain('jane.doe@example.com');
    expect(out).not.toContain('415-555-0134');
  });
});
