/** Reads an optional `---` front-matter block (title, groups) from Markdown, keeping the body's offsets honest. */

export interface FrontMatter {
  title?: string;
  groups?: string[];
}

/** Returns the metadata and the body that follows the block (the body is what gets indexed and cited). */
export function splitFrontMatter(text: string): { meta: FrontMatter; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: FrontMatter = {};
  for (const line of (m[1] ?? '').split(/\r?\n/)) {
    const kv = /^\s*(\w+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!kv) continue;
    const [, key, value = ''] = kv;
    if (key === 'title' && value) meta.title = value.replace(/^["']|["']$/g, '');
    if (key === 'groups') {
      meta.groups = value
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map((g) => g.trim().replace(/^["']|["']$/g, ''))
        .filter(Boolean);
    }
  }
  return { meta, body: text.slice(m[0].length) };
}
