// Rate our service: the visitor types the number on their paper ticket (A-012: a letter
// key, then the digits; 2012: digits only), sees which service and counter it was (nothing
// about the visitor), taps 1 to 5, may tick reasons, and sends. The server allows one
// rating per ticket, today's tickets finished in the last 30 minutes, at this kiosk's site
// (GET /ratings/ticket, POST /ratings); each refusal has its own screen.
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { msg, named, render } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { back, current, go, home } from '../router.js';
import { kiosk } from '../state.js';
import { button, digitPad, notice, option, options, screenHead } from '../parts.js';
import { announce } from '../voice.js';

const MAX_DIGITS = 4;

// Why a number cannot be rated, by the API's error code.
const REFUSALS = {
  not_found: { title: msg('rate.not_found'), text: msg('rate.not_found_text') },
  not_finished: { title: msg('rate.not_finished'), text: msg('rate.not_finished_text') },
  already_rated: { title: msg('rate.already_rated'), text: msg('rate.already_rated_text') },
  expired: { title: msg('rate.expired'), text: msg('rate.expired_text') },
  offline: { title: msg('rate.offline'), text: msg('rate.offline_text') },
};

// The number as the ticket prints it: A + 12 -> "A-012"; 2012 stays 2012.
export function ticketNumber({ letter, digits }) {
  return letter ? `${letter}-${digits.padStart(3, '0')}` : digits;
}

// Letters of the site's letter-numbered services, for the letter keys.
function prefixes() {
  return [...new Set(kiosk.services.filter((s) => s.numbering === 'letter' && s.prefix)
    .map((s) => s.prefix))].sort();
}

export function refusalOf(error, known = REFUSALS) {
  if (error.offline || error.status >= 500 || error.status === 429) return 'offline';
  return known[error.code] ? error.code : 'not_found';
}

export const rate = {
  timeout: 'screen',
  live: false,
  render(params) {
    return numberEntry(params, { name: 'rate', title: msg('rate.title'), intro: msg('rate.intro'),
      lookup: (number) => api(`/ratings/ticket?number=${encodeURIComponent(number)}`),
      found: ({ ticket }) => go('rate-score', { ticket, score: null, reasons: [] }),
      refused: (reason, number) => go('rate-refused', { reason, number }) });
  },
};

// The number of a paper ticket, typed on the large pad, then checked by `lookup` (the
// rating's and the survey's screens: both find a ticket the same way). `name` names the
// screen's parts (class, keys `<name>-check`); `found(result)` and `refused(reason,
// number)` go on; `known` are the refusals the screen words (others read as not_found).
export function numberEntry(params, { name, title, intro, lookup, found, refused, known = REFUSALS }) {
  params.letter ??= '';
  params.digits ??= '';
  const shown = h('p', { class: 'rate-number', 'aria-hidden': 'true' });
  const spoken = h('p', { class: 'code-typed', 'aria-live': 'polite' });
  const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
  const ui = { shown, spoken, status, params, lookup, found, refused, known };
  const letters = prefixes();
  const letterKeys = letters.length > 0 && h('div', { class: 'letter-pad', role: 'group',
    'aria-labelledby': `${name}-letter-label` },
  letters.map((letter) => h('button', { type: 'button', class: 'btn btn-secondary code-key toggle',
    'data-key': `letter-${letter}`, onclick: () => chooseLetter(ui, letter) }, h('span', { text: letter }))));
  ui.letterKeys = letterKeys;
  const pad = digitPad({
    onDigit: (d) => type(ui, d),
    onErase: () => Boolean(params.digits || params.letter) && (erase(ui), true),
    onClear: () => clear(ui),
  });
  draw(ui);
  return h('div', { class: name === 'rate' ? 'rate' : `rate ${name}` },
    screenHead(title, intro),
    h('div', { class: 'card code-card' }, h('p', { class: 'code-label', text: msg('rate.number') }), shown, spoken),
    status,
    letterKeys && h('p', { class: 'code-label', id: `${name}-letter-label`, text: msg('rate.letter') }),
    letterKeys,
    pad,
    h('div', { class: 'actions' }, button({ label: msg('rate.check'), iconName: 'check', key: `${name}-check`,
      id: `${name}-check`, onClick: () => check(ui) })));
}

function chooseLetter(ui, letter) {
  ui.params.letter = ui.params.letter === letter ? '' : letter;
  draw(ui);
}

function type(ui, digit) {
  if (ui.params.digits.length >= MAX_DIGITS) return;
  ui.params.digits += digit;
  draw(ui);
}

function erase(ui) {
  if (ui.params.digits) ui.params.digits = ui.params.digits.slice(0, -1);
  else ui.params.letter = '';
  draw(ui);
}

function clear(ui) {
  ui.params.letter = '';
  ui.params.digits = '';
  draw(ui);
}

// The number is shown large as typed; the voice guide says it too (a ticket number is not
// personal: the lobby board calls it out loud).
function draw(ui) {
  const { letter, digits } = ui.params;
  const typed = letter ? `${letter}-${digits}` : digits;
  ui.shown.textContent = typed || '—';
  ui.shown.dataset.number = typed;
  ui.spoken.replaceChildren(h('span', { text: typed ? msg('rate.typed', { number: typed }) : msg('rate.none_typed') }));
  for (const key of ui.letterKeys?.querySelectorAll('[data-key^=letter-]') || []) {
    key.setAttribute('aria-pressed', String(key.dataset.key === `letter-${letter}`));
  }
  ui.status.replaceChildren();
}

async function check(ui) {
  const { params } = ui;
  if (params.sending) return;
  if (!params.digits) {
    ui.status.replaceChildren(notice(msg('rate.error_short'), { iconName: 'warn', tone: 'warning' }));
    announce(msg('rate.error_short'));
    return;
  }
  params.sending = true;
  const entry = current();
  const number = ticketNumber(params);
  ui.status.replaceChildren(notice(msg('status.loading'), { iconName: 'clock' }));
  try {
    const result = await ui.lookup(number);
    if (current() === entry) ui.found(result, number);
  } catch (error) {
    if (current() !== entry) return;
    const reason = refusalOf(error, ui.known);
    if (reason !== 'offline') clear(ui);   // "enter again" starts from an empty number
    ui.refused(reason, number);
  } finally {
    params.sending = false;
  }
}

// The ticket found: its service and counter, the score and the reasons. The scale and
// the reasons, in order and in words, come with the ticket (GET /ratings/ticket: the
// same catalog as the phone page), so both ask the same question.
export const rateScore = {
  timeout: 'screen',
  live: false,
  render(params) {
    const { ticket } = params;
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const scores = options(ticket.scale.scores.map((score) => scoreOption(params, score)),
      'options-scores');
    const reasons = h('div', { class: 'chips reasons' }, ticket.scale.reasons.map(({ reason, names }) =>
      toggle(`reason-${reason}`, named(names), params.reasons.includes(reason), (on) => {
        params.reasons = on ? [...params.reasons, reason] : params.reasons.filter((r) => r !== reason);
      })));
    const ui = { params, status };
    return h('div', { class: 'rate-score' },
      screenHead(msg('rate.score_title'), msg('rate.score_intro')),
      h('div', { class: 'card' },
        h('p', { class: 'summary-kind' }, icon('ticket'), h('span', { text: msg('rate.ticket', { number: ticket.display_number }) })),
        h('p', { class: 'summary-service', text: named(ticket.service_names) }),
        ticket.counter_number && h('p', { class: 'summary-line', text: msg('staff.counter', { n: ticket.counter_number }) })),
      scores,
      h('section', { class: 'card rate-reasons' },
        h('h2', { text: msg('rate.reasons') }),
        h('p', { class: 'intro', text: msg('rate.reasons_intro') }),
        reasons),
      status,
      h('div', { class: 'actions' }, button({ label: msg('rate.send'), iconName: 'check', key: 'rate-send',
        id: 'rate-send', onClick: () => send(ui) })));
  },
};

// "5 매우 만족": the number and the words, never stars alone. Digit keys 1-5 choose.
function scoreOption(params, { score: n, names }) {
  const words = { render: (lang) => `${n} ${render(named(names), lang)}` };
  const item = option({ n, key: `score-${n}`, label: words,
    onClick: () => {
      params.score = n;
      for (const other of item.parentElement.querySelectorAll('[data-key^=score-]')) {
        other.setAttribute('aria-pressed', String(other === item));
      }
    } });
  item.setAttribute('aria-pressed', String(params.score === n));
  item.classList.add('option-score');
  return item;
}

// A button that is on or off, said in words ("선택함") as well as by its look.
export function toggle(key, label, on, onChange) {
  const state = h('span', { class: 'toggle-state' });
  const el = h('button', { type: 'button', class: 'btn btn-tertiary toggle', 'data-key': key,
    'aria-pressed': String(on), onclick: () => set(!(el.getAttribute('aria-pressed') === 'true')) },
  h('span', { text: label }), state);
  function set(value) {
    el.setAttribute('aria-pressed', String(value));
    state.replaceChildren(...(value ? [h('span', { text: msg('info.chosen') })] : []));
    onChange(value);
  }
  if (on) state.append(h('span', { text: msg('info.chosen') }));
  return el;
}

async function send(ui) {
  const { params } = ui;
  if (params.sending) return;
  if (!params.score) {
    ui.status.replaceChildren(notice(msg('rate.error_no_score'), { iconName: 'warn', tone: 'warning' }));
    announce(msg('rate.error_no_score'));
    return;
  }
  params.sending = true;
  const entry = current();
  try {
    await api('/ratings', { method: 'POST', body: { display_number: params.ticket.display_number,
      score: params.score, reasons: params.reasons } });
    if (current() === entry) go('rate-done', {}, { root: true });
  } catch (error) {
    if (current() !== entry) return;
    const reason = refusalOf(error);
    if (reason === 'offline') {
      // The choices stay on the screen; the visitor may send again.
      ui.status.replaceChildren(notice(msg('rate.offline_text'), { iconName: 'offline', tone: 'warning' }));
      announce(msg('rate.offline_text'));
    } else {
      go('rate-refused', { reason, number: params.ticket.display_number });
    }
  } finally {
    params.sending = false;
  }
}

// The ticket typed and why it cannot be used here (the rating's and the survey's refusals).
export function refusedCard(refusal, reason, number) {
  return h('div', { class: 'card' },
    h('p', { class: 'summary-kind' }, icon('ticket'), h('span', { text: msg('rate.ticket', { number }) })),
    notice(refusal.text, { iconName: reason === 'offline' ? 'offline' : 'info',
      tone: reason === 'offline' ? 'warning' : 'info' }));
}

export const rateRefused = {
  timeout: 'screen',
  live: false,
  render({ reason, number }) {
    const refusal = REFUSALS[reason] || REFUSALS.not_found;
    return h('div', { class: 'rate-refused', 'data-reason': reason },
      screenHead(refusal.title),
      refusedCard(refusal, reason, number),
      h('div', { class: 'actions' },
        button({ label: reason === 'offline' ? msg('rate.retry') : msg('rate.again'), iconName: 'back',
          kind: 'secondary', key: 'rate-again', onClick: back }),
        button({ label: msg('nav.home'), iconName: 'home', kind: 'tertiary', key: 'rate-home', onClick: home })));
  },
};

export const rateDone = {
  timeout: 'ticket',
  live: false,
  render() {
    return h('div', { class: 'rate-done' },
      screenHead(msg('rate.thanks'), msg('rate.thanks_text')),
      h('div', { class: 'actions' },
        button({ label: msg('rate.ok'), iconName: 'check', key: 'rate-ok', onClick: home })));
  },
};
