/** The evidence beside a review: system-of-record facts, the policy passages that apply, and a decided edit's diff. */
import type { OrderFacts, TicketFacts } from '../db/sor-facts';
import type { ReviewEvidence } from '../usecases/review-evidence';
import { CitationCard, fmtTime } from './common';

const usd = (x: number) => `$${x.toFixed(2)}`;

function OrderCard(props: { order: OrderFacts; proposedUsd: number | null }) {
  const o = props.order;
  const exceeds = props.proposedUsd !== null && props.proposedUsd > o.remainingUsd + 0.005;
  return (
    <div class="card" id="order-evidence">
      <h3>Order {o.id}</h3>
      <dl class="params">
        <dt>Placed</dt>
        <dd>{o.placedAt}</dd>
        <dt>Status</dt>
        <dd>{o.status}</dd>
        <dt>Items</dt>
        <dd>{o.items.join(', ')}</dd>
        <dt>Order total</dt>
        <dd id="order-total">{usd(o.totalUsd)}</dd>
        <dt>Refunded so far</dt>
        <dd id="order-refunded">{usd(o.refundedUsd)}</dd>
        <dt>Remaining refundable</dt>
        <dd id="order-remaining">
          <strong>{usd(o.remainingUsd)}</strong>
        </dd>
      </dl>
      {exceeds ? (
        <p class="notice error" role="alert">
          The proposed refund ({usd(props.proposedUsd!)}) is more than what remains refundable; the system of record will refuse it.
        </p>
      ) : null}
      {o.refunds.length ? (
        <>
          <h4>Earlier refunds</h4>
          <ul id="order-refunds">
            {o.refunds.map((r) => (
              <li>
                {usd(r.amountUsd)} · {r.reason} · <span class="muted">{fmtTime(r.at)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="muted">No earlier refunds.</p>
      )}
    </div>
  );
}

function TicketCard(props: { ticket: TicketFacts }) {
  const t = props.ticket;
  return (
    <div class="card" id="ticket-evidence">
      <h3>
        Ticket {t.id}: {t.subject}
      </h3>
      <dl class="params">
        <dt>Status</dt>
        <dd>{t.status}</dd>
        <dt>Priority</dt>
        <dd>{t.priority}</dd>
        <dt>Escalation</dt>
        <dd>{t.escalationLevel ?? 'none'}</dd>
        <dt>Order</dt>
        <dd>{t.orderId ?? '—'}</dd>
      </dl>
      <h4>History</h4>
      {t.events.length ? (
        <ol class="timeline" id="ticket-history">
          {t.events.map((e) => (
            <li>
              <time>{fmtTime(e.at)}</time> <strong>{e.kind}</strong> <span class="muted">{Object.entries(e.body).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' · ')}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">No earlier events on this ticket.</p>
      )}
    </div>
  );
}

export function EvidenceSections(props: { evidence: ReviewEvidence; params: Record<string, unknown> }) {
  const { order, ticket, policies, diff } = props.evidence;
  const amount = typeof props.params.amountUsd === 'number' ? props.params.amountUsd : null;
  return (
    <>
      <section aria-labelledby="sor-h">
        <h2 id="sor-h">System of record</h2>
        {order ? <OrderCard order={order} proposedUsd={amount} /> : null}
        {ticket ? <TicketCard ticket={ticket} /> : null}
        {!order && !ticket ? <p class="muted">The action names no order or ticket that exists.</p> : null}
      </section>
      <section aria-labelledby="policy-h">
        <h2 id="policy-h">Policy that applies</h2>
        {policies.length ? (
          <ol class="citations" id="policy-passages">
            {policies.map((c, i) => (
              <CitationCard citation={c} n={i + 1} idPrefix="policy" />
            ))}
          </ol>
        ) : (
          <p class="muted">No policy passage in your groups matches this action.</p>
        )}
      </section>
      {diff.length ? (
        <section aria-labelledby="diff-h">
          <h2 id="diff-h">Edits against the proposal</h2>
          <ul class="diff" id="decided-diff">
            {diff.map((d) => (
              <li>
                {d.field}: <del>{JSON.stringify(d.from)}</del> → <ins>{JSON.stringify(d.to)}</ins>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
