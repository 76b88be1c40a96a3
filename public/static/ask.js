// Ask page: streams POST /api/ask as server-sent events and renders the answer with linked [n] markers.
(function () {
  'use strict';
  const { el, api, describeError, showError } = window.UI;
  const form = document.getElementById('ask-form');
  const question = document.getElementById('question');
  const bypass = document.getElementById('bypass-cache');
  const submit = document.getElementById('ask-submit');
  const toTask = document.getElementById('to-task');
  const status = document.getElementById('ask-status');
  const errorBox = document.getElementById('ask-error');
  const section = document.getElementById('answer-section');
  const answerEl = document.getElementById('answer');
  const meta = document.getElementById('answer-meta');
  const notFound = document.getElementById('not-found');
  const list = document.getElementById('citations');
  let raw = '';

  /** The answer text with each [n] turned into a link to citation card n. */
  function renderAnswer(text) {
    answerEl.replaceChildren();
    const re = /\[(\d+)\]/g;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      answerEl.append(text.slice(last, m.index));
      answerEl.append(el('a', { href: `#cite-${m[1]}`, class: 'marker', 'aria-label': `source ${m[1]}`, text: `[${m[1]}]` }));
      last = m.index + m[0].length;
    }
    answerEl.append(text.slice(last));
  }

  /** The snippet with the question's words wrapped in <mark>. */
  function highlighted(snippet, q) {
    const words = [...new Set(q.toLowerCase().match(/[a-z0-9]{4,}/g) || [])];
    const p = el('p');
    if (!words.length) {
      p.append(el('mark', { text: snippet }));
      return p;
    }
    const re = new RegExp(`\\b(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\w*`, 'gi');
    let last = 0;
    let m;
    while ((m = re.exec(snippet))) {
      p.append(snippet.slice(last, m.index), el('mark', { text: m[0] }));
      last = m.index + m[0].length;
    }
    p.append(snippet.slice(last));
    return p;
  }

  function renderCitations(citations, q) {
    list.replaceChildren();
    citations.forEach((c, i) => {
      const n = i + 1;
      // Snippets are exact spans of the source text; Markdown emphasis markers are noise on screen.
      const snippet = c.snippet.replace(/\*\*|__/g, '');
      const short = snippet.length > 220 ? `${snippet.slice(0, 220)}…` : snippet;
      const href = `/documents/${encodeURIComponent(c.documentId)}?start=${c.start}&end=${c.end}`;
      list.append(
        el('li', { class: 'citation card', id: `cite-${n}` }, [
          el('h3', { text: `[${n}] ${c.title}` }),
          el('p', { class: 'snippet', text: short }),
          el('details', {}, [el('summary', { text: 'Show the cited passage' }), highlighted(snippet, q)]),
          el('a', { href, text: 'Open document' }),
        ]),
      );
    });
  }

  function parseEvent(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    let json = null;
    try {
      json = data.length ? JSON.parse(data.join('\n')) : null;
    } catch {
      json = null;
    }
    return { event, data: json };
  }

  function handle(evt, q) {
    if (evt.event === 'status') status.textContent = 'Searching the documents…';
    else if (evt.event === 'delta' && evt.data) {
      raw += evt.data.text || '';
      renderAnswer(raw);
      status.textContent = 'Answering…';
    } else if (evt.event === 'done' && evt.data) {
      const d = evt.data;
      renderAnswer(d.answer || raw);
      renderCitations(d.citations || [], q);
      notFound.hidden = d.grounded !== false;
      const bits = [];
      if (d.mode === 'retrieval-only') bits.push('Retrieval only (answers are switched off)');
      if (typeof d.confidence === 'number') bits.push(`confidence ${Math.round(d.confidence * 100)}%`);
      if (d.cached) bits.push('from cache');
      meta.textContent = bits.join(' · ');
      status.textContent = 'Done.';
      if (d.traceId && window.UI.resetFeedback) window.UI.resetFeedback(d.traceId);
    } else if (evt.event === 'error') {
      showError(errorBox, describeError(evt.data, 500));
      status.textContent = '';
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const q = question.value.trim();
    if (!q) {
      showError(errorBox, 'Type a question first.');
      question.focus();
      return;
    }
    showError(errorBox, '');
    raw = '';
    answerEl.replaceChildren();
    list.replaceChildren();
    meta.textContent = '';
    notFound.hidden = true;
    document.getElementById('feedback').hidden = true;
    section.hidden = false;
    submit.disabled = true;
    status.textContent = 'Asking…';
    try {
      const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
      if (bypass.checked) headers['Cache-Control'] = 'no-cache';
      let res;
      try {
        res = await fetch('/api/ask', { method: 'POST', headers, body: JSON.stringify({ question: q }), credentials: 'same-origin' });
      } catch {
        throw new Error('Could not reach the server. Check your connection and try again.');
      }
      if (!res.ok || !res.body) {
        let body = null;
        try {
          body = await res.json();
        } catch {
          body = null;
        }
        throw new Error(describeError(body, res.status));
      }
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          if (block.trim()) handle(parseEvent(block), q);
        }
      }
      if (buffer.trim()) handle(parseEvent(buffer), q);
    } catch (err) {
      section.hidden = !raw;
      status.textContent = '';
      showError(errorBox, err.message);
    } finally {
      submit.disabled = false;
    }
  });

  toTask.addEventListener('click', async () => {
    const q = question.value.trim();
    if (!q) {
      showError(errorBox, 'Type the request first.');
      question.focus();
      return;
    }
    toTask.disabled = true;
    showError(errorBox, '');
    try {
      const task = await api('/api/tasks', { method: 'POST', json: { input: q } });
      location.assign(`/tasks/${encodeURIComponent(task.id)}`);
    } catch (err) {
      showError(errorBox, err.message);
      toTask.disabled = false;
    }
  });
})();
