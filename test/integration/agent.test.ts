import { env, exports } from 'cloudflare:workers';
import { getAgentByName } from 'agents';
import { describe, expect, it } from 'vitest';
import type { UserSessionAgent, UserSessionState } from '../../src/agent/user-session-agent';
import { createApp } from '../../src/app';
import { asUser, BASE, jsonBody } from './helpers';

async function openSocket(user: string, path = `/agents/user-session-agent/${user}`): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, { headers: { Upgrade: 'websocket', Authorization: `Bearer demo-${user}` } }));
}

/** Resolves with the first state message for which `done` holds. */
function waitForState(ws: WebSocket, done: (s: UserSessionState) => boolean, timeoutMs = 20_000): Promise<UserSessionState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching state over the socket')), timeoutMs);
    ws.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data)) as { type?: string; state?: UserSessionState };
      if (msg.type === 'cf_agent_state' && msg.state && done(msg.state)) {
        clearTimeout(timer);
        resolve(msg.state);
      }
    });
  });
}

describe('user session agent', () => {
  it('should push task progress to the browser over its WebSocket until the task commits', async () => {
    const res = await openSocket('alice');
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    let taskId = '';
    const committed = waitForState(ws, (s) => taskId !== '' && s.tasks[taskId]?.status === 'committed');
    const created = await asUser('alice', '/api/tasks', jsonBody({ input: 'Change the priority of TCK-2004 to P2.' }));
    taskId = ((await created.json()) as { id: string }).id;
    const state = await committed;
    expect(state.tasks[taskId]).toMatchObject({ status: 'committed', route: 'auto' });
    ws.close();

    const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, 'alice');
    expect((await agent.progress()).tasks[taskId]?.status).toBe('committed');
  });

  it('should start a task sent over the socket', async () => {
    const res = await openSocket('alice');
    const ws = res.webSocket!;
    ws.accept();
    const started = new Promise<string>((resolve) =>
      ws.addEventListener('message', (e) => {
        const msg = JSON.parse(String(e.data)) as { type?: string; taskId?: string };
        if (msg.type === 'task-started') resolve(msg.taskId!);
      }),
    );
    ws.send(JSON.stringify({ type: 'start-task', input: 'Change the priority of TCK-2012 to P1.' }));
    const taskId = await started;
    expect(taskId).toMatch(/^task_/);
    const view = (await (await asUser('alice', `/api/tasks/${taskId}`)).json()) as { id: string };
    expect(view.id).toBe(taskId);
    ws.close();
  });

  it("should refuse a connection to another user's session and anonymous connections", async () => {
    expect((await openSocket('alice', '/agents/user-session-agent/rita')).status).toBe(403);
    const anon = await exports.default.fetch(new Request(`${BASE}/agents/user-session-agent/alice`, { headers: { Upgrade: 'websocket' } }));
    expect(anon.status).toBe(401);
  });

  it('should refuse a WebSocket upgrade from a foreign Origin even with valid credentials', async () => {
    const open = (headers: Record<string, string>, envPatch: Record<string, unknown> = {}) =>
      createApp().request('/agents/user-session-agent/alice', { headers: { Upgrade: 'websocket', Authorization: 'Bearer demo-alice', ...headers } }, { ...env, ...envPatch });
    const foreign = await open({ Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await open({ Origin: 'http://localhost' })).status).toBe(101);
    expect((await open({ Origin: 'https://portal.example' }, { ALLOWED_ORIGINS: 'https://portal.example' })).status).toBe(101);
  });

  it('should refuse a cookie-authenticated upgrade that sends no Origin', async () => {
    const signIn = await exports.default.fetch(new Request(`${BASE}/sign-in`, { method: 'POST', body: new URLSearchParams({ user: 'alice' }), headers: { Origin: BASE }, redirect: 'manual' }));
    const cookie = signIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const withCookie = (headers: Record<string, string>) => exports.default.fetch(new Request(`${BASE}/agents/user-session-agent/alice`, { headers: { Upgrade: 'websocket', Cookie: cookie, ...headers } }));
    expect((await withCookie({})).status).toBe(403);
    expect((await withCookie({ Origin: BASE })).status).toBe(101);
  });

  it('should not let a browser write the session state', async () => {
    const res = await openSocket('ravi');
    const ws = res.webSocket!;
    ws.accept();
    ws.send(JSON.stringify({ type: 'cf_agent_state', state: { tasks: { forged: { taskId: 'forged', status: 'committed', route: 'auto', updatedAt: Date.now() } } } }));
    await new Promise((r) => setTimeout(r, 200));
    ws.close();
    const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, 'ravi');
    expect((await agent.progress()).tasks.forged).toBeUndefined();
  });

  it('should ignore progress older than what it already holds', async () => {
    const agent = await getAgentByName<Env, UserSessionAgent>(env.USER_SESSION_AGENT, 'ravi');
    await agent.recordProgress({ taskId: 't1', status: 'committed', route: 'auto', updatedAt: 2000 });
    await agent.recordProgress({ taskId: 't1', status: 'running', route: null, updatedAt: 1000 });
    expect((await agent.progress()).tasks.t1?.status).toBe('committed');
  });
});
