import { describe, expect, it } from 'vitest';
import { BOOKMARK_HEADER } from '../../src/db/read-session';
import { asUser, jsonBody } from './helpers';

const BOOKMARK = /^[0-9a-f]+(-[0-9a-f]+)*$/i;

describe('D1 read sessions over HTTP', () => {
  it('should hand back a bookmark with each response, as a header and a cookie', async () => {
    const res = await asUser('alice', '/api/tasks');
    expect(res.status).toBe(200);
    expect(res.headers.get(BOOKMARK_HEADER)).toMatch(BOOKMARK);
    expect(res.headers.get('Set-Cookie')).toMatch(/d1-bookmark=[0-9a-f-]+;.*HttpOnly/i);
  });

  it("should read a person's own write when the next request carries the write's bookmark", async () => {
    const created = await asUser('alice', '/api/tasks', jsonBody({ input: 'How long do customers have to request a refund?' }));
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    const bookmark = created.headers.get(BOOKMARK_HEADER);
    expect(bookmark).toMatch(BOOKMARK);
    const read = await asUser('alice', `/api/tasks/${id}`, { headers: { [BOOKMARK_HEADER]: bookmark! } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(id);
    // Bookmarks only move forward: the read's is at least the write's.
    expect(read.headers.get(BOOKMARK_HEADER)! >= bookmark!).toBe(true);
  });

  it('should ignore a malformed bookmark instead of failing the request', async () => {
    const res = await asUser('alice', '/api/tasks', { headers: { [BOOKMARK_HEADER]: 'not a bookmark; drop table tasks' } });
    expect(res.status).toBe(200);
    expect(res.headers.get(BOOKMARK_HEADER)).toMatch(BOOKMARK);
  });
});
