/**
 * Server-rendered pages: a door like the API. Each page calls the same use case as its API route, and a
 * refusal becomes a page: anonymous visitors are sent to sign in, others see a 403, 404 or "paused" page.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import baseline from '../../golden/baseline.json';
import type { AppEnv } from '../app-env';
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import { killSwitch, metrics } from '../usecases/admin';
import { kpi } from '../usecases/kpi';
import { rangeSchema, trends } from '../usecases/trends';
import { getDocumentText, listBatches, listDocuments } from '../usecases/documents';
import { reviewWithEvidence } from '../usecases/review-evidence';
import { reviewQueue } from '../usecases/reviews';
import { requireCaller, SwitchedOffError } from '../usecases/rules';
import { myFeedback } from '../usecases/feedback';
import { goldenCandidate, goldenCandidates } from '../usecases/golden-candidates';
import { failureInbox } from '../usecases/inbox';
import { getTask, listOwnTasks } from '../usecases/tasks';
import type { Identity } from '../auth/identity';
import type { Permission } from '../auth/policy';
import { ForbiddenPage, NotFoundPage, PausedPage } from '../ui/common';
import { DashboardPage } from '../ui/dashboard-page';
import { DocumentsPage, DocumentViewPage } from '../ui/documents-pages';
import { HomePage } from '../ui/home-page';
import { CandidatePage, InboxPage } from '../ui/inbox-pages';
import { ReviewDetailPage, ReviewQueuePage } from '../ui/reviews-pages';
import { TaskDetailPage, TasksPage } from '../ui/tasks-pages';
import { contextOf } from './use-case-context';

const EVAL_KEYS = ['passRate', 'recallAt5', 'mrr', 'factCoverage', 'citationPrecision', 'refusalAccuracy', 'routeAccuracy'];

const offset = z.coerce.number().int().min(0).optional().catch(undefined);

type PageBody = (me: Identity) => Promise<Response> | Response;

/** Renders a page for a signed-in caller, turning the use cases' refusals into pages. */
function page(c: Context<AppEnv>, permission: Permission, what: string, body: PageBody): Promise<Response> | Response {
  const me = c.var.identity;
  if (!me) return c.redirect('/sign-in', 303);
  const render = async () => {
    try {
      requireCaller(contextOf(c, 'page'), permission);
      return await body(me);
    } catch (err) {
      if (err instanceof UnauthenticatedError) return c.redirect('/sign-in', 303);
      if (err instanceof ForbiddenError) return c.html(<ForbiddenPage identity={me} message={`${what} is not available to the ${me.role} role.`} />, 403);
      if (err instanceof NotFoundError) return c.html(<NotFoundPage identity={me} what={what} />, 404);
      if (err instanceof SwitchedOffError) return c.html(<PausedPage identity={me} message={err.message} />, 503);
      if (err instanceof AppError) return c.html(<ForbiddenPage identity={me} message={err.message} />, err.status);
      throw err;
    }
  };
  return render();
}

export const pages = new Hono<AppEnv>()
  .get('/', (c) => page(c, 'ask', 'Asking', (me) => c.html(<HomePage identity={me} />)))
  .get('/tasks', (c) =>
    page(c, 'tasks:read-own', 'Tasks', async (me) => c.html(<TasksPage identity={me} tasks={await listOwnTasks(contextOf(c, 'page'))} />)),
  )
  .get('/tasks/:id', (c) =>
    page(c, 'tasks:read-own', 'The task', async (me) => {
      const ctx = contextOf(c, 'page');
      const detail = await getTask(ctx, c.req.param('id'));
      const feedback = detail.task.userId === me.id ? await myFeedback(ctx, 'task', detail.task.id) : undefined;
      return c.html(<TaskDetailPage identity={me} {...detail} feedback={feedback} />);
    }),
  )
  .get('/reviews', (c) =>
    page(c, 'reviews:read', 'The review queue', async (me) => c.html(<ReviewQueuePage identity={me} items={await reviewQueue(contextOf(c, 'page'), 'pending')} />)),
  )
  .get('/reviews/:taskId', (c) =>
    page(c, 'reviews:read', 'The review', async (me) => {
      const { item, evidence } = await reviewWithEvidence(contextOf(c, 'page'), c.req.param('taskId'));
      return c.html(<ReviewDetailPage identity={me} item={item} evidence={evidence} />);
    }),
  )
  .get('/documents', (c) =>
    page(c, 'documents:write', 'Managing documents', async (me) =>
      c.html(<DocumentsPage identity={me} documents={await listDocuments(contextOf(c, 'page'), 500)} batches={await listBatches(contextOf(c, 'page'), 20)} canWrite={true} />),
    ),
  )
  .get('/documents/:id', (c) =>
    page(c, 'documents:read', 'The document', async (me) => {
      const { document, text } = await getDocumentText(contextOf(c, 'page'), c.req.param('id'));
      return c.html(<DocumentViewPage identity={me} document={document} text={text} start={offset.parse(c.req.query('start'))} end={offset.parse(c.req.query('end'))} />);
    }),
  )
  .get('/inbox', (c) =>
    page(c, 'evals:read', 'The failure inbox', async (me) => {
      const ctx = contextOf(c, 'page');
      const [items, candidates] = await Promise.all([failureInbox(ctx), goldenCandidates(ctx, undefined, 50)]);
      return c.html(<InboxPage identity={me} items={items} candidates={candidates} />);
    }),
  )
  .get('/inbox/candidates/:id', (c) =>
    page(c, 'evals:read', 'The candidate case', async (me) => c.html(<CandidatePage identity={me} candidate={await goldenCandidate(contextOf(c, 'page'), c.req.param('id'))} />)),
  )
  .get('/dashboard', (c) =>
    page(c, 'metrics:read', 'The dashboard', async (me) => {
      const ctx = contextOf(c, 'page');
      const [m, level, t, k] = await Promise.all([metrics(ctx, 24), killSwitch(ctx), trends(ctx, rangeSchema.catch('day').parse(c.req.query('range'))), kpi(ctx)]);
      const agg = (baseline as { aggregate?: Record<string, unknown> }).aggregate;
      const evalAggregate = agg ? Object.fromEntries(EVAL_KEYS.filter((k) => typeof agg[k] === 'number').map((k) => [k, agg[k]])) : undefined;
      return c.html(<DashboardPage identity={me} metrics={m} killLevel={level} trends={t} kpi={k} evalAggregate={evalAggregate} />);
    }),
  );
