/**
 * One durable session per user (the agent's name is the user id): it starts tasks on request, receives
 * progress from the Workflow, and keeps it in state, which the Agents SDK syncs to every open browser socket.
 * State lives in the Durable Object's storage, so it survives restarts. The HTTP API works without it.
 */
import { Agent, type Connection, type WSMessage } from 'agents';
import { handleSessionMessage } from './session-messages';

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

export class UserSessionAgent extends Agent<Env, UserSessionState> {
  override initialState: UserSessionState = { tasks: {} };

  /** Progress comes only from the Workflow; a browser may read the state, never write it. */
  override validateStateChange(_next: UserSessionState, source: Connection | 'server'): void {
    if (source !== 'server') throw new Error('The session state is written by the server only.');
  }

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
    const reply = await handleSessionMessage(this.env, this.name, message);
    if (!reply) return;
    if (reply.type === 'task-started') await this.recordProgress({ taskId: reply.taskId, status: 'running', route: null, updatedAt: Date.now() });
    connection.send(JSON.stringify(reply));
  }
}
