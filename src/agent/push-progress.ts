/** Pushes a task's current status to its requester's session agent. Best effort: progress is also in D1. */
import { getAgentByName } from 'agents';
import type { TaskRow } from '../db/tasks';
import type { UserSessionAgent } from './user-session-agent';

export async function pushProgress(env: Env, task: TaskRow): Promise<void> {
  try {
    const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, task.userId);
    await agent.recordProgress({ taskId: task.id, status: task.status, route: task.route, updatedAt: task.updatedAt.getTime() });
  } catch (err) {
    console.warn(JSON.stringify({ level: 'warn', message: 'progress push failed', taskId: task.id, error: String(err) }));
  }
}
