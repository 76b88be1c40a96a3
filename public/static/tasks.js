// My tasks: start a task from the form, then open it.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const form = document.getElementById('task-form');
  const input = document.getElementById('task-input');
  const errorBox = document.getElementById('task-error');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) {
      showError(errorBox, 'Describe the request first.');
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showError(errorBox, '');
    try {
      const task = await api('/api/tasks', { method: 'POST', json: { input: text } });
      location.assign(`/tasks/${encodeURIComponent(task.id)}`);
    } catch (err) {
      showError(errorBox, err.message);
      button.disabled = false;
    }
  });
})();
