/** The tagged layout of grounded prompts: written by the prompt builders, read back by the embedded local models. */

export interface PromptSource {
  n: number;
  title: string;
  /** The section path the text sits under, e.g. "Stores › Denver". */
  section?: string | null;
  text: string;
}

/** Retrieved text is data: neutralise anything that could close or forge our tags. */
function escapeData(s: string): string {
  return s.replace(/<\/?(source|context|question)\b/gi, (m) => m.replace('<', '‹'));
}

const attr = (s: string) => escapeData(s).replace(/"/g, "'");

export function formatSources(sources: readonly PromptSource[]): string {
  const blocks = sources.map(
    (s) => `<source id="${s.n}" title="${attr(s.title)}" section="${attr(s.section ?? '')}">\n${escapeData(s.text)}\n</source>`,
  );
  return `<context>\n${blocks.join('\n')}\n</context>`;
}

export function formatQuestion(question: string): string {
  return `<question>\n${escapeData(question)}\n</question>`;
}

/** Reads the sources and question back out of a prompt built with the functions above. */
export function readPrompt(prompt: string): { sources: PromptSource[]; question: string } {
  const sources: PromptSource[] = [];
  const re = /<source id="(\d+)" title="([^"]*)" section="([^"]*)">\n([\s\S]*?)\n<\/source>/g;
  for (let m = re.exec(prompt); m; m = re.exec(prompt)) {
    sources.push({ n: Number(m[1]), title: m[2] ?? '', section: m[3] || null, text: m[4] ?? '' });
  }
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(prompt)?.[1] ?? '';
  return { sources, question };
}
