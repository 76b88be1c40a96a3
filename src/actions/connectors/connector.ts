/** The commit port: how an approved action reaches the system of record. One file per implementation. */

/** Action params are flat JSON scalars (every registry schema is), which keeps them Workflow-serialisable. */
export type ActionParams = Record<string, string | number | boolean | null>;

export interface ApprovedAction {
  type: string;
  params: ActionParams;
}

export interface CommitResult {
  idempotencyKey: string;
  summary: string;
  /** False when the target reports it had already applied this key (the effect happened once, earlier). */
  appliedNow: boolean;
}

export interface ActionConnector {
  readonly name: string;
  commit(action: ApprovedAction, context: { taskId: string; idempotencyKey: string }): Promise<CommitResult>;
}
