// Review page: approve, approve with edits (shows a diff and asks to confirm), or reject with a comment.
(function () {
  'use strict';
  const { el, api, showError } = window.UI;
  const form = document.getElementById('review-form');
  if (!form) return;
  const taskId = form.dataset.taskId;
  const original = JSON.parse(form.dataset.original || '{}');
  const errorBox = document.getElementById('review-error');
  const resultBox = document.getElementById('review-result');
  const diffPanel = document.getElementById('diff-panel');
  const diffList = document.getElementById('diff-list');
  const comment = document.getElementById('comment');
  const buttons = ['approve', 'approve-edits', 'reject'].map((id) => document.getElementById(id));

  function edited() {
    const params = {};
    for (const input of form.querySelectorAll('[data-field]')) {
      const name = input.dataset.field;
      const raw = input.value.trim();
      if (raw === '') {
        if (name in original) params[name] = input.dataset.type === 'number' ? NaN : '';
        continue;
      }
      params[name] = input.dataset.type === 'number' ? Number(raw) : raw;
    }
    return params;
  }

  function diff(from, to) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k])).map((field) => ({ field, from: from[field], to: to[field] }));
  }

  function clearFieldErrors() {
    for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
    for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  }

  function showFieldErrors(body) {
    const fe = body && body.error && body.error.details && body.error.details.fieldErrors;
    if (!fe) return;
    for (const [field, list] of Object.entries(fe)) {
      const p = document.getElementById(`err-${field}`);
      if (p) p.textContent = [].concat(list).join(', ');
      const input = document.getElementById(`f-${field}`);
      if (input) input.setAttribute('aria-invalid', 'true');
    }
  }

  async function decide(payload) {
    clearFieldErrors();
    showError(errorBox, '');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const res = await api(`/api/reviews/${encodeURIComponent(taskId)}/decision`, { method: 'POST', json: payload });
      diffPanel.hidden = true;
      const changes = (res.diff || []).map((d) => `${d.field}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`).join('; ');
      resultBox.textContent = `Review ${res.status}.${changes ? ` Changes: ${changes}.` : ''} The task continues in the background.`;
      resultBox.hidden = false;
      for (const i of form.querySelectorAll('input, select, textarea')) i.disabled = true;
    } catch (err) {
      showFieldErrors(err.body);
      showError(errorBox, err.message);
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  function commentValue() {
    const c = comment.value.trim();
    return c ? c : undefined;
  }

  document.getElementById('approve').addEventListener('click', () => decide({ decision: 'approve', comment: commentValue() }));

  document.getElementById('approve-edits').addEventListener('click', () => {
    clearFieldErrors();
    showError(errorBox, '');
    const params = edited();
    const changes = diff(original, params);
    if (!changes.length) {
      showError(errorBox, 'You have not changed any field. Use Approve to accept the proposal as it is.');
      return;
    }
    diffList.replaceChildren(
      ...changes.map((d) => el('li', {}, [`${d.field}: `, el('del', { text: JSON.stringify(d.from ?? null) }), ' → ', el('ins', { text: JSON.stringify(d.to ?? null) })])),
    );
    diffPanel.hidden = false;
    document.getElementById('confirm-edits').focus();
  });

  document.getElementById('confirm-edits').addEventListener('click', () => decide({ decision: 'approve', params: edited(), comment: commentValue() }));
  document.getElementById('cancel-edits').addEventListener('click', () => {
    diffPanel.hidden = true;
  });

  document.getElementById('reject').addEventListener('click', () => {
    clearFieldErrors();
    const c = commentValue();
    if (!c) {
      document.getElementById('err-comment').textContent = 'Say why you reject it.';
      comment.setAttribute('aria-invalid', 'true');
      comment.focus();
      return;
    }
    if (!window.confirm('Reject this proposal?')) return;
    decide({ decision: 'reject', comment: c });
  });
})();
