/** Commits to the demo system of record in D1 (the local default). */
import type { Db } from '../../db/client';
import { applySorAction, sorRefusal } from '../../db/system-of-record';
import type { TypedAction } from '../registry';
import { CommitRefusedError, type ActionConnector, type CommitResult, type Precheck } from './connector';

export class D1SystemOfRecordConnector implements ActionConnector {
  readonly name = 'd1-system-of-record';

  constructor(private readonly db: Db) {}

  async check(action: TypedAction): Promise<Precheck> {
    const reason = await sorRefusal(this.db, action);
    return reason ? { ok: false, reason } : { ok: true };
  }

  async commit(action: TypedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult> {
    const outcome = await applySorAction(this.db, context.idempotencyKey, context.taskId, action);
    if (outcome.result === null) throw new CommitRefusedError(outcome.refused);
    return outcome.result;
  }
}
