// Feedback form: thumbs up posts at once; thumbs down opens reason and comment, then posts. Changing it updates the same row.
(function () {
  'use strict';
  const { api } = window.UI;
  const form = document.getElementById('feedback');
  if (!form) return;
  const details = document.getElementById('feedback-details');
  const reason = document.getElementById('feedback-reason');
  const comment = document.getElementById('feedback-comment');
  const status = document.getElementById('feedback-status');

  function subject() {
    return form.dataset.traceId ? { traceId: form.dataset.traceId } : { taskId: form.dataset.taskId };
  }

  function press(rating) {
    for (const b of form.querySelectorAll('[data-rating]')) b.setAttribute('aria-pressed', String(b.dataset.rating === rating));
  }

  async function send(body) {
    status.textContent = 'Sending…';
    try {
      await api('/api/feedback', { method: 'POST', json: Object.assign(subject(), body) });
      form.dataset.rating = body.rating;
      press(body.rating);
      status.textContent = body.rating === 'up' ? 'Thanks: marked useful. You can change it.' : 'Thanks: marked not useful. You can change it.';
    } catch (err) {
      status.textContent = err.message;
    }
  }

  /** The Ask page reuses one form for each new answer. */
  window.UI.resetFeedback = function (traceId) {
    form.dataset.traceId = traceId;
    delete form.dataset.rating;
    press(null);
    details.hidden = true;
    comment.value = '';
    status.textContent = '';
    form.hidden = false;
  };

  document.getElementById('thumb-up').addEventListener('click', () => {
    details.hidden = true;
    send({ rating: 'up' });
  });
  document.getElementById('thumb-down').addEventListener('click', () => {
    details.hidden = false;
    press('down');
    reason.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { rating: 'down', reason: reason.value };
    if (comment.value.trim()) body.comment = comment.value.trim();
    send(body);
  });
})();
