/** GET /api/me: who is signed in, with their role and groups. */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { roleSchema } from '../auth/policy';
import { UnauthenticatedError } from '../errors';
import { errors, jsonResponse, router } from './openapi';

const meSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema, groups: z.array(z.string()) }).meta({ id: 'Me' });

const meRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The signed-in person',
  responses: { 200: jsonResponse(meSchema, 'Role and groups decide what you may do and read.'), ...errors(401) },
});

export const me = router().openapi(meRoute, (c) => {
  const identity = c.var.identity;
  if (!identity) throw new UnauthenticatedError();
  return c.json({ id: identity.id, email: identity.email, name: identity.name, role: identity.role, groups: identity.groups }, 200);
});
