// Failure inbox: "Make a golden case" promotes the item through the API and opens the candidate editor.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const errorBox = document.getElementById('inbox-error');
  for (const button of document.querySelectorAll('button.promote')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      showError(errorBox, '');
      try {
        const candidate = await api('/api/inbox/promote', { method: 'POST', json: { source: button.dataset.source } });
        location.assign(`/inbox/candidates/${encodeURIComponent(candidate.id)}`);
      } catch (err) {
        showError(errorBox, err.message);
        button.disabled = false;
      }
    });
  }
})();
