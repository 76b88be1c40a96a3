/** My tasks (/tasks) and one task (/tasks/:id): status, route, timeline, proposal, review decision and result. */
import type { Identity } from '../auth/identity';
import type { AuditEntry } from '../db/audit';
import type { ReviewRow } from '../db/reviews';
import type { TaskRow } from '../db/tasks';
import { CitationCard, fmtTime, isCitation, StatusBadge } from './common';
import { FeedbackForm, type FeedbackView } from './feedback-form';
import { Layout } from './layout';

export function TasksPage(props: { identity: Identity; tasks: TaskRow[] }) {
  return (
    <Layout title="My tasks" identity={props.identity} current="/tasks" scripts={['common.js', 'tasks.js']}>
      <h1>My tasks</h1>
      <form id="task-form" class="card stack">
        <label for="task-input">New request</label>
        <textarea id="task-input" name="input" rows={3} required maxlength={4000} placeholder="e.g. Issue a refund of $89.90 on ORD-1004, the rack did not fit."></textarea>
        <div class="row">
          <button type="submit">Start task</button>
        </div>
        <div id="task-error" class="notice error" role="alert" hidden></div>
      </form>
      {props.tasks.length === 0 ? (
        <p class="muted">No tasks yet.</p>
      ) : (
        <ul class="list">
          {props.tasks.map((t) => (
            <li class="card">
              <a href={`/tasks/${encodeURIComponent(t.id)}`}>{t.input.length > 120 ? `${t.input.slice(0, 120)}…` : t.input}</a>
              <div class="meta">
                <StatusBadge status={t.status} /> <span class="muted">{t.route ?? 'routing…'}</span> <span class="muted">{fmtTime(t.createdAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function ParamsTable(props: { params: Record<string, unknown> }) {
  return (
    <dl class="params">
      {Object.entries(props.params).map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </>
      ))}
    </dl>
  );
}

export function TaskDetailPage(props: {
  identity: Identity;
  task: TaskRow;
  review: ReviewRow | null;
  timeline: AuditEntry[];
  withheld: string | null;
  /** The viewer's own feedback; undefined when the viewer is not the requester (only they rate a task). */
  feedback?: FeedbackView | null;
}) {
  const { task, review } = props;
  const proposal = task.proposal as { action?: string; params?: Record<string, unknown> } | null;
  const citations = (task.citations ?? []).filter(isCitation);
  return (
    <Layout title="Task" identity={props.identity} current="/tasks" scripts={['common.js', 'task-live.js', 'feedback.js']}>
      <p>
        <a href="/tasks">← My tasks</a>
      </p>
      <h1>Task</h1>
      <article id="task" data-task-id={task.id} data-user-id={task.userId} data-status={task.status} data-live={props.identity.id === task.userId ? 'on' : 'off'}>
        <blockquote class="request">{task.input}</blockquote>
        <p>
          Status: <StatusBadge status={task.status} id="task-status" /> · Route: <span id="task-route">{task.route ?? 'routing…'}</span>
          <span id="live-indicator" class="muted"></span>
        </p>
        {props.withheld ? (
          <p class="notice" id="withheld-notice">
            {props.withheld}
          </p>
        ) : null}
        <div id="task-dynamic">
          {task.status === 'needs_input' && task.answer ? (
            <section class="notice" id="needs-input">
              <h2>One more detail needed</h2>
              <p>{task.answer}</p>
              <p class="muted">
                Start a new task with the detail included; <a href="/tasks">My tasks</a>.
              </p>
            </section>
          ) : task.answer ? (
            <section>
              <h2>Answer</h2>
              <p>{task.answer}</p>
            </section>
          ) : null}
          {proposal?.action ? (
            <section>
              <h2>Proposal</h2>
              <p>
                Action: <code>{proposal.action}</code>
              </p>
              {proposal.params ? <ParamsTable params={proposal.params} /> : null}
            </section>
          ) : null}
          {review ? (
            <section>
              <h2>Review</h2>
              <p>
                Decision: <StatusBadge status={review.status} /> {review.decidedBy ? `by ${review.decidedBy}` : ''} {review.decidedAt ? fmtTime(review.decidedAt) : ''}
              </p>
              {review.diff && review.diff.length ? (
                <ul class="diff">
                  {review.diff.map((d) => (
                    <li>
                      {d.field}: <del>{JSON.stringify(d.from)}</del> → <ins>{JSON.stringify(d.to)}</ins>
                    </li>
                  ))}
                </ul>
              ) : null}
              {review.comment ? <p>Comment: {review.comment}</p> : null}
            </section>
          ) : null}
          {task.result ? (
            <section>
              <h2>Result</h2>
              <ParamsTable params={task.result} />
            </section>
          ) : null}
          {task.error ? (
            <p class="notice error" role="alert">
              {task.error}
            </p>
          ) : null}
          <section>
            <h2>Timeline</h2>
            <ol class="timeline">
              {props.timeline.map((e) => (
                <li>
                  <time>{fmtTime(e.createdAt)}</time> <strong>{e.event}</strong> <span class="muted">{e.actorId ?? ''}</span>
                </li>
              ))}
            </ol>
          </section>
        </div>
        {citations.length ? (
          <section>
            <h2>Evidence</h2>
            <ol class="citations">
              {citations.map((c, i) => (
                <CitationCard citation={c} n={i + 1} />
              ))}
            </ol>
          </section>
        ) : null}
        {props.feedback !== undefined ? <FeedbackForm taskId={task.id} current={props.feedback} /> : null}
      </article>
    </Layout>
  );
}
