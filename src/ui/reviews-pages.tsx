/** Review queue (/reviews) and one review (/reviews/:taskId) with an editable form built from the action's schema. */
import { z } from 'zod';
import type { Identity } from '../auth/identity';
import type { ReviewEvidence } from '../usecases/review-evidence';
import type { ReviewItem } from '../usecases/reviews';
import { CitationCard, fmtTime, isCitation, StatusBadge } from './common';
import { Layout } from './layout';
import { EvidenceSections } from './review-evidence';

function age(d: Date): string {
  const s = Math.max(0, Math.round((Date.now() - d.getTime()) / 1000));
  if (s < 90) return `${s}s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export function ReviewQueuePage(props: { identity: Identity; items: ReviewItem[] }) {
  return (
    <Layout title="Review queue" identity={props.identity} current="/reviews">
      <h1>Review queue</h1>
      <p class="muted">Pending reviews, highest risk first, then oldest first.</p>
      {props.items.length === 0 ? (
        <p>Nothing to review.</p>
      ) : (
        <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Risk</th>
              <th scope="col">Action</th>
              <th scope="col">Request</th>
              <th scope="col">Requested by</th>
              <th scope="col">Age</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map(({ review, task, withheld }) => (
              <tr>
                <td>
                  <span class={`badge risk-${review.risk}`}>{review.risk}</span>
                </td>
                <td>
                  <code>{review.action}</code>
                  {withheld ? <span class="muted"> · content withheld</span> : null}
                </td>
                <td>
                  <a href={`/reviews/${encodeURIComponent(task.id)}`}>{task.input.length > 100 ? `${task.input.slice(0, 100)}…` : task.input}</a>
                </td>
                <td>{task.userId}</td>
                <td>{age(review.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </Layout>
  );
}

interface JsonProp {
  type?: string;
  enum?: unknown[];
  description?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

function FieldInput(props: { name: string; prop: JsonProp; value: unknown; required: boolean; disabled: boolean }) {
  const { name, prop, value, disabled } = props;
  const id = `f-${name}`;
  const common = { id, name, disabled, 'aria-describedby': `err-${name}`, 'data-field': name };
  let input;
  if (prop.enum) {
    input = (
      <select {...common} data-type="enum">
        {props.required ? null : <option value="">(unchanged / none)</option>}
        {prop.enum.map((o) => (
          <option value={String(o)} selected={String(o) === String(value ?? '')}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  } else if (prop.type === 'number' || prop.type === 'integer') {
    input = <input {...common} type="number" step={prop.type === 'integer' ? '1' : '0.01'} value={value === undefined || value === null ? '' : String(value)} data-type="number" required={props.required} />;
  } else {
    const text = value === undefined || value === null ? '' : String(value);
    input =
      text.length > 80 || name === 'message' || name === 'reason' ? (
        <textarea {...common} rows={3} data-type="string" required={props.required}>
          {text}
        </textarea>
      ) : (
        <input {...common} type="text" value={text} data-type="string" required={props.required} />
      );
  }
  return (
    <div class="field">
      <label for={id}>
        {name}
        {props.required ? '' : ' (optional)'}
      </label>
      {input}
      <p class="field-error" id={`err-${name}`} aria-live="polite"></p>
    </div>
  );
}

export function ReviewDetailPage(props: { identity: Identity; item: ReviewItem; evidence: ReviewEvidence | null }) {
  const { identity } = props;
  const { review, task, definition, own, withheld } = props.item;
  const disabled = !props.item.canDecide;
  let reason = '';
  if (own) reason = 'You requested this task, so someone else must review it (maker-checker).';
  else if (withheld) reason = withheld;
  else if (review.status !== 'pending') reason = `This review was already decided (${review.status}).`;
  else if (disabled) reason = `Deciding ${review.action} needs a ${definition?.approver.role ?? 'reviewer'}${definition?.approver.group ? ` in the ${definition.approver.group} group` : ''}.`;
  const schema = definition ? (z.toJSONSchema(definition.params, { unrepresentable: 'any' }) as { properties?: Record<string, JsonProp>; required?: string[] }) : {};
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const citations = (task.citations ?? []).filter(isCitation);
  const current = review.finalParams ?? review.proposedParams;
  return (
    <Layout title="Review" identity={identity} current="/reviews" scripts={['common.js', 'review.js']}>
      <p>
        <a href="/reviews">← Review queue</a>
      </p>
      <h1>
        Review: <code>{review.action}</code> <span class={`badge risk-${review.risk}`}>{review.risk} risk</span>
      </h1>
      <section>
        <h2>Request</h2>
        <blockquote class="request">{task.input}</blockquote>
        <p class="muted">
          Requested by {task.userId} · {fmtTime(task.createdAt)} · Review <StatusBadge status={review.status} />
        </p>
        {definition ? <p>{definition.description}</p> : null}
        {withheld ? (
          <p class="notice" id="withheld-notice">
            {withheld}
          </p>
        ) : null}
      </section>
      {task.answer ? (
        <section>
          <h2>Answer from the documents</h2>
          <p>{task.answer}</p>
        </section>
      ) : null}
      {props.evidence ? <EvidenceSections evidence={props.evidence} params={current} /> : null}
      {citations.length ? (
        <section>
          <h2>Cited by the answer</h2>
          <ol class="citations">
            {citations.map((c, i) => (
              <CitationCard citation={c} n={i + 1} />
            ))}
          </ol>
        </section>
      ) : null}
      <section>
        <h2>Proposed action</h2>
        <form id="review-form" class="card stack" data-task-id={task.id} data-original={JSON.stringify(review.proposedParams)} novalidate>
          {withheld ? null : Object.entries(properties).map(([name, prop]) => (
            <FieldInput name={name} prop={prop} value={current[name]} required={required.has(name)} disabled={disabled} />
          ))}
          <div class="field">
            <label for="comment">Comment (required to reject; edits may lower amounts but not change the order or ticket)</label>
            <textarea id="comment" name="comment" rows={2} maxlength={2000} disabled={disabled}></textarea>
            <p class="field-error" id="err-comment" aria-live="polite"></p>
          </div>
          {disabled ? (
            <p class="notice" id="disabled-reason">
              {reason}
            </p>
          ) : null}
          <div id="diff-panel" class="notice" hidden>
            <p>
              <strong>Your edits:</strong>
            </p>
            <ul id="diff-list" class="diff"></ul>
            <div class="row">
              <button type="button" id="confirm-edits">
                Confirm approve with edits
              </button>
              <button type="button" id="cancel-edits" class="secondary">
                Cancel
              </button>
            </div>
          </div>
          <div class="row">
            <button type="button" id="approve" disabled={disabled}>
              Approve
            </button>
            <button type="button" id="approve-edits" disabled={disabled}>
              Approve with edits
            </button>
            <button type="button" id="reject" class="danger" disabled={disabled}>
              Reject
            </button>
          </div>
          <div id="review-error" class="notice error" role="alert" hidden></div>
          <div id="review-result" class="notice success" role="status" hidden></div>
        </form>
      </section>
    </Layout>
  );
}
