// Documents: upload (multipart) with a progress bar polling ingestion, and delete with a confirmation.
(function () {
  'use strict';
  const { api, showError } = window.UI;
  const form = document.getElementById('upload-form');
  const listError = document.getElementById('list-error');

  for (const button of document.querySelectorAll('.delete-doc')) {
    button.addEventListener('click', async () => {
      if (!window.confirm(`Delete "${button.dataset.title}"? Its chunks and vectors are removed too.`)) return;
      button.disabled = true;
      try {
        await api(`/api/documents/${encodeURIComponent(button.dataset.id)}`, { method: 'DELETE' });
        button.closest('tr').remove();
      } catch (err) {
        showError(listError, err.message);
        button.disabled = false;
      }
    });
  }

  // While a bulk upload runs, refresh its row from GET /api/documents/batches.
  async function pollBatches() {
    for (;;) {
      const running = document.querySelectorAll('#batches-table tr[data-batch-status="queued"], #batches-table tr[data-batch-status="running"]');
      if (running.length === 0) return;
      await new Promise((r) => setTimeout(r, 2000));
      let list;
      try {
        list = await api('/api/documents/batches?limit=20');
      } catch (err) {
        showError(listError, err.message);
        return;
      }
      for (const b of list.batches) {
        const row = document.querySelector(`#batches-table tr[data-batch-id="${b.id}"]`);
        if (!row) continue;
        const d = b.documents;
        row.dataset.batchStatus = b.status;
        row.querySelector('.badge').textContent = b.status;
        row.querySelector('.badge').className = `badge status-${b.status}`;
        row.querySelector('.batch-docs').textContent = `${d.ready} / ${d.failed} / ${d.queued + d.parsing + d.embedding + d.ready + d.failed}`;
        const bar = row.querySelector('.batch-progress');
        bar.max = Math.max(b.chunks.total, 1);
        bar.value = b.chunks.done;
        row.querySelector('.batch-chunks').textContent = `${b.chunks.done}/${b.chunks.total}`;
      }
    }
  }
  void pollBatches();

  if (!form) return;
  const wrap = document.getElementById('upload-progress');
  const bar = document.getElementById('progress-bar');
  const label = document.getElementById('progress-label');
  const errorBox = document.getElementById('upload-error');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function show(doc) {
    const p = doc.progress || {};
    let pct = { queued: 5, parsing: 15, embedding: 20, ready: 100, failed: 100 }[doc.status] ?? 0;
    let text = doc.status;
    if (doc.status === 'embedding' && p.total) {
      pct = 20 + Math.round((80 * (p.done || 0)) / p.total);
      text = `embedding ${p.done || 0}/${p.total}`;
    }
    if (doc.status === 'ready') text = `ready — ${doc.chunkCount} chunks`;
    if (doc.status === 'failed') text = `failed: ${doc.error || 'unknown reason'}`;
    bar.value = pct;
    label.textContent = `${doc.title}: ${text}`;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(errorBox, '');
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || !file.name) {
      showError(errorBox, 'Choose a file to upload.');
      return;
    }
    for (const key of ['title', 'groups']) if (!String(data.get(key) || '').trim()) data.delete(key);
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    wrap.hidden = false;
    bar.value = 0;
    label.textContent = 'Uploading…';
    try {
      let doc = await api('/api/documents', { method: 'POST', body: data });
      if (doc.duplicate) label.textContent = 'This file was already uploaded.';
      for (let i = 0; i < 600 && doc.status !== 'ready' && doc.status !== 'failed'; i++) {
        show(doc);
        await sleep(1000);
        doc = await api(`/api/documents/${encodeURIComponent(doc.id)}`);
      }
      show(doc);
      if (doc.status === 'failed') showError(errorBox, `Ingestion failed: ${doc.error || 'unknown reason'}`);
      else setTimeout(() => location.reload(), 1500);
    } catch (err) {
      showError(errorBox, err.message);
      wrap.hidden = true;
    } finally {
      button.disabled = false;
    }
  });
})();
