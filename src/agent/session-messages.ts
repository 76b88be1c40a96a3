/**
 * What the session socket accepts from a browser, and what it answers. The Agent hands every message here,
 * so the socket's door calls the same use cases, with the same rules, as the HTTP API.
 */
import { z } from 'zod';
import { findUserById } from '../db/users';
import { AppError } from '../errors';
import { createServices } from '../services';
import type { UseCaseContext } from '../usecases/context';
import { createTask } from '../usecases/tasks';

export const clientMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('start-task'), input: z.string().trim().min(1).max(4000) })]);

export type SessionReply = { type: 'task-started'; taskId: string } | { type: 'error'; code: string; message: string };

/** Null for messages that are not ours (the Agents SDK's own protocol shares the socket). */
export async function handleSessionMessage(env: Env, userId: string, raw: string): Promise<SessionReply | null> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = clientMessageSchema.safeParse(json);
  if (!parsed.success) return null;
  const services = createServices(env);
  const user = await findUserById(services.db, userId);
  if (!user) return { type: 'error', code: 'unauthenticated', message: 'Unknown user.' };
  const ctx: UseCaseContext = { env, services, caller: { ...user, via: 'session' }, door: 'websocket', requestId: `ws:${crypto.randomUUID()}` };
  try {
    const task = await createTask(ctx, parsed.data.input);
    return { type: 'task-started', taskId: task.id };
  } catch (err) {
    if (err instanceof AppError) return { type: 'error', code: err.code, message: err.message };
    console.error(JSON.stringify({ level: 'error', message: 'session message failed', error: String(err) }));
    return { type: 'error', code: 'task_failed', message: 'The task could not be started.' };
  }
}
