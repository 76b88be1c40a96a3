/** Thumbs up/down with a reason and a comment, for an answer (traceId) or a task (taskId); feedback.js posts it. */
import { feedbackReasons } from '../db/schema';

export interface FeedbackView {
  rating: 'up' | 'down';
  reason: string | null;
  comment: string | null;
}

const REASON_LABELS: Record<(typeof feedbackReasons)[number], string> = {
  wrong: 'Wrong',
  incomplete: 'Incomplete',
  'not-grounded': 'Not grounded in the documents',
  unsafe: 'Unsafe',
  other: 'Other',
};

export function FeedbackForm(props: { traceId?: string; taskId?: string; current?: FeedbackView | null; hidden?: boolean }) {
  const current = props.current ?? null;
  return (
    <form id="feedback" class="feedback card stack" data-trace-id={props.traceId} data-task-id={props.taskId} data-rating={current?.rating} hidden={props.hidden}>
      <fieldset>
        <legend>Was this useful?</legend>
        <div class="row">
          <button type="button" class="secondary thumb" id="thumb-up" data-rating="up" aria-pressed={current?.rating === 'up' ? 'true' : 'false'}>
            Yes, useful
          </button>
          <button type="button" class="secondary thumb" id="thumb-down" data-rating="down" aria-pressed={current?.rating === 'down' ? 'true' : 'false'}>
            No
          </button>
        </div>
      </fieldset>
      <div id="feedback-details" class="stack" hidden={current?.rating !== 'down'}>
        <label for="feedback-reason">What was wrong?</label>
        <select id="feedback-reason" name="reason">
          {feedbackReasons.map((r) => (
            <option value={r} selected={current?.reason === r}>
              {REASON_LABELS[r]}
            </option>
          ))}
        </select>
        <label for="feedback-comment">Comment (optional; personal data is removed)</label>
        <textarea id="feedback-comment" name="comment" rows={2} maxlength={2000}>
          {current?.comment ?? ''}
        </textarea>
        <div class="row">
          <button type="submit" id="feedback-send">
            Send feedback
          </button>
        </div>
      </div>
      <p id="feedback-status" class="muted" role="status" aria-live="polite">
        {current ? `Your feedback: ${current.rating === 'up' ? 'useful' : 'not useful'}. You can change it.` : ''}
      </p>
    </form>
  );
}
