// Dashboard: sets the kill switch level.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const form = document.getElementById('kill-form');
  const errorBox = document.getElementById('kill-error');
  const resultBox = document.getElementById('kill-result');
  const current = document.getElementById('kill-current');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errorBox, '');
    resultBox.hidden = true;
    const level = (form.querySelector('input[name=level]:checked') || {}).value;
    if (!level) {
      showError(errorBox, 'Choose a level.');
      return;
    }
    if (level === 'off' && !window.confirm('Switch the assistant off for everyone?')) return;
    const reason = document.getElementById('kill-reason').value.trim();
    try {
      const res = await api('/api/admin/kill-switch', { method: 'POST', json: reason ? { level, reason } : { level } });
      current.textContent = res.level;
      resultBox.textContent = `Kill switch set to ${res.level} (was ${res.previous}).`;
      resultBox.hidden = false;
    } catch (err) {
      showError(errorBox, err.message);
    }
  });
})();
