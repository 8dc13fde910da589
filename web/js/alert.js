// One alert: before/after chips, the segment map (corridor, border line and polygon over the
// current image), the facts, the review actions with single-key shortcuts, and its history.
import { api, enc } from './api.js';
import { h, mount, toast, typing } from './dom.js';
import { REASON_LABELS, area, date, dateTime, metres, side, severity } from './format.js';
import { dismissDialog } from './dismiss.js';
import { lastQueue } from './queue.js';

const ACTIONS = [
  { type: 'acknowledge', key: 'a', label: 'Acknowledge', from: ['new'] },
  { type: 'confirm', key: 'c', label: 'Confirm', from: ['new', 'acknowledged'] },
  { type: 'dismiss', key: 'd', label: 'Dismiss…', from: ['new', 'acknowledged'] },
  { type: 'close', key: 'l', label: 'Close', from: ['confirmed', 'dismissed'] },
  { type: 'reopen', key: 'r', label: 'Reopen', from: ['dismissed', 'closed', 'suppressed'] },
  { type: 'note', key: 'n', label: 'Note…', from: ['new', 'acknowledged', 'confirmed', 'dismissed', 'closed', 'suppressed'] },
];

function chip(title, subtitle, url, alt) {
  const img = h('img', { alt, class: 'loading', width: 320, height: 320 });
  const fig = h('figure', { class: 'chip' }, img, h('figcaption', {}, h('strong', {}, title), ' ', h('span', { class: 'muted' }, subtitle)));
  api.imageUrl(url).then((src) => { img.src = src; img.classList.remove('loading'); img.dataset.loaded = 'true'; },
    (err) => fig.replaceChildren(h('div', { class: 'unavailable' }, err.message), h('figcaption', {}, h('strong', {}, title))));
  return fig;
}

function facts(a) {
  const row = (k, v) => [h('dt', {}, k), h('dd', {}, v)];
  return h('dl', { class: 'facts' },
    row('Segment', h('a', { href: `#/?segment=${enc(a.segmentId)}&state=${enc('new,acknowledged,confirmed,dismissed,closed,suppressed')}`, class: 'mono' }, a.segmentId)),
    row('Side', side(a)),
    row('Distance to line', `${metres(a.distanceToLineM)}${a.crossesLine ? ' · crosses the line' : ''}`),
    row('Area', area(a.areaM2)),
    row('Kind', a.kind),
    row('Severity', `${(a.severity ?? a.score).toFixed(2)} (${severity(a.severity ?? a.score)})`),
    row('Score', a.score.toFixed(2)),
    row('Confidence', a.confidence),
    row('Change magnitude', a.changeMagnitude.toFixed(1)),
    row('First / last seen', `${dateTime(a.firstSeen)} / ${dateTime(a.lastSeen)}`),
    row('Observations', String(a.observationCount)),
    row('Assignee', a.assignee ?? '—'),
    a.dismissReason ? row('Dismissed as', REASON_LABELS[a.dismissReason] ?? a.dismissReason) : null,
    a.suppression ? row('Suppressed by', JSON.stringify(a.suppression)) : null,
    row('Detector', `${a.detector.name}@${a.detector.version}`),
  );
}

function history(events) {
  return h('ol', { class: 'history' }, [...events].reverse().map((e) => h('li', { dataset: { type: e.type } },
    h('span', { class: 'when' }, dateTime(e.at)), ' ', h('strong', {}, e.type), ' by ', h('span', { class: 'actor' }, e.actor),
    e.fromState && e.toState && e.fromState !== e.toState ? h('span', { class: 'muted' }, ` (${e.fromState} → ${e.toState})`) : null,
    e.reason ? h('span', { class: 'reason' }, ` · ${REASON_LABELS[e.reason] ?? e.reason}`) : null,
    e.note ? h('blockquote', {}, e.note) : null)));
}

export async function render(fingerprint, session) {
  const detail = await api.get(`/api/alerts/${enc(fingerprint)}`);
  const a = detail.alert;
  const canReview = session.meta.principal.permissions.includes('alerts:review');
  const idx = lastQueue.fingerprints.indexOf(a.fingerprint);

  async function act(type) {
    let action = { type };
    if (type === 'dismiss') {
      const choice = await dismissDialog(session.meta.dismissReasons, 'this alert');
      if (!choice) return;
      action = { type, ...choice };
    } else if (type === 'note') {
      const text = prompt('Note for this alert');
      if (!text || !text.trim()) return;
      action = { type, note: text.trim() };
    }
    try {
      const r = await api.post(`/api/alerts/${enc(a.fingerprint)}/actions`, action);
      toast(`${type === 'note' ? 'Note added' : `Now ${r.alert.state}`}${action.reason ? ` · ${REASON_LABELS[action.reason]}` : ''}`);
      cleanup();
      cleanup = await render(fingerprint, session);
    } catch (err) {
      toast(err.message, 'error');
    }
  }

  const actions = canReview ? h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Review actions' },
    ACTIONS.filter((x) => x.from.includes(a.state)).map((x) => h('button', { type: 'button', class: x.type === 'confirm' ? 'primary' : x.type === 'dismiss' ? 'danger' : '', dataset: { action: x.type }, onclick: () => act(x.type) },
      x.label, ' ', h('kbd', {}, x.key)))) : h('p', { class: 'muted' }, 'Your role can view alerts but not review them.');

  const before = a.baseline.acquiredAt, after = a.current.acquiredAt;
  const evidence = detail.evidence.available
    ? h('section', { class: 'evidence' },
      h('div', { class: 'chips' },
        chip('Before', `${date(before)} · ${a.baseline.tileId}`, a.links.before, `Before (${date(before)})`),
        chip('After', `${date(after)} · ${a.current.tileId}`, a.links.after, `After (${date(after)})`)),
      h('div', { class: 'map' }, chip('Segment map', 'corridor (dashed), border line (red), change (yellow) over the after image', a.links.context, 'Segment map'),
        h('a', { class: 'download', href: '#', onclick: async (e) => {
          e.preventDefault();
          const url = await api.imageUrl(a.links.changeRaster);
          const link = h('a', { href: url, download: `change-${a.fingerprint}.tif` });
          link.click();
        } }, 'Download change magnitude (GeoTIFF)')))
    : h('section', { class: 'card unavailable' }, h('strong', {}, 'Evidence unavailable. '), detail.evidence.reason);

  mount(
    h('div', { class: 'pagehead' },
      h('a', { href: lastQueue.hash, class: 'back' }, '← Queue (Esc)'),
      h('h1', {}, `${a.kind === 'aerial' ? 'Aerial' : 'Ground'} change, ${area(a.areaM2)}`),
      h('span', { class: `pill state-${a.state}`, id: 'state' }, a.state),
      idx >= 0 ? h('span', { class: 'muted' }, `${idx + 1} of ${lastQueue.fingerprints.length} in the queue · j/k`) : null),
    h('div', { class: 'alert-layout' },
      h('div', {}, evidence),
      h('aside', {}, actions, facts(a), h('h2', {}, 'History'), history(detail.events),
        h('p', { class: 'muted mono small' }, `id ${a.fingerprint}`))),
  );

  const onKey = (e) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
    if (e.key === 'Escape') location.hash = lastQueue.hash;
    else if (e.key === 'j' && idx >= 0 && idx + 1 < lastQueue.fingerprints.length) location.hash = `#/alerts/${enc(lastQueue.fingerprints[idx + 1])}`;
    else if (e.key === 'k' && idx > 0) location.hash = `#/alerts/${enc(lastQueue.fingerprints[idx - 1])}`;
    else {
      const x = canReview && ACTIONS.find((y) => y.key === e.key && y.from.includes(a.state));
      if (!x) return;
      act(x.type);
    }
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  let cleanup = () => document.removeEventListener('keydown', onKey);
  return () => cleanup();
}
