/** The commit port: how an approved action reaches the system of record. One file per implementation. */
import type { TypedAction } from '../registry';

/** Action params are flat JSON scalars (every registry schema is), which keeps them Workflow-serialisable. */
export type ActionParams = Record<string, string | number | boolean | null>;

export interface CommitResult {
  idempotencyKey: string;
  summary: string;
  /** False when the target reports it had already applied this key (the effect happened once, earlier). */
  appliedNow: boolean;
}

export type Precheck = { ok: true } | { ok: false; reason: string };

/** The system of record refused the action (no such order, refund above what remains, closed ticket). */
export class CommitRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`the system of record refused the action: ${reason}`);
    this.name = 'CommitRefusedError';
  }
}

export interface ActionConnector {
  readonly name: string;
  /** Would the system of record accept this action now? Auto-commit requires a yes. */
  check(action: TypedAction): Promise<Precheck>;
  /** Applies the action once per idempotency key; throws CommitRefusedError when an invariant fails. */
  commit(action: TypedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult>;
}
