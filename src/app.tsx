/** The Hono app: middleware in the order of the request path, then the routes. Nothing else lives here. */
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './app-env';
import { authenticate } from './auth/authenticate';
import { csrfProtection } from './auth/csrf';
import { BOOKMARK_COOKIE, BOOKMARK_HEADER, parseBookmark } from './db/read-session';
import { AppError } from './errors';
import { StageTimer, TIMING_HEADER, withTimer } from './ops/stage-timing';
import { health } from './routes/health';
import { me } from './routes/me';
import { validationHook } from './routes/openapi';
import { ApiReferencePage, type OpenApiDocument } from './ui/api-reference-page';
import { pages } from './routes/pages';
import { reviews } from './routes/reviews';
import { search } from './routes/search';
import { session } from './routes/session';
import { tasks } from './routes/tasks';
import { admin, metrics, users } from './routes/admin';
import { agents } from './routes/agents';
import { ask } from './routes/ask';
import { documents } from './routes/documents';
import { feedback } from './routes/feedback';
import { golden } from './routes/golden';
import { inbox } from './routes/inbox';
import { kpiRoutes } from './routes/kpi';
import { traces } from './routes/traces';
import { OpenAPIHono } from '@hono/zod-openapi';
import { assignRequestId } from './routes/request-id';
import { createServices, type Services, type ServicesOptions } from './services';
import { RATE_LIMIT_PERIOD_SECONDS } from './usecases/rules';

export interface AppOptions {
  /** Replaces the services built from the env (tests swap in failing providers and the like). */
  services?: (env: Env, options?: ServicesOptions) => Services;
}

export function createApp(options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const build = options.services ?? ((env: Env, o?: ServicesOptions) => createServices(env, o));

  app.use(assignRequestId);
  // Profiling only: stage timings for a request that asks for them, never in production.
  app.use(async (c, next) => {
    if (c.req.header(TIMING_HEADER) !== '1' || c.env.ENVIRONMENT === 'production') return next();
    const timer = new StageTimer();
    await withTimer(timer, next);
    c.header('Server-Timing', timer.header());
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.use(async (c, next) => {
    const carried = parseBookmark(c.req.header(BOOKMARK_HEADER) ?? getCookie(c, BOOKMARK_COOKIE));
    const services = build(c.env, { readSession: { bookmark: carried } });
    c.set('services', services);
    await next();
    // Hand the newest bookmark back, so the client's next request reads at least its own writes. A WebSocket
    // upgrade's response belongs to the Durable Object and is left as it is.
    const latest = services.d1Bookmark();
    if (!latest || c.res.status === 101) return;
    c.header(BOOKMARK_HEADER, latest);
    setCookie(c, BOOKMARK_COOKIE, latest, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
  });
  app.use(authenticate);
  app.use(csrfProtection);

  app.route('/api/health', health);
  app.route('/api/me', me);
  app.route('/api/ask', ask);
  app.route('/api/documents', documents);
  app.route('/api/search', search);
  app.route('/api/tasks', tasks);
  app.route('/api/reviews', reviews);
  app.route('/api/feedback', feedback);
  app.route('/api/inbox', inbox);
  app.route('/api/golden', golden);
  app.route('/api/metrics', metrics);
  app.route('/api/kpi', kpiRoutes);
  app.route('/api/admin', admin);
  app.route('/api/users', users);
  app.route('/api/traces', traces);
  app.route('/agents', agents);
  app.route('/', session);
  app.route('/', pages);

  const openApi = {
    openapi: '3.1.0',
    info: {
      title: 'Edge RAG workflow service',
      version: '1',
      description: 'Grounded answers, documents, propose/commit tasks with maker-checker review, and operator tools. Authenticate with Cloudflare Access (production) or `Authorization: Bearer demo-<name>` (local).',
    },
    security: [{ bearer: [] }, { access: [] }] as Record<string, string[]>[],
  };
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'Local demo tokens (demo-alice, …) or an API token.' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'access', { type: 'apiKey', in: 'header', name: 'Cf-Access-Jwt-Assertion', description: 'Cloudflare Access JWT (production).' });
  app.doc31('/api/openapi.json', openApi);
  app.get('/api/docs', (c) => c.html(<ApiReferencePage identity={c.var.identity} doc={app.getOpenAPI31Document(openApi) as unknown as OpenApiDocument} />));

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` } }, 404));

  app.onError((err, c) => {
    if (err instanceof AppError) {
      if (err.status === 429) c.header('Retry-After', String(RATE_LIMIT_PERIOD_SECONDS));
      const body = { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) };
      return c.json({ error: body }, err.status);
    }
    if (err instanceof HTTPException) {
      return c.json({ error: { code: `http_${err.status}`, message: err.message || 'Request failed.' } }, err.status);
    }
    console.error(JSON.stringify({ level: 'error', requestId: c.var.requestId, message: err.message, stack: err.stack }));
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.', details: { requestId: c.var.requestId } } }, 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
