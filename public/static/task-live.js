// Task page: listens on the user's session agent socket and re-renders status and timeline when this task changes.
(function () {
  'use strict';
  const { el, api } = window.UI;
  const root = document.getElementById('task');
  if (!root) return;
  const taskId = root.dataset.taskId;
  const userId = root.dataset.userId;
  const statusEl = document.getElementById('task-status');
  const routeEl = document.getElementById('task-route');
  const dynamic = document.getElementById('task-dynamic');
  const indicator = document.getElementById('live-indicator');
  const FINAL = new Set(['committed', 'rejected', 'expired', 'failed', 'answered', 'needs_input']);
  let status = root.dataset.status;
  let refreshing = false;
  let again = false;

  const fmt = (d) => {
    const date = new Date(d);
    return Number.isNaN(date.getTime()) ? '—' : date.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  };
  const badge = (s) => el('span', { class: `badge status-${s}`, text: s });

  function render(t) {
    status = t.status;
    root.dataset.status = t.status;
    statusEl.className = `badge status-${t.status}`;
    statusEl.textContent = t.status;
    routeEl.textContent = t.route || 'routing…';
    const parts = [];
    if (t.answer) parts.push(el('section', {}, [el('h2', { text: 'Answer' }), el('p', { text: t.answer })]));
    const p = t.proposal;
    if (p && p.action) {
      const dl = el('dl', { class: 'params' });
      for (const [k, v] of Object.entries(p.params || {})) dl.append(el('dt', { text: k }), el('dd', { text: typeof v === 'string' ? v : JSON.stringify(v) }));
      parts.push(el('section', {}, [el('h2', { text: 'Proposal' }), el('p', {}, ['Action: ', el('code', { text: p.action })]), dl]));
    }
    const r = t.review;
    if (r) {
      const sec = el('section', {}, [
        el('h2', { text: 'Review' }),
        el('p', {}, ['Decision: ', badge(r.status), r.decidedBy ? ` by ${r.decidedBy}` : '', r.decidedAt ? ` ${fmt(r.decidedAt)}` : '']),
      ]);
      if (Array.isArray(r.diff) && r.diff.length) {
        sec.append(
          el(
            'ul',
            { class: 'diff' },
            r.diff.map((d) => el('li', {}, [`${d.field}: `, el('del', { text: JSON.stringify(d.from) }), ' → ', el('ins', { text: JSON.stringify(d.to) })])),
          ),
        );
      }
      if (r.comment) sec.append(el('p', { text: `Comment: ${r.comment}` }));
      parts.push(sec);
    }
    if (t.result) {
      const dl = el('dl', { class: 'params' });
      for (const [k, v] of Object.entries(t.result)) dl.append(el('dt', { text: k }), el('dd', { text: typeof v === 'string' ? v : JSON.stringify(v) }));
      parts.push(el('section', {}, [el('h2', { text: 'Result' }), dl]));
    }
    if (t.error) parts.push(el('p', { class: 'notice error', role: 'alert', text: t.error }));
    parts.push(
      el('section', {}, [
        el('h2', { text: 'Timeline' }),
        el(
          'ol',
          { class: 'timeline' },
          (t.timeline || []).map((e) => el('li', {}, [el('time', { text: fmt(e.at) }), ' ', el('strong', { text: e.event }), ' ', el('span', { class: 'muted', text: e.actor || '' })])),
        ),
      ]),
    );
    dynamic.replaceChildren(...parts);
  }

  async function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      render(await api(`/api/tasks/${encodeURIComponent(taskId)}`));
    } catch (err) {
      indicator.textContent = ` · ${err.message}`;
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  // Fallback when the socket is unavailable: poll until the task is final.
  let pollTimer = null;
  function poll() {
    if (pollTimer || FINAL.has(status)) return;
    pollTimer = setInterval(async () => {
      await refresh();
      if (FINAL.has(status)) {
        clearInterval(pollTimer);
        pollTimer = null;
      }
    }, 5000);
  }

  if (root.dataset.live !== 'on') {
    poll();
    return;
  }

  let retries = 0;
  function connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/agents/user-session-agent/${encodeURIComponent(userId)}`);
    ws.addEventListener('open', () => {
      retries = 0;
      indicator.textContent = ' · live';
      if (pollTimer) {
        clearInterval(pollTimer);
        pollTimer = null;
      }
    });
    ws.addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      if (!msg || msg.type !== 'cf_agent_state' || !msg.state || !msg.state.tasks) return;
      const entry = msg.state.tasks[taskId];
      if (entry && entry.status && entry.status !== status) refresh();
    });
    ws.addEventListener('close', () => {
      indicator.textContent = '';
      poll();
      if (retries < 5) setTimeout(connect, 1000 * 2 ** retries++);
    });
  }
  connect();
})();
