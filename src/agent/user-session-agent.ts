/**
 * One durable session per user (the agent's name is the user id): it starts tasks on request, receives
 * progress from the Workflow, and keeps it in state, which the Agents SDK syncs to every open browser socket.
 * State lives in the Durable Object's storage, so it survives restarts. The HTTP API works without it.
 */
import { Agent, type Connection, type WSMessage } from 'agents';
import { z } from 'zod';
import { getDb } from '../db/client';
import { findUserById } from '../db/users';
import { startTask } from '../tasks/start-task';

export interface TaskProgress {
  taskId: string;
  status: string;
  route: string | null;
  updatedAt: number;
}

export interface UserSessionState {
  tasks: Record<string, TaskProgress>;
}

const KEEP_TASKS = 100;
const clientMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('start-task'), input: z.string().trim().min(1).max(4000) })]);

export class UserSessionAgent extends Agent<Env, UserSessionState> {
  override initialState: UserSessionState = { tasks: {} };

  /** Called by the Workflow after each status change; stale (out-of-order) updates are ignored. */
  async recordProgress(progress: TaskProgress): Promise<void> {
    const current = this.state.tasks[progress.taskId];
    if (current && current.updatedAt > progress.updatedAt) return;
    const tasks = Object.values({ ...this.state.tasks, [progress.taskId]: progress })
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, KEEP_TASKS);
    this.setState({ tasks: Object.fromEntries(tasks.map((t) => [t.taskId, t])) });
  }

  /** Erasure: drop everything this session remembers. */
  async forget(): Promise<void> {
    this.setState({ tasks: {} });
  }

  async progress(): Promise<UserSessionState> {
    return this.state;
  }

  override async onMessage(connection: Connection, message: WSMessage): Promise<void> {
    if (typeof message !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = clientMessage.safeParse(json);
    // The SDK's own protocol messages share the socket; anything that is not ours is not for us.
    if (!parsed.success) return;
    const db = getDb(this.env.DB);
    const user = await findUserById(db, this.name);
    if (!user) {
      connection.send(JSON.stringify({ type: 'error', message: 'Unknown user.' }));
      return;
    }
    try {
      const task = await startTask({ db, workflow: this.env.PROPOSE_COMMIT_WORKFLOW }, user, parsed.data.input);
      await this.recordProgress({ taskId: task.id, status: task.status, route: null, updatedAt: Date.now() });
      connection.send(JSON.stringify({ type: 'task-started', taskId: task.id }));
    } catch (err) {
      connection.send(JSON.stringify({ type: 'error', message: err instanceof Error ? err.message : 'The task could not be started.' }));
    }
  }
}
