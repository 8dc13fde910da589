// Segments: every watched piece of border with its open alerts, last observation and coverage.
// A segment whose latest scan saw too little is flagged: "no alert" there means "not seen".
import { api, enc } from './api.js';
import { h, mount } from './dom.js';
import { date, metres, pct } from './format.js';

export async function render() {
  const page = await api.get('/api/segments?limit=1000');
  const rows = page.items.map((s) => h('tr', { class: s.coverageNotice ? 'notice' : '' },
    h('td', { class: 'mono' }, h('a', { href: `#/?segment=${enc(s.id)}` }, s.id)),
    h('td', {}, s.name ?? ''),
    h('td', {}, s.sideNames ? `${s.sideNames.left ?? '?'} | ${s.sideNames.right ?? '?'}` : '—'),
    h('td', { class: 'num' }, metres(s.lengthM)),
    h('td', { class: 'num strong' }, String(s.openAlerts)),
    h('td', { class: 'num' }, String(s.alertCounts.confirmed)),
    h('td', { class: 'num' }, String(s.alertCounts.dismissed)),
    h('td', { class: 'num' }, date(s.lastAlertSeen)),
    h('td', { class: 'num' }, date(s.lastObservedAt)),
    h('td', { class: 'num' }, pct(s.lastObservedShare), s.coverageNotice ? h('span', { class: 'pill warn', title: 'Most of the corridor was cloud or nodata in the latest scan' }, 'not observable') : null),
  ));
  mount(
    h('div', { class: 'pagehead' }, h('h1', {}, 'Segments'), h('span', { class: 'muted' }, `${page.total} watched`)),
    page.items.length
      ? h('table', { class: 'segments' }, h('thead', {}, h('tr', {}, ['Segment', 'Name', 'Sides (left | right)', 'Length', 'Open', 'Confirmed', 'Dismissed', 'Last alert', 'Last observed', 'Coverage'].map((t) => h('th', {}, t)))), h('tbody', {}, rows))
      : h('div', { class: 'empty card' }, h('h2', {}, 'No segments loaded'), h('p', { class: 'muted' }, 'An operator loads a segment file with PUT /api/segments.')),
  );
}
