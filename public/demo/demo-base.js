/*
 * Demo page: the shared namespace `window.ClinicProDemo` with the page's state, the small DOM
 * helpers, the gateway call with the typed key and the error banner. Needs demo-core.js first;
 * demo.js wires the page.
 */
(function () {
  'use strict';
  const app = (window.ClinicProDemo = window.ClinicProDemo || {});
  const API = '/api/integrations/medtech';

  const el = (id) => document.getElementById(id);
  const state = {
    config: { facilities: [], patients: [], practitioners: [] },
    capabilities: null,
    session: null,
    files: new Map(),
    pollTimer: null,
    generation: 0,
    offsetMs: 0,
  };

  function make(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'text') node.textContent = value;
      else if (key === 'testid') node.setAttribute('data-testid', value);
      else if (key in node && typeof value !== 'string') node[key] = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  /** replaceChildren that skips absent (null) children instead of printing "null". */
  function fill(node, children) {
    node.replaceChildren(...children.filter(Boolean));
  }

  function showError(error) {
    const banner = el('demo-error');
    if (!error) {
      banner.hidden = true;
      banner.replaceChildren();
      return;
    }
    const details = (error.details || []).map((d) =>
      make('li', { text: (d.path || '') + ' ' + (d.problem || d.code || '') }),
    );
    fill(banner, [
      make('strong', { text: error.code }),
      document.createTextNode(
        ' ' + error.message + (error.correlationId ? ' (correlation ' + error.correlationId + ')' : ''),
      ),
      details.length ? make('ul', {}, details) : null,
    ]);
    banner.hidden = false;
  }

  /** Calls the gateway with the typed key: `{ status, ok, body, date }`; a network failure throws. */
  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + el('api-key').value.trim() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const text = await response.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch (_ignored) {
      parsed = null;
    }
    return { status: response.status, ok: response.ok, body: parsed, date: response.headers.get('Date') };
  }

  async function guarded(action) {
    try {
      showError(null);
      await action();
    } catch (thrown) {
      showError({ code: 'NETWORK_ERROR', message: String((thrown && thrown.message) || thrown) });
    }
  }

  Object.assign(app, {
    el: el,
    state: state,
    make: make,
    fill: fill,
    showError: showError,
    api: api,
    guarded: guarded,
  });
})();
