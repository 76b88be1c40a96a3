/** Server-rendered pages. Anonymous visitors are sent to sign in rather than shown an error. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import baseline from '../../golden/baseline.json';
import type { AppEnv } from '../app-env';
import type { Identity } from '../auth/identity';
import { can, type Permission } from '../auth/policy';
import { auditFor } from '../db/audit';
import { documentText, findDocument, listDocuments } from '../db/documents';
import { computeMetrics } from '../db/metrics';
import { findReview, listReviews } from '../db/reviews';
import { findTask, listTasksOf } from '../db/tasks';
import { RISK_ORDER } from '../actions/registry';
import { canRead } from '../rag/access';
import { canViewTask } from '../tasks/task-access';
import { ForbiddenPage, NotFoundPage } from '../ui/common';
import { DashboardPage } from '../ui/dashboard-page';
import { DocumentsPage, DocumentViewPage } from '../ui/documents-pages';
import { HomePage } from '../ui/home-page';
import { ReviewDetailPage, ReviewQueuePage } from '../ui/reviews-pages';
import { TaskDetailPage, TasksPage } from '../ui/tasks-pages';

const EVAL_KEYS = ['passRate', 'recallAt5', 'mrr', 'factCoverage', 'citationPrecision', 'refusalAccuracy', 'routeAccuracy'];

/** The signed-in identity, or a response (redirect to sign in, or a 403 page) to return instead. */
function gate(c: Context<AppEnv>, permission: Permission, what: string): Identity | Response | Promise<Response> {
  const me = c.var.identity;
  if (!me) return c.redirect('/sign-in', 303);
  if (!can(me.role, permission)) return c.html(<ForbiddenPage identity={me} message={`${what} is not available to the ${me.role} role.`} />, 403);
  return me;
}

function isIdentity(x: Identity | Response | Promise<Response>): x is Identity {
  return !(x instanceof Response) && !(x instanceof Promise);
}

const offset = z.coerce.number().int().min(0).optional().catch(undefined);

export const pages = new Hono<AppEnv>()
  .get('/', (c) => {
    const me = gate(c, 'ask', 'Asking');
    if (!isIdentity(me)) return me;
    return c.html(<HomePage identity={me} />);
  })
  .get('/tasks', async (c) => {
    const me = gate(c, 'tasks:read-own', 'Tasks');
    if (!isIdentity(me)) return me;
    const rows = await listTasksOf(c.var.services.db, me.id, 100);
    return c.html(<TasksPage identity={me} tasks={rows} />);
  })
  .get('/tasks/:id', async (c) => {
    const me = gate(c, 'tasks:read-own', 'Tasks');
    if (!isIdentity(me)) return me;
    const { db } = c.var.services;
    const task = await findTask(db, c.req.param('id'));
    if (!task || !canViewTask(me, task)) {
      return c.html(<NotFoundPage identity={me} what="The task" />, 404);
    }
    const [review, timeline] = await Promise.all([findReview(db, task.id), auditFor(db, 'task', task.id)]);
    return c.html(<TaskDetailPage identity={me} task={task} review={review} timeline={timeline} />);
  })
  .get('/reviews', async (c) => {
    const me = gate(c, 'reviews:read', 'The review queue');
    if (!isIdentity(me)) return me;
    const rows = await listReviews(c.var.services.db, 'pending', 200);
    rows.sort((a, b) => RISK_ORDER[a.review.risk] - RISK_ORDER[b.review.risk] || a.review.createdAt.getTime() - b.review.createdAt.getTime());
    return c.html(<ReviewQueuePage identity={me} items={rows} />);
  })
  .get('/reviews/:taskId', async (c) => {
    const me = gate(c, 'reviews:read', 'Reviews');
    if (!isIdentity(me)) return me;
    const { db } = c.var.services;
    const [task, review] = await Promise.all([findTask(db, c.req.param('taskId')), findReview(db, c.req.param('taskId'))]);
    if (!task || !review) return c.html(<NotFoundPage identity={me} what="The review" />, 404);
    return c.html(<ReviewDetailPage identity={me} task={task} review={review} />);
  })
  .get('/documents', async (c) => {
    const me = gate(c, 'documents:write', 'Managing documents');
    if (!isIdentity(me)) return me;
    const rows = await listDocuments(c.var.services.db, 500);
    return c.html(<DocumentsPage identity={me} documents={rows.filter((d) => canRead(me, d.groups))} canWrite={true} />);
  })
  .get('/documents/:id', async (c) => {
    const me = gate(c, 'documents:read', 'Documents');
    if (!isIdentity(me)) return me;
    const { db } = c.var.services;
    const doc = await findDocument(db, c.req.param('id'));
    if (!doc || !canRead(me, doc.groups)) return c.html(<NotFoundPage identity={me} what="The document" />, 404);
    const text = await documentText(db, doc.id);
    return c.html(<DocumentViewPage identity={me} document={doc} text={text} start={offset.parse(c.req.query('start'))} end={offset.parse(c.req.query('end'))} />);
  })
  .get('/dashboard', async (c) => {
    const me = gate(c, 'metrics:read', 'The dashboard');
    if (!isIdentity(me)) return me;
    const metrics = await computeMetrics(c.var.services.db, 24);
    const agg = (baseline as { aggregate?: Record<string, unknown> }).aggregate;
    const evalAggregate = agg ? Object.fromEntries(EVAL_KEYS.filter((k) => typeof agg[k] === 'number').map((k) => [k, agg[k]])) : undefined;
    return c.html(<DashboardPage identity={me} metrics={metrics} killLevel={c.var.killLevel} evalAggregate={evalAggregate} />);
  });
