// Visitor first: while someone waits for a service I take and nobody is at my counter,
// the console makes it unmissable: a banner that stays, a chime (again every minute), a
// desktop notification when the console is in the background, and the wait counting up.
// Help requests and supervisors' alerts use `alarm()` the same way.
import { chime } from './chime.js';
import { $, fill, h } from '/static/common/dom.js';
import { bi, both, names } from './labels.js';
import { notify } from './notify.js';
import { serviceName } from './state.js';

const REMIND_MS = 60_000;

let known = new Set();      // waiting tickets already announced
let active = false;
let lastSound = 0;
let soundBlocked = false;
let callNext = () => {};

export function alarm(title, body, tag) {
  lastSound = Date.now();
  chime().then((played) => {
    soundBlocked = !played;
    $('sound-on')?.toggleAttribute('hidden', !soundBlocked);
  });
  notify(title, body, tag);
}

export function setUpAttention({ onCallNext }) {
  callNext = onCallNext;
}

// Called whenever the desk changes (and at once for a ticket just issued).
export function updateAttention(desk) {
  const waiting = desk.counter && !desk.current ? desk.queue : [];
  const fresh = waiting.filter((ticket) => !known.has(ticket.id));
  known = new Set(desk.queue.map((ticket) => ticket.id));
  const wasActive = active;
  active = waiting.length > 0;
  render(waiting, desk.settings);
  if (active && (!wasActive || fresh.length)) {
    const first = fresh[0] || waiting[0];
    alarm(both('attention.notify_title'),
          `${first.display_number} · ${serviceName(first.service_id).ko} · ${both('attention.count', { n: waiting.length })}`,
          'sunbeon-waiting');
  }
}

// Every second: the reminder chime while a visitor still waits unseen.
export function attentionTick() {
  if (active && Date.now() - lastSound >= REMIND_MS) alarm(both('attention.notify_title'), both('attention.reminder'), 'sunbeon-waiting');
}

function render(waiting, settings) {
  const banner = $('attention');
  banner.hidden = waiting.length === 0;
  document.body.classList.toggle('has-waiting', waiting.length > 0);
  if (!waiting.length) return;
  const oldest = waiting.reduce((a, b) => (a.arrived_at <= b.arrived_at ? a : b));
  const late = (settings?.supervisor_alert_minutes || 5) * 60;
  fill(banner,
       h('span', { class: 'banner__icon', 'aria-hidden': 'true' }, '!'),
       h('p', { class: 'banner__text' },
         h('strong', {}, bi('attention.count', { n: waiting.length })),
         h('span', { class: 'banner__detail' },
           bi('attention.longest', { number: oldest.display_number }), ' ',
           h('span', { class: 'banner__service' }, names(serviceName(oldest.service_id))), ' ',
           h('time', { class: 'wait', dataset: { since: oldest.arrived_at, lateAfter: late } }))),
       h('p', { class: 'banner__numbers' }, waiting.slice(0, 6).map(
         (t) => h('span', { class: 'banner__number' }, t.display_number))),
       h('button', { type: 'button', class: 'primary', onclick: () => callNext() },
         bi('action.call_next'), h('kbd', { 'aria-hidden': 'true' }, 'N')),
       h('button', { type: 'button', class: 'quiet', id: 'sound-on', hidden: !soundBlocked,
                     onclick: () => alarm(both('attention.notify_title'), '', 'sunbeon-test') },
         bi('attention.sound_on')));
}
