// Dashboard entry: sign-in, a hash router (#/, #/alerts/<id>, #/segments, #/silences) and the
// global keys. Each view is a module exporting render(params) → an optional cleanup function.
import { api, token } from './api.js';
import { h, mount, typing } from './dom.js';
import * as queue from './queue.js';
import * as alert from './alert.js';
import * as segments from './segments.js';
import * as silences from './silences.js';

export const session = { meta: null };
let cleanup = null;

function signIn(message) {
  document.getElementById('signout').hidden = true;
  document.getElementById('who').textContent = '';
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', placeholder: 'bw_…', required: true, 'aria-label': 'API token' });
  mount(h('form', {
    class: 'signin card',
    onsubmit: (e) => {
      e.preventDefault();
      token.set(input.value.trim());
      start();
    },
  }, h('h1', {}, 'Sign in'), h('p', { class: 'muted' }, 'Paste the API token you were given (', h('code', {}, 'borderwatch tokens create'), ').'),
  message ? h('p', { class: 'error' }, message) : null, input, h('button', { class: 'primary' }, 'Sign in')));
  input.focus();
}

async function route() {
  if (cleanup) cleanup();
  cleanup = null;
  const hash = location.hash.replace(/^#/, '') || '/';
  const parts = hash.split('?')[0].split('/').filter(Boolean);
  const nav = parts[0] === 'segments' ? 'segments' : parts[0] === 'silences' ? 'silences' : 'queue';
  for (const a of document.querySelectorAll('[data-nav]')) a.classList.toggle('active', a.dataset.nav === nav);
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  try {
    if (parts[0] === 'alerts' && parts[1]) cleanup = await alert.render(decodeURIComponent(parts[1]), session);
    else if (parts[0] === 'segments') cleanup = await segments.render(params, session);
    else if (parts[0] === 'silences') cleanup = await silences.render(params, session);
    else cleanup = await queue.render(params, session);
  } catch (err) {
    if (err.status === 401) return;
    mount(h('div', { class: 'card error' }, h('h2', {}, 'Could not load this page'), h('p', {}, err.message)));
  }
}

async function start() {
  if (!token.get()) return signIn();
  try {
    session.meta = await api.get('/api/meta');
  } catch (err) {
    return signIn(err.status === 401 ? 'That token is unknown or revoked.' : err.message);
  }
  const p = session.meta.principal;
  document.getElementById('who').textContent = `${p.actor} · ${p.role}`;
  document.getElementById('signout').hidden = false;
  await route();
}

let pendingG = false;
document.addEventListener('keydown', (e) => {
  if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === '?') {
    document.getElementById('help').showModal();
    return;
  }
  if (pendingG) {
    pendingG = false;
    const target = { q: '#/', s: '#/segments', l: '#/silences' }[e.key];
    if (target) location.hash = target;
    return;
  }
  if (e.key === 'g') pendingG = true;
});

window.addEventListener('hashchange', () => { if (session.meta) route(); });
window.addEventListener('bw:signed-out', () => { session.meta = null; signIn('Your session ended; sign in again.'); });
document.getElementById('signout').addEventListener('click', () => { token.clear(); session.meta = null; signIn(); });
document.getElementById('help-button').addEventListener('click', () => document.getElementById('help').showModal());
start();
