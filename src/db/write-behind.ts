/**
 * Writes a request does not read back before it answers (model-call traces and their R2 bodies, the request record),
 * collected while it runs and sent together at the end: the D1 statements in one round trip instead of one each.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from './client';
import { runBatched } from './ingest-batches';

export class WriteBehind {
  private statements: BatchItem<'sqlite'>[] = [];
  private started: Promise<unknown>[] = [];

  add(...statements: BatchItem<'sqlite'>[]): void {
    this.statements.push(...statements);
  }

  /** A write already under way elsewhere (an R2 put) that the flush must also wait for. */
  await(write: Promise<unknown>): void {
    this.started.push(write);
  }

  get size(): number {
    return this.statements.length + this.started.length;
  }

  /** Sends the statements collected so far in one batch (one transaction) and waits for the started writes. */
  async flush(db: Db): Promise<void> {
    const statements = this.statements;
    const started = this.started;
    this.statements = [];
    this.started = [];
    await Promise.all([statements.length > 0 ? runBatched(db, statements) : undefined, ...started]);
  }
}
