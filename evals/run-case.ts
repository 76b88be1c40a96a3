/** Runs one golden case through the public API and measures everything the metrics need. */
import { call, type EvalTarget } from './client';
import type { GoldenCase } from './golden-case';

export interface CaseRun {
  id: string;
  route: string;
  answer: string;
  /** Document slugs (source file names without extension) in retrieval order, top 5. */
  retrieved: string[];
  cited: string[];
  action: { type: string; params: Record<string, unknown> } | null;
  /** Everything the reader saw, serialised, for forbidden-string and PII checks. */
  visible: string;
  /** Prompts and completions stored in traces for this case. */
  traced: string;
  latencyMs: number;
  tokens: number;
  costUsd: number;
  models: string[];
  error?: string;
}

interface Citation {
  documentId: string;
  title: string;
  snippet: string;
}

const slug = (source: string | null | undefined) => (source ?? '').replace(/\.[a-z]+$/i, '');

async function traceTotals(target: EvalTarget, requestId: string) {
  const { body } = await call<{ traces: { tokensIn: number; tokensOut: number; costUsd: number; prompt: string; response: string | null; model: string }[] }>(
    target,
    null,
    `/api/traces?requestId=${encodeURIComponent(requestId)}&limit=200`,
  );
  const rows = body.traces ?? [];
  return {
    tokens: rows.reduce((s, r) => s + r.tokensIn + r.tokensOut, 0),
    costUsd: rows.reduce((s, r) => s + r.costUsd, 0),
    traced: rows.map((r) => `${r.prompt}\n${r.response ?? ''}`).join('\n'),
    models: [...new Set(rows.map((r) => r.model))],
  };
}

async function documentSources(target: EvalTarget): Promise<Map<string, string>> {
  const { body } = await call<{ documents: { id: string; source: string | null }[] }>(target, null, '/api/documents?limit=500');
  return new Map((body.documents ?? []).map((d) => [d.id, slug(d.source)]));
}

let sourcesCache: Promise<Map<string, string>> | undefined;

export async function runCase(target: EvalTarget, c: GoldenCase): Promise<CaseRun> {
  sourcesCache ??= documentSources(target);
  const sources = await sourcesCache;
  const search = await call<{ results?: { documentId: string }[] }>(target, c.user, `/api/search?q=${encodeURIComponent(c.input)}&topK=5`);
  const retrieved = [...new Set((search.body.results ?? []).map((r) => sources.get(r.documentId) ?? r.documentId))];

  if (c.kind === 'ask') {
    const res = await call<{ answer?: string; citations?: Citation[]; grounded?: boolean; traceId?: string; error?: { message: string } }>(target, c.user, '/api/ask', {
      method: 'POST',
      body: JSON.stringify({ question: c.input }),
    });
    const totals = res.body.traceId ? await traceTotals(target, res.body.traceId) : { tokens: 0, costUsd: 0, traced: '', models: [] };
    return {
      id: c.id,
      route: res.status !== 200 ? 'error' : res.body.grounded ? 'answered' : 'refused',
      answer: res.body.answer ?? '',
      retrieved,
      cited: (res.body.citations ?? []).map((x) => sources.get(x.documentId) ?? x.documentId),
      action: null,
      visible: JSON.stringify(res.body),
      latencyMs: res.ms,
      ...totals,
      ...(res.status !== 200 ? { error: `HTTP ${res.status}: ${JSON.stringify(res.body)}` } : {}),
    };
  }

  const started = performance.now();
  const created = await call<{ id?: string }>(target, c.user, '/api/tasks', { method: 'POST', body: JSON.stringify({ input: c.input }) });
  if (created.status !== 202 || !created.body.id) {
    return { id: c.id, route: 'error', answer: '', retrieved, cited: [], action: null, visible: '', traced: '', latencyMs: created.ms, tokens: 0, costUsd: 0, models: [], error: `HTTP ${created.status}` };
  }
  type TaskView = { status: string; route: string | null; answer: string | null; citations: Citation[]; proposal: { action: string | null; params: Record<string, unknown> | null } | null };
  let task: TaskView | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    task = (await call<TaskView>(target, c.user, `/api/tasks/${created.body.id}`)).body;
    if (task.status !== 'running') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const latencyMs = performance.now() - started;
  const totals = await traceTotals(target, `task:${created.body.id}`);
  const route = task?.route ?? (task?.status === 'failed' ? 'error' : 'timeout');
  return {
    id: c.id,
    route,
    answer: task?.answer ?? '',
    retrieved,
    cited: (task?.citations ?? []).map((x) => sources.get(x.documentId) ?? x.documentId),
    action: task?.proposal?.action ? { type: task.proposal.action, params: task.proposal.params ?? {} } : null,
    visible: JSON.stringify(task ?? {}),
    latencyMs,
    ...totals,
    ...(task?.status === 'failed' || !task ? { error: `task ended ${task?.status ?? 'unknown'}` } : {}),
  };
}
