/**
 * Who may see a task, and how much of it. Seeing that a task exists: its requester, operators, and
 * reviewers once it is up for review. Seeing its content (answer, citations, proposal, result, timeline
 * details): only callers who may read every document the task drew on; others get a clear notice instead.
 */
import type { Identity } from '../auth/identity';
import { can } from '../auth/policy';
import type { Db } from '../db/client';
import { groupsOfDocuments } from '../db/documents';
import type { TaskRow } from '../db/tasks';
import { canRead } from '../rag/access';

export type TaskAccess = { kind: 'none' } | { kind: 'withheld'; reason: string } | { kind: 'full' };

export const WITHHELD_REASON = 'This task draws on documents outside your groups (or since deleted), so its content is withheld from you.';

/** The documents a task drew on; older tasks recorded only their citations. */
export function sourcesOf(task: Pick<TaskRow, 'sourceDocumentIds' | 'citations'>): string[] {
  if (task.sourceDocumentIds) return task.sourceDocumentIds;
  return (task.citations ?? []).flatMap((c) => (c && typeof c === 'object' && 'documentId' in c && typeof c.documentId === 'string' ? [c.documentId] : []));
}

export function mayKnowOf(viewer: Pick<Identity, 'id' | 'role'>, task: Pick<TaskRow, 'userId' | 'route'>): boolean {
  if (task.userId === viewer.id || can(viewer.role, 'traces:read-all')) return true;
  return can(viewer.role, 'reviews:read') && task.route === 'review';
}

/** Decides access for many tasks with one lookup of the documents they drew on. */
export async function accessToTasks(db: Db, viewer: Identity, tasks: readonly TaskRow[]): Promise<Map<string, TaskAccess>> {
  const groups = await groupsOfDocuments(db, tasks.flatMap(sourcesOf));
  const out = new Map<string, TaskAccess>();
  for (const task of tasks) {
    if (!mayKnowOf(viewer, task)) {
      out.set(task.id, { kind: 'none' });
      continue;
    }
    const readable = sourcesOf(task).every((id) => {
      const g = groups.get(id);
      return g !== undefined && canRead(viewer, g);
    });
    out.set(task.id, readable ? { kind: 'full' } : { kind: 'withheld', reason: WITHHELD_REASON });
  }
  return out;
}

export async function accessToTask(db: Db, viewer: Identity, task: TaskRow): Promise<TaskAccess> {
  return (await accessToTasks(db, viewer, [task])).get(task.id)!;
}
