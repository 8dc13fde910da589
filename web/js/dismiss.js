// The dismiss dialog: a reason is required (MapBiomas' rule), picked with 1–9; the note is
// optional except for "other". Resolves to {reason, note} or null when cancelled.
import { h } from './dom.js';
import { REASON_LABELS } from './format.js';

export function dismissDialog(reasons, what) {
  return new Promise((resolve) => {
    let chosen = null;
    const note = h('textarea', { name: 'note', rows: 3, placeholder: 'Note (optional; required for Other)', 'aria-label': 'note' });
    const error = h('p', { class: 'error', hidden: true });
    const buttons = reasons.map((r, i) => h('button', { type: 'button', class: 'reason', dataset: { reason: r }, onclick: () => pick(r) },
      h('kbd', {}, String(i + 1)), ' ', REASON_LABELS[r] ?? r));
    const dialog = h('dialog', { class: 'dismiss', 'aria-label': 'Dismiss' },
      h('h2', {}, `Dismiss ${what}`), h('p', { class: 'muted' }, 'Why is this not a real change? Press a number.'),
      h('div', { class: 'reasons' }, buttons), note, error,
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => close(null) }, 'Cancel (Esc)'),
        h('button', { type: 'button', class: 'primary', onclick: submit }, 'Dismiss (Enter)')));
    function pick(r) {
      chosen = r;
      for (const b of buttons) b.classList.toggle('chosen', b.dataset.reason === r);
      error.hidden = true;
      note.focus();
    }
    function submit() {
      if (!chosen) return show('Pick a reason first (1–9).');
      if (chosen === 'other' && !note.value.trim()) return show('Say why in the note: "Other" needs one.');
      close({ reason: chosen, ...(note.value.trim() ? { note: note.value.trim() } : {}) });
    }
    function show(message) {
      error.textContent = message;
      error.hidden = false;
    }
    function close(value) {
      dialog.close();
      dialog.remove();
      resolve(value);
    }
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); close(null); });
    dialog.addEventListener('keydown', (e) => {
      const n = Number(e.key);
      if (e.target !== note && Number.isInteger(n) && n >= 1 && n <= reasons.length) {
        e.preventDefault();
        pick(reasons[n - 1]);
      } else if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        submit();
      }
      e.stopPropagation();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
