import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
  it('should read title and groups and return the body after the block', () => {
    const text = '---\ntitle: "Returns policy"\ngroups: [staff, "support"]\n---\n# Body\ntext';
    expect(splitFrontMatter(text)).toEqual({ meta: { title: 'Returns policy', groups: ['staff', 'support'] }, body: '# Body\ntext' });
  });

  it('should keep the body an exact suffix of the input', () => {
    const text = '---\ntitle: X\n---\nLine one\nLine two';
    const { body } = splitFrontMatter(text);
    expect(text.endsWith(body)).toBe(true);
    expect(body).toBe('Line one\nLine two');
  });

  it('should accept CRLF line endings', () => {
    expect(splitFrontMatter('---\r\ntitle: X\r\ngroups: a, b\r\n---\r\nBody')).toEqual({ meta: { title: 'X', groups: ['a', 'b'] }, body: 'Body' });
  });

  it('should leave text without a leading block untouched', () => {
    const text = 'No front matter\n---\ntitle: x\n---\n';
    expect(splitFrontMatter(text)).toEqual({ meta: {}, body: text });
    expect(splitFrontMatter('')).toEqual({ meta: {}, body: '' });
  });

  it('should ignore unknown keys, malformed lines and an empty title', () => {
    expect(splitFrontMatter('---\ntitle:\nauthor: Jo\nnot a pair\ngroups:\n---\nB')).toEqual({ meta: { groups: [] }, body: 'B' });
  });

  it('should strip single quotes around the title', () => {
    expect(splitFrontMatter("---\ntitle: 'Store hours'\n---").meta).toEqual({ title: 'Store hours' });
  });

  it('should not treat an unclosed block as front matter', () => {
    const text = '---\ntitle: X\nBody without closing fence';
    expect(splitFrontMatter(text)).toEqual({ meta: {}, body: text });
  });
});
