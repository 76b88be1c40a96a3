/**
 * D1 read replication through the Sessions API: one session per HTTP request, started from the bookmark the client
 * carries (the `x-d1-bookmark` header or cookie), so reads may go to a nearby replica yet never see data older than
 * the client's own last write. Without a bookmark a request starts unconstrained (any replica).
 */
import { z } from 'zod';

export const BOOKMARK_HEADER = 'x-d1-bookmark';
export const BOOKMARK_COOKIE = 'd1-bookmark';

/** D1 bookmarks are opaque; they are hex groups joined by dashes, and nothing else is passed to D1. */
const bookmarkSchema = z.string().max(256).regex(/^[0-9a-f]+(-[0-9a-f]+)*$/i);

/** The carried bookmark when it is well formed; anything else is ignored (the request starts unconstrained). */
export function parseBookmark(value: string | undefined | null): string | null {
  const parsed = bookmarkSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface ReadSession {
  /** What drizzle runs on: a session has `prepare` and `batch`, all the driver calls. */
  database: D1Database;
  /** The newest position this request has seen or written, to hand back to the client. */
  bookmark(): string | null;
}

export function startReadSession(d1: D1Database, bookmark: string | null): ReadSession {
  const session = d1.withSession(bookmark ?? 'first-unconstrained');
  return { database: session as unknown as D1Database, bookmark: () => session.getBookmark() };
}
