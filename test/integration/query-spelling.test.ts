import { describe, expect, it } from 'vitest';
import { asUser, jsonBody, waitForIngest, type DocumentView } from './helpers';

async function add(title: string, text: string, groups: string[] = ['*']): Promise<string> {
  const res = await asUser('oscar', '/api/documents', jsonBody({ title, text, groups }));
  const { id } = (await res.json()) as DocumentView;
  const { doc } = await waitForIngest(id);
  expect(doc.status).toBe('ready');
  return id;
}

async function ranked(user: string, q: string, stages?: string): Promise<string[]> {
  const res = await asUser(user, `/api/search?q=${encodeURIComponent(q)}${stages ? `&stages=${stages}` : ''}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: { documentId: string }[] }).results.map((r) => r.documentId);
}

describe('retrieval of misspelled questions', () => {
  it('should retrieve for a misspelled question the top document of its clean twin, through BM25 as well', async () => {
    const id = await add('Vellicord parcels', 'Vellicord parcels travel by overnight courier and cost $29.95 to send.');
    await add('Vellum sheets', 'Vellum sheets are sold by the ream; a courier brings them within a week.');
    const clean = await ranked('alice', 'how much does a vellicord parcel cost by overnight courier?');
    const typo = await ranked('alice', 'how much does a velicord parcel cost by overnite courrier?');
    expect(clean[0]).toBe(id);
    expect(typo[0]).toBe(clean[0]);
    expect(await ranked('alice', 'velicord', 'keyword')).toContain(id);
  });

  it('should correct a reader only towards words of documents that reader may read', async () => {
    const open = await add('Zanthorpa lamps', 'Zanthorpa lamps are sold in the shop.');
    const secret = [
      await add('Zanthorpe plan', 'The zanthorpe plan is confidential.', ['finance']),
      await add('Zanthorpe budget', 'The zanthorpe budget is confidential.', ['finance']),
      await add('Zanthorpe dates', 'The zanthorpe dates are confidential.', ['finance']),
    ];
    // "zanthorpo" is one edit from both; over the whole index "zanthorpe" is the clear choice (three chunks to one).
    expect(await ranked('rita', 'zanthorpo', 'keyword')).toEqual(expect.arrayContaining(secret));
    expect(await ranked('alice', 'zanthorpo', 'keyword')).toEqual([open]);
  });

  it('should retrieve a task request through the same correction as a question', async () => {
    await add('Quillbright lanterns', 'Quillbright lanterns are refunded in full within a month.');
    const created = await asUser('alice', '/api/tasks', jsonBody({ input: 'Refund $5 on ORD-1003, the quilbright lantern flickers.' }));
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    // The proposal step has run once the task leaves queued/running (awaiting review, or asking for input).
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { status } = (await (await asUser('alice', `/api/tasks/${id}`)).json()) as { status: string };
      if (!['queued', 'running'].includes(status)) break;
      if (Date.now() > deadline) throw new Error(`task ${id} still ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const { traces } = (await (await asUser('oscar', `/api/traces?taskId=${id}`)).json()) as { traces: { id: string; operation: string }[] };
    const embeds = traces.filter((t) => t.operation === 'embed');
    expect(embeds.length).toBeGreaterThan(0);
    // The list leaves trace bodies out; each one is read back from R2 by id.
    const prompts = await Promise.all(embeds.map(async (t) => ((await (await asUser('oscar', `/api/traces/${t.id}`)).json()) as { trace: { prompt: string | null } }).trace.prompt ?? ''));
    expect(prompts.join(' ')).toMatch(/quillbright/i);
  });
});
