// Silences: authorised-activity windows (Alertmanager's idea, per segment). Everyone sees them;
// operators create and expire them. A silence needs a comment: someone must be able to explain it.
import { api, enc } from './api.js';
import { h, mount, toast } from './dom.js';
import { area, dateTime } from './format.js';

function status(s, now) {
  if (s.endsAt <= now) return ['expired', 'muted'];
  if (s.startsAt > now) return ['upcoming', 'state-acknowledged'];
  return ['active', 'state-confirmed'];
}

function matchers(m) {
  const parts = [];
  if (m.segmentIds) parts.push(`segment ${m.segmentIds.join(' | ')}`);
  if (m.kinds) parts.push(`kind ${m.kinds.join(' | ')}`);
  if (m.sides) parts.push(`side ${m.sides.join(' | ')}`);
  if (m.minAreaM2 !== undefined) parts.push(`area ≥ ${area(m.minAreaM2)}`);
  if (m.maxAreaM2 !== undefined) parts.push(`area ≤ ${area(m.maxAreaM2)}`);
  return parts.join(' · ');
}

function form(onCreated) {
  const nowLocal = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  const f = h('form', { class: 'card silence-form', onsubmit: async (e) => {
    e.preventDefault();
    const d = new FormData(f);
    const list = (k) => String(d.get(k) ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const num = (k) => (d.get(k) ? Number(d.get(k)) : undefined);
    const m = {};
    if (list('segmentIds').length) m.segmentIds = list('segmentIds');
    const kinds = d.getAll('kinds'); if (kinds.length) m.kinds = kinds;
    const sides = d.getAll('sides'); if (sides.length) m.sides = sides;
    if (num('minAreaM2') !== undefined) m.minAreaM2 = num('minAreaM2');
    if (num('maxAreaM2') !== undefined) m.maxAreaM2 = num('maxAreaM2');
    try {
      await api.post('/api/silences', { matchers: m, startsAt: new Date(String(d.get('startsAt'))).toISOString(), endsAt: new Date(String(d.get('endsAt'))).toISOString(), comment: String(d.get('comment') ?? '') });
      toast('Silence created');
      onCreated();
    } catch (err) {
      toast(err.message, 'error');
    }
  } },
  h('h2', {}, 'New silence'),
  h('label', {}, 'Segments (ids or globs, comma-separated) ', h('input', { name: 'segmentIds', placeholder: 'KAZ-156-*/p000/s0003', size: 40 })),
  h('fieldset', {}, h('legend', {}, 'Kind'), ['ground', 'aerial'].map((k) => h('label', {}, h('input', { type: 'checkbox', name: 'kinds', value: k }), ` ${k} `))),
  h('fieldset', {}, h('legend', {}, 'Side'), ['left', 'right'].map((k) => h('label', {}, h('input', { type: 'checkbox', name: 'sides', value: k }), ` ${k} `))),
  h('label', {}, 'Min area m² ', h('input', { name: 'minAreaM2', type: 'number', min: 0, step: 'any' })),
  h('label', {}, 'Max area m² ', h('input', { name: 'maxAreaM2', type: 'number', min: 0, step: 'any' })),
  h('label', {}, 'Starts ', h('input', { name: 'startsAt', type: 'datetime-local', required: true, value: nowLocal })),
  h('label', {}, 'Ends ', h('input', { name: 'endsAt', type: 'datetime-local', required: true })),
  h('label', { class: 'wide' }, 'Comment (who authorised what) ', h('textarea', { name: 'comment', rows: 2, required: true })),
  h('button', { class: 'primary' }, 'Create silence'));
  return f;
}

export async function render(params, session) {
  const { items, now } = await api.get('/api/silences');
  const canWrite = session.meta.principal.permissions.includes('silences:write');
  const reload = () => render(params, session);
  const rows = items.map((s) => {
    const [label, cls] = status(s, now);
    return h('tr', {},
      h('td', {}, h('span', { class: `pill ${cls}` }, label)),
      h('td', {}, matchers(s.matchers)),
      h('td', { class: 'num' }, dateTime(s.startsAt)),
      h('td', { class: 'num' }, dateTime(s.endsAt)),
      h('td', {}, s.author),
      h('td', {}, s.comment),
      h('td', {}, canWrite && label !== 'expired' ? h('button', { onclick: async () => { await api.post(`/api/silences/${enc(s.id)}/expire`, undefined); toast('Silence expired'); reload(); } }, 'Expire') : null));
  });
  mount(
    h('div', { class: 'pagehead' }, h('h1', {}, 'Silences'), h('span', { class: 'muted' }, 'Matching alerts are suppressed while a silence is active; they stay on record.')),
    items.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['Status', 'Matches', 'Starts', 'Ends', 'Author', 'Comment', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows))
      : h('div', { class: 'empty card' }, h('p', { class: 'muted' }, 'No silences yet.')),
    canWrite ? form(reload) : null,
  );
}
