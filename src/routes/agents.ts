/** /agents/user-session-agent/:userId — the signed-in user's own session agent (WebSocket), nobody else's. */
import { routeAgentRequest } from 'agents';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../app-env';
import { assertSameOrigin, parseAllowedOrigins } from '../auth/origin';
import { ForbiddenError, NotFoundError } from '../errors';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

const toOwnAgent = async (c: Context<AppEnv>) => {
  const me = requireCaller(contextOf(c, 'http'), 'tasks:read-own');
  assertSameOrigin(c, me, parseAllowedOrigins(c.var.services.config.ALLOWED_ORIGINS));
  if (c.req.param('userId') !== me.id) throw new ForbiddenError('You can only connect to your own session.');
  const res = await routeAgentRequest(c.req.raw, c.env);
  if (!res) throw new NotFoundError('Agent');
  // The Durable Object's upgrade response has immutable headers; re-wrap it so the security headers apply.
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers, webSocket: res.webSocket });
};

export const agents = new Hono<AppEnv>().all('/user-session-agent/:userId', toOwnAgent).all('/user-session-agent/:userId/*', toOwnAgent);
