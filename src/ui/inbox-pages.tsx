/** The failure inbox (/inbox) and the candidate golden-case editor (/inbox/candidates/:id); inbox.js talks to the API. */
import type { Identity } from '../auth/identity';
import { GOLDEN_USERS, TAGS } from '../golden/golden-case-schema';
import type { CandidateView } from '../usecases/golden-candidates';
import type { InboxItem, InboxKind } from '../usecases/inbox';
import { fmtTime, StatusBadge } from './common';
import { Layout } from './layout';

const KIND_LABELS: Record<InboxKind, string> = {
  'down-vote': 'down-voted',
  'disputed-refusal': 'disputed refusal',
  'rejected-proposal': 'rejected proposal',
  'failed-task': 'failed task',
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

function InboxCard(props: { item: InboxItem }) {
  const i = props.item;
  return (
    <li class="card inbox-item" data-source={i.source}>
      <div class="meta">
        <span class={`badge kind-${i.kind}`}>{KIND_LABELS[i.kind]}</span> <span class="muted">{fmtTime(i.at)}</span> <span class="muted">· {i.userId}</span>
      </div>
      <blockquote class="request">{clip(i.input, 300)}</blockquote>
      {i.withheld ? <p class="notice withheld-notice">{i.withheld}</p> : i.output ? <p class="output">{clip(i.output, 400)}</p> : null}
      {i.why ? (
        <p>
          <strong>Why:</strong> {clip(i.why, 400)}
        </p>
      ) : null}
      <div class="row">
        <a href={i.traceHref}>Trace</a>
        {i.pageHref ? <a href={i.pageHref}>Task</a> : null}
        {i.candidate ? (
          <a href={`/inbox/candidates/${encodeURIComponent(i.candidate.id)}`} class="candidate-link">
            Candidate case ({i.candidate.status})
          </a>
        ) : i.withheld ? null : (
          <button type="button" class="promote" data-source={i.source}>
            Make a golden case
          </button>
        )}
      </div>
    </li>
  );
}

export function InboxPage(props: { identity: Identity; items: InboxItem[]; candidates: CandidateView[] }) {
  return (
    <Layout title="Failure inbox" identity={props.identity} current="/inbox" scripts={['common.js', 'inbox.js']}>
      <h1>Failure inbox</h1>
      <p class="muted">Down-voted answers and tasks, disputed refusals, rejected proposals and failed tasks, newest first. Every failure worth keeping becomes a golden case.</p>
      <div id="inbox-error" class="notice error" role="alert" hidden></div>
      {props.items.length === 0 ? <p>Nothing has failed yet.</p> : <ul class="list" id="inbox">{props.items.map((item) => <InboxCard item={item} />)}</ul>}
      <h2>Candidate cases</h2>
      {props.candidates.length === 0 ? (
        <p class="muted">No candidates yet.</p>
      ) : (
        <ul class="list" id="candidates">
          {props.candidates.map((c) => (
            <li>
              <StatusBadge status={c.status} /> <a href={`/inbox/candidates/${encodeURIComponent(c.id)}`}>{c.case ? clip(c.case.input, 120) : 'withheld'}</a>{' '}
              <span class="muted">{fmtTime(c.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="muted">
        Accepted cases reach the golden set with <code>npm run golden:pull</code>, reviewed like code.
      </p>
    </Layout>
  );
}

const lines = (xs: readonly string[] | undefined) => (xs ?? []).join('\n');

export function CandidatePage(props: { identity: Identity; candidate: CandidateView }) {
  const c = props.candidate;
  const body = c.case;
  return (
    <Layout title="Candidate case" identity={props.identity} current="/inbox" scripts={['common.js', 'candidate.js']}>
      <p>
        <a href="/inbox">← Failure inbox</a>
      </p>
      <h1>
        Candidate golden case <StatusBadge status={c.status} id="candidate-status" />
      </h1>
      <p class="muted">
        From <code>{c.source}</code> · promoted by {c.createdBy} · {fmtTime(c.createdAt)}
      </p>
      {c.withheld || !body ? (
        <p class="notice" id="withheld-notice">
          {c.withheld ?? 'This candidate is not a readable case.'}
        </p>
      ) : (
        <form id="candidate-form" class="card stack" data-id={c.id} novalidate>
          {c.incomplete.length ? (
            <div class="notice" id="incomplete">
              <p>Before it can be accepted:</p>
              <ul>
                {c.incomplete.map((p) => (
                  <li>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <label for="c-input">Input</label>
          <textarea id="c-input" name="input" rows={3} required>
            {body.input}
          </textarea>
          <div class="row">
            <label>
              Kind{' '}
              <select id="c-kind" name="kind">
                {(['ask', 'task'] as const).map((k) => (
                  <option value={k} selected={body.kind === k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label>
              User{' '}
              <select id="c-user" name="user">
                {GOLDEN_USERS.map((u) => (
                  <option value={u} selected={body.user === u}>
                    {u}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Expected route{' '}
              <select id="c-route" name="route">
                {(['answered', 'refused', 'review', 'auto'] as const).map((r) => (
                  <option value={r} selected={body.expect.route === r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset>
            <legend>Tags</legend>
            <div class="row">
              {TAGS.map((t) => (
                <label class="inline">
                  <input type="checkbox" name="tags" value={t} checked={body.tags.includes(t)} /> {t}
                </label>
              ))}
            </div>
          </fieldset>
          <label for="c-facts">Expected facts (one per line, copied literally from a document)</label>
          <textarea id="c-facts" name="facts" rows={3}>
            {lines(body.expect.facts)}
          </textarea>
          <label for="c-documents">Expected documents (corpus slugs, one per line)</label>
          <textarea id="c-documents" name="documents" rows={2}>
            {lines(body.expect.documents)}
          </textarea>
          <label for="c-forbidden">Forbidden strings (one per line, optional)</label>
          <textarea id="c-forbidden" name="forbidden" rows={2}>
            {lines(body.expect.forbidden)}
          </textarea>
          <label for="c-action">Expected action (JSON {'{ "type", "params" }'}, for review / auto routes)</label>
          <textarea id="c-action" name="action" rows={3}>
            {body.expect.action ? JSON.stringify(body.expect.action) : ''}
          </textarea>
          <label for="c-note">Note</label>
          <textarea id="c-note" name="note" rows={2}>
            {body.note ?? ''}
          </textarea>
          <div class="row">
            <button type="submit" data-status="draft" class="secondary" id="save-draft">
              Save draft
            </button>
            <button type="submit" data-status="accepted" id="accept">
              Accept
            </button>
            <button type="submit" data-status="rejected" class="danger" id="reject-candidate">
              Reject
            </button>
          </div>
          <div id="candidate-error" class="notice error" role="alert" hidden></div>
          <div id="candidate-result" class="notice success" role="status" hidden></div>
        </form>
      )}
    </Layout>
  );
}
