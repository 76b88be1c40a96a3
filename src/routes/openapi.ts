/**
 * The OpenAPI side of the routes: each route is declared once with `createRoute` (its zod schemas validate
 * the request, type the handler and generate /api/openapi.json), and these shared pieces keep them short.
 */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../app-env';
import type { Permission } from '../auth/policy';
import { ValidationError } from '../errors';
import { requireCaller } from '../usecases/rules';
import { contextOf } from './use-case-context';

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error', description: 'Every error: a stable machine-readable code, a message for people, optional details.' });

const errorContent = { 'application/json': { schema: errorSchema } };

/** The error statuses a route can answer, documented once. */
export function errors(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503)[]) {
  const described: Record<number, string> = {
    400: 'The request failed validation.',
    401: 'No valid credentials.',
    403: 'The caller lacks the permission (policy table), or the rule forbids it.',
    404: 'Not found, or not visible to the caller.',
    409: 'Conflicts with the current state.',
    413: 'Too large.',
    415: 'Unsupported media type.',
    422: 'Well-formed but unusable content.',
    429: 'Rate limited or the daily token budget is spent (Retry-After).',
    503: 'Switched off by the kill switch, or a dependency is unavailable.',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: described[s]!, content: errorContent }]));
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * Authenticates before the request is validated, so an anonymous caller learns nothing about a route's
 * schema. The permission is enforced again by the use case; this is only the ordering of answers.
 */
export function authorize(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireCaller(contextOf(c), permission);
    await next();
  };
}

/** Turns a failed validation into our error envelope (400 invalid_request with the field errors). */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw new ValidationError(`Invalid request ${result.target}.`, z.flattenError(result.error as z.ZodError));
};

export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
