// One key for every action, listed on the page ("?" shows the list). Keys act only when
// no field has the focus and no dialog is open, and never with Ctrl, Alt or Cmd.
import { newAppointment } from './appointments.js';
import { newCallback } from './callbacks.js';
import { dialogOpen } from './dialog.js';
import { $ } from '/static/common/dom.js';
import { setPresence } from './presence.js';
import { actions } from './serve.js';

const KEYS = {
  n: actions['call-next'],
  r: actions.recall,
  s: actions.start,
  f: actions.finish,
  x: actions['no-show'],
  h: actions.hold,
  u: actions.return,
  t: actions.transfer,
  p: actions.reprint,
  v: () => setPresence('available'),
  a: () => setPresence('away'),
  k: newCallback,
  m: newAppointment,
  '?': () => { $('shortcuts').open = !$('shortcuts').open; },
};

export function setUpShortcuts({ active }) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    if (!active() || dialogOpen() || event.target.closest('input, select, textarea')) return;
    const key = event.key.toLowerCase();
    const run = /^[1-9]$/.test(key) ? () => actions.callNth(Number(key)) : KEYS[key];
    if (!run) return;
    event.preventDefault();
    run();
  });
}
