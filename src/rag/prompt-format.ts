/** The tagged layout of grounded prompts: written by the prompt builders, read back by the embedded local models. */

export interface PromptSource {
  n: number;
  title: string;
  text: string;
}

/** Retrieved text is data: neutralise anything that could close or forge our tags. */
function escapeData(s: string): string {
  return s.replace(/<\/?(source|context|question)\b/gi, (m) => m.replace('<', '‹'));
}

export function formatSources(sources: readonly PromptSource[]): string {
  const blocks = sources.map(
    (s) => `<source id="${s.n}" title="${escapeData(s.title).replace(/"/g, "'")}">\n${escapeData(s.text)}\n</source>`,
  );
  return `<context>\n${blocks.join('\n')}\n</context>`;
}

export function formatQuestion(question: string): string {
  return `<question>\n${escapeData(question)}\n</question>`;
}

/** Reads the sources and question back out of a prompt built with the functions above. */
export function readPrompt(prompt: string): { sources: PromptSource[]; question: string } {
  const sources: PromptSource[] = [];
  const re = /<source id="(\d+)" title="([^"]*)">\n([\s\S]*?)\n<\/source>/g;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) {
    sources.push({ n: Number(m[1]), title: m[2] ?? '', text: m[3] ?? '' });
  }
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(prompt)?.[1] ?? '';
  return { sources, question };
}
