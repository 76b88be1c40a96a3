// Candidate editor: builds the case from the form and saves it as a draft, accepted or rejected.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const form = document.getElementById('candidate-form');
  if (!form) return;
  const errorBox = document.getElementById('candidate-error');
  const result = document.getElementById('candidate-result');
  const value = (name) => form.elements[name].value.trim();
  const list = (name) =>
    value(name)
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);

  function buildCase() {
    const expect = { route: value('route') };
    for (const key of ['documents', 'facts', 'forbidden']) {
      const xs = list(key);
      if (xs.length || key !== 'forbidden') expect[key] = xs;
    }
    if (value('action')) {
      try {
        expect.action = JSON.parse(value('action'));
      } catch {
        throw new Error('The expected action is not valid JSON.');
      }
    }
    const c = { tags: [...form.querySelectorAll('input[name="tags"]:checked')].map((i) => i.value), user: value('user'), kind: value('kind'), input: value('input'), expect };
    if (value('note')) c.note = value('note');
    return c;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = (e.submitter && e.submitter.dataset.status) || 'draft';
    showError(errorBox, '');
    result.hidden = true;
    try {
      const saved = await api(`/api/golden/candidates/${encodeURIComponent(form.dataset.id)}`, { method: 'PUT', json: { status, case: buildCase() } });
      const badge = document.getElementById('candidate-status');
      badge.textContent = saved.status;
      badge.className = `badge status-${saved.status}`;
      const incomplete = document.getElementById('incomplete');
      if (incomplete) incomplete.hidden = saved.incomplete.length === 0;
      result.textContent = saved.status === 'accepted' ? 'Accepted: npm run golden:pull will write it into the golden set.' : `Saved (${saved.status}).`;
      result.hidden = false;
    } catch (err) {
      showError(errorBox, err.message);
    }
  });
})();
