/** Who may see a task: the requester, reviewers (who decide tasks) and operators (who read all traces). */
import type { Identity } from '../auth/identity';
import { can } from '../auth/policy';

export function canViewTask(viewer: Pick<Identity, 'id' | 'role'>, task: { userId: string }): boolean {
  return task.userId === viewer.id || can(viewer.role, 'reviews:read') || can(viewer.role, 'traces:read-all');
}
