// Pieces the screens share: the title, the numbered choices, queue lines and notices.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { icon } from './icons.js';
import { when } from './format.js';
import { departmentById, isOpen, siteTimeZone } from './state.js';

export function screenHead(title, intro) {
  return h('div', { class: 'screen-head' },
    h('h1', { tabindex: '-1', text: title }),
    intro && h('p', { class: 'intro', text: intro }));
}

// A numbered choice: digit key n chooses it (the number is shown, see keypad.js).
export function option({ n, key, iconName, label, details = [], tag, onClick, primary = false }) {
  return h('button', {
    type: 'button', class: `option${primary ? ' option-primary' : ''}`,
    'data-option': n, 'data-key': key, 'aria-keyshortcuts': n, onclick: onClick,
  },
  h('span', { class: 'option-number', 'aria-hidden': 'true' }, String(n)),
  iconName && icon(iconName),
  h('span', { class: 'option-body' },
    h('span', { class: 'option-label', text: label }),
    details.filter(Boolean).map((detail) => h('span', { class: 'option-detail', text: detail })),
    tag));
}

export function options(items, className = '') {
  return h('div', { class: `options ${className}` }, items);
}

export function button({ label, iconName, kind = 'primary', onClick, key, id }) {
  return h('button', { type: 'button', class: `btn btn-${kind}`, onclick: onClick,
    'data-key': key, id },
  iconName && icon(iconName), h('span', { text: label }));
}

// What may be taller than its box (a page's text; the phrases at 200 %) scrolls inside it,
// turned by its own up and down buttons (shown whenever the content is taller than the box),
// so that what follows stays in view. `name` names the parts: classes `<name>-scroll`,
// `<name>-scroll-keys`, `<name>-body` and keys `<name>-up`, `<name>-down`. A box of text
// takes the focus itself (`focusable`); a box of buttons is reached through them.
export function scrolling(content, { name, focusable = false }) {
  const box = h('div', { class: `scroll-box ${name}-scroll`, tabindex: focusable && '0' }, content);
  const turn = (direction) => box.scrollBy({ top: direction * box.clientHeight * 0.8 });
  const keys = h('div', { class: `scroll-keys ${name}-scroll-keys`, hidden: true },
    button({ label: msg('info.scroll_up'), kind: 'tertiary', key: `${name}-up`, onClick: () => turn(-1) }),
    button({ label: msg('info.scroll_down'), kind: 'tertiary', key: `${name}-down`, onClick: () => turn(1) }));
  // The box changes with the screen (resize, low screen); the content with the language and
  // the text size (200 %): either may make the content outgrow the box, or fit it again.
  const fits = new ResizeObserver(() => { keys.hidden = box.scrollHeight <= box.clientHeight + 1; });
  fits.observe(box);
  fits.observe(content);
  return h('div', { class: `scrolling ${name}-body` }, box, keys);
}

// The large number pad of the screens that take a number (appointment code, phone number,
// ticket number): 1-9, erase, 0, clear. Given `keys` (a code of letters and digits), the
// pad offers those, seven a row, then erase across the rest of the last row (no clear:
// room is short at 200 %, and six characters are soon erased). keypad.js sends the kiosk keypad's
// keys that the pad offers and Backspace to it; onErase returns false when there is
// nothing to erase (Backspace then goes back a screen).
export function digitPad({ onDigit, onErase, onClear, keys }) {
  const digit = (d) => h('button', { type: 'button', class: 'btn btn-secondary code-key',
    'data-key': `digit-${d}`, onclick: () => onDigit(d) }, h('span', { text: d }));
  const erase = h('button', { type: 'button', class: 'btn btn-tertiary code-key code-key-word', 'data-key': 'erase',
    onclick: () => onErase() }, icon('back'), h('span', { text: msg('appointment.erase') }));
  const clear = h('button', { type: 'button', class: 'btn btn-tertiary code-key code-key-word', 'data-key': 'clear',
    onclick: onClear }, h('span', { text: msg('appointment.clear') }));
  const pad = keys
    ? h('div', { class: 'code-pad code-pad-letters', 'data-digits': '' }, [...keys].map(digit), erase)
    : h('div', { class: 'code-pad', 'data-digits': '' },
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit), erase, digit('0'), clear);
  const offered = keys ? new Set(keys) : new Set('0123456789');
  pad.__accepts = (key) => offered.has(key.toUpperCase());
  pad.__digit = (key) => onDigit(key.toUpperCase());
  pad.__erase = onErase;
  return pad;
}

export function notice(text, { iconName = 'info', tone = 'info', attrs = {} } = {}) {
  return h('p', { class: `notice notice-${tone}`, ...attrs }, icon(iconName), h('span', { text }));
}

// A part of the screen on its way. The voice guide waits for the part instead of reading
// this (voice.js, loadingPart).
export function loadingNotice() {
  return notice(msg('status.loading'), { iconName: 'clock', attrs: { 'data-no-speak': '' } });
}

// Open, but no open counter serves it: a ticket waits until one opens (estimate.reason
// no_open_counter, server/queue/forecast.py).
export const noCounter = (service) => service?.estimated_minutes === null;

// "3명 대기 · 예상 대기 약 12분", or that nobody waits.
// With no open counter for the service: that, never "soon" or minutes.
export function queueDetails(service) {
  if (noCounter(service)) {
    return [service.waiting ? msg('queue.waiting', { n: service.waiting }) : msg('queue.none'),
      msg('queue.no_counter')];
  }
  if (!service.waiting) return [msg('queue.none')];
  return [msg('queue.waiting', { n: service.waiting }),
    service.estimated_minutes > 0 && waitMessage('queue', service)].filter(Boolean);
}

// "예상 대기 약 12분", or the range when the forecast gives one ("예상 대기 22~32분"): its top
// is what the visitor is promised (docs/queue.md).
export function waitMessage(area, { estimated_minutes: minutes, estimate }) {
  const range = estimate && estimate.low !== estimate.high;
  const params = range ? { low: estimate.low, high: estimate.high, n: estimate.high } : { n: minutes };
  if (area === 'ticket') return range ? msg('ticket.estimate_range', params) : msg('ticket.estimate', params);
  return range ? msg('queue.estimate_range', params) : msg('queue.estimate', params);
}

// Closed is said in words with an icon, never by colour alone.
export function closedTag() {
  return h('span', { class: 'tag tag-closed' }, icon('closed'), h('span', { text: msg('queue.closed') }));
}

export function serviceTag(service) {
  return isOpen(service) ? null : closedTag();
}

// "1층 민원실" for a department (its room in the visitor's language when translated).
export function place(department) {
  if (!department) return null;
  return department.room
    ? msg('place.floor_room', { floor: department.floor, room: named(department.rooms || { ko: department.room }) })
    : msg('place.floor', { n: department.floor });
}

export function departmentOf(service) {
  return departmentById(service.department_id);
}

export const serviceName = (service) => named(service.names);

export const nextTime = (iso) => when(iso, siteTimeZone());
