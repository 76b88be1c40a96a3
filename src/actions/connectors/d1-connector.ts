/** Commits to the demo system of record in D1 (the local default). */
import type { Db } from '../../db/client';
import { applySorAction, type SorAction } from '../../db/system-of-record';
import type { ActionConnector, ApprovedAction, CommitResult } from './connector';

export class D1SystemOfRecordConnector implements ActionConnector {
  readonly name = 'd1-system-of-record';

  constructor(private readonly db: Db) {}

  async commit(action: ApprovedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult> {
    // The registry validated params against the action's schema before this point.
    return applySorAction(this.db, context.idempotencyKey, context.taskId, action as SorAction);
  }
}
