// Shared helpers for the page scripts: DOM building and readable API errors (never raw JSON).
(function () {
  'use strict';
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of [].concat(children || [])) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** A sentence from an API error body {error:{code,message,details?}}. */
  function describeError(body, status) {
    const err = body && body.error;
    if (!err) return `The request failed (HTTP ${status}).`;
    let msg = err.message || 'The request failed.';
    const d = err.details;
    if (d && typeof d === 'object') {
      const parts = [];
      if (Array.isArray(d.formErrors)) parts.push(...d.formErrors);
      if (d.fieldErrors && typeof d.fieldErrors === 'object') {
        for (const [field, list] of Object.entries(d.fieldErrors)) parts.push(`${field}: ${[].concat(list).join(', ')}`);
      }
      if (parts.length) msg += ` (${parts.join('; ')})`;
    }
    if (status === 429) msg += ' Please wait a minute and try again.';
    return msg;
  }

  class ApiError extends Error {
    constructor(message, status, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  async function api(path, options) {
    const opts = Object.assign({ credentials: 'same-origin' }, options || {});
    opts.headers = Object.assign({ Accept: 'application/json' }, opts.headers || {});
    if (opts.json !== undefined) {
      opts.body = JSON.stringify(opts.json);
      opts.headers['Content-Type'] = 'application/json';
      delete opts.json;
    }
    let res;
    try {
      res = await fetch(path, opts);
    } catch {
      throw new ApiError('Could not reach the server. Check your connection and try again.', 0, null);
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) throw new ApiError(describeError(body, res.status), res.status, body);
    return body;
  }

  function showError(node, message) {
    if (!node) return;
    node.textContent = message || '';
    node.hidden = !message;
  }

  window.UI = { el, api, describeError, showError, ApiError };
})();
