// The alert queue: most severe and newest first, filters in the URL (so a view can be shared),
// keyboard triage (j/k, Enter, x to select, A/D for bulk acknowledge/dismiss).
import { api, enc } from './api.js';
import { h, mount, toast, typing } from './dom.js';
import { area, dateTime, metres, side, severity } from './format.js';
import { dismissDialog } from './dismiss.js';

const PAGE = 50;
const OPEN = 'new,acknowledged';

/** The queue the alert page walks with j/k: the last list shown. */
export const lastQueue = { fingerprints: [], hash: '#/' };

function filterBar(params, session, onChange) {
  const state = params.get('state') ?? OPEN;
  const select = (name, options, value) => h('select', { name, 'aria-label': name, onchange: onChange },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
  return h('form', { class: 'filters', onsubmit: (e) => { e.preventDefault(); onChange(); } },
    select('state', [[OPEN, 'Open (new + acknowledged)'], ['new', 'New'], ['acknowledged', 'Acknowledged'], ['confirmed', 'Confirmed'],
      ['dismissed', 'Dismissed'], ['suppressed', 'Suppressed'], ['closed', 'Closed'], [session.meta.states.join(','), 'All states']], state),
    select('kind', [['', 'Any kind'], ['ground', 'Ground'], ['aerial', 'Aerial']], params.get('kind') ?? ''),
    select('order', [['severity', 'Most severe first'], ['recent', 'Newest first']], params.get('order') ?? 'severity'),
    h('input', { name: 'segment', placeholder: 'Segment id', value: params.get('segment') ?? '', size: 24, 'aria-label': 'segment' }),
    h('label', {}, 'seen from ', h('input', { type: 'date', name: 'from', value: params.get('from') ?? '', onchange: onChange })),
    h('label', {}, 'to ', h('input', { type: 'date', name: 'to', value: params.get('to') ?? '', onchange: onChange })),
  );
}

export async function render(params, session) {
  const offset = Number(params.get('offset') ?? 0);
  const q = new URLSearchParams({ state: params.get('state') ?? OPEN, order: params.get('order') ?? 'severity', limit: String(PAGE), offset: String(offset) });
  for (const k of ['kind', 'segment']) if (params.get(k)) q.set(k, params.get(k));
  if (params.get('from')) q.set('from', `${params.get('from')}T00:00:00Z`);
  if (params.get('to')) q.set('to', `${params.get('to')}T23:59:59Z`);
  const page = await api.get(`/api/alerts?${q}`);
  const canReview = session.meta.principal.permissions.includes('alerts:review');
  lastQueue.fingerprints = page.items.map((a) => a.fingerprint);
  lastQueue.hash = location.hash || '#/';

  let cursor = 0;
  const selected = new Set();
  const rows = page.items.map((a, i) => h('tr', { class: `sev-${severity(a.severity ?? a.score)}`, dataset: { fp: a.fingerprint, index: i }, onclick: (e) => {
    if (e.target instanceof HTMLInputElement) return;
    location.hash = `#/alerts/${enc(a.fingerprint)}`;
  } },
    h('td', { class: 'sel' }, canReview ? h('input', { type: 'checkbox', 'aria-label': 'select', onchange: (e) => { e.target.checked ? selected.add(a.fingerprint) : selected.delete(a.fingerprint); bulkBar(); } }) : null),
    h('td', { class: 'score', title: `detector score ${a.score.toFixed(2)}; severity adds crossing / at-the-line` }, h('span', { class: 'bar', style: `--w:${Math.round((a.severity ?? a.score) * 100)}%` }), (a.severity ?? a.score).toFixed(2)),
    h('td', {}, h('span', { class: `pill state-${a.state}` }, a.state)),
    h('td', {}, a.kind),
    h('td', { class: 'mono' }, a.segmentId),
    h('td', {}, side(a)),
    h('td', { class: 'num' }, metres(a.distanceToLineM), a.crossesLine ? h('span', { class: 'flag', title: 'crosses the border line' }, ' ⨯line') : null),
    h('td', { class: 'num' }, area(a.areaM2)),
    h('td', {}, a.confidence),
    h('td', { class: 'num' }, dateTime(a.lastSeen)),
    h('td', {}, a.assignee ?? ''),
  ));
  const tbody = h('tbody', {}, rows);
  const bar = h('div', { class: 'bulk', hidden: true });
  function bulkBar() {
    bar.hidden = selected.size === 0;
    bar.replaceChildren(h('span', {}, `${selected.size} selected`),
      h('button', { onclick: () => bulk({ type: 'acknowledge' }) }, 'Acknowledge (A)'),
      h('button', { onclick: () => bulkDismiss() }, 'Dismiss… (D)'));
  }
  async function bulk(action) {
    const r = await api.post('/api/alerts/actions', { fingerprints: [...selected], action });
    toast(`${r.applied} updated${r.refused ? `, ${r.refused} refused` : ''}`, r.refused ? 'warn' : 'ok');
    render(params, session).then((c) => { cleanupFn = c; });
  }
  async function bulkDismiss() {
    const choice = await dismissDialog(session.meta.dismissReasons, `${selected.size} alerts`);
    if (choice) await bulk({ type: 'dismiss', ...choice });
  }
  function move(to) {
    if (!rows.length) return;
    rows[cursor]?.classList.remove('cursor');
    cursor = Math.max(0, Math.min(rows.length - 1, to));
    rows[cursor].classList.add('cursor');
    rows[cursor].scrollIntoView({ block: 'nearest' });
  }
  const apply = () => {
    const f = document.querySelector('form.filters');
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(f)) if (v) next.set(k, String(v));
    location.hash = `#/?${next}`;
  };
  const nav = (o) => { const p = new URLSearchParams(params); p.set('offset', String(o)); location.hash = `#/?${p}`; };
  mount(
    h('div', { class: 'pagehead' }, h('h1', {}, 'Alert queue'), h('span', { class: 'muted' }, `${page.total} matching`)),
    filterBar(params, session, apply),
    bar,
    page.items.length
      ? h('table', { class: 'queue' }, h('thead', {}, h('tr', {}, ['', 'Severity', 'State', 'Kind', 'Segment', 'Side', 'To line', 'Area', 'Confidence', 'Last seen', 'Assignee'].map((t) => h('th', {}, t)))), tbody)
      : h('div', { class: 'empty card' }, h('h2', {}, 'Nothing to review'), h('p', { class: 'muted' }, 'No alert matches these filters. New scans add alerts here.')),
    h('div', { class: 'pager' },
      h('button', { disabled: offset === 0, onclick: () => nav(Math.max(0, offset - PAGE)) }, '← Previous'),
      h('span', { class: 'muted' }, page.total ? `${offset + 1}–${offset + page.items.length} of ${page.total}` : ''),
      h('button', { disabled: !page.links.next, onclick: () => nav(offset + PAGE) }, 'Next →')),
  );
  move(0);
  const onKey = (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
    if (e.key === 'j') move(cursor + 1);
    else if (e.key === 'k') move(cursor - 1);
    else if ((e.key === 'Enter' || e.key === 'o') && rows[cursor]) location.hash = `#/alerts/${enc(rows[cursor].dataset.fp)}`;
    else if (e.key === 'x' && canReview && rows[cursor]) rows[cursor].querySelector('input').click();
    else if (e.key === 'A' && selected.size) bulk({ type: 'acknowledge' });
    else if (e.key === 'D' && selected.size) bulkDismiss();
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  let cleanupFn = () => document.removeEventListener('keydown', onKey);
  return () => cleanupFn();
}
