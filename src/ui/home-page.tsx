/** Ask (/): a question, streamed answer with [n] markers linked to citation cards, and "Turn into a task". */
import type { Identity } from '../auth/identity';
import { FeedbackForm } from './feedback-form';
import { Layout } from './layout';

export function HomePage(props: { identity: Identity }) {
  return (
    <Layout title="Ask" identity={props.identity} current="/" scripts={['common.js', 'feedback.js', 'ask.js']}>
      <h1>Ask the documents</h1>
      <form id="ask-form" class="card stack">
        <label for="question">Your question</label>
        <textarea id="question" name="question" rows={3} required maxlength={2000} placeholder="e.g. How long do customers have to request a refund?"></textarea>
        <label class="inline">
          <input type="checkbox" id="bypass-cache" name="bypass" /> Bypass cache
        </label>
        <div class="row">
          <button type="submit" id="ask-submit">
            Ask
          </button>
          <button type="button" id="to-task" class="secondary">
            Turn into a task
          </button>
        </div>
      </form>
      <p id="ask-status" class="muted" role="status" aria-live="polite"></p>
      <div id="ask-error" class="notice error" role="alert" hidden></div>
      <section id="answer-section" hidden aria-labelledby="answer-h">
        <h2 id="answer-h">Answer</h2>
        <div id="not-found" class="notice" hidden>
          Not found in the documents.
        </div>
        <p id="answer" class="answer" aria-live="polite"></p>
        <p id="answer-meta" class="muted"></p>
        <h2>Sources</h2>
        <ol id="citations" class="citations"></ol>
        <FeedbackForm hidden={true} />
      </section>
    </Layout>
  );
}
