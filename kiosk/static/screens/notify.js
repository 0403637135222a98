// "Get notified": after taking a number, the visitor may leave a mobile phone number for
// text messages when their turn is near, when a counter calls them and when they are done
// (with the link to rate the handling). Three steps: the number on a large number pad
// (or the keypad's digit keys, see keypad.js), an explicit consent naming what is kept,
// why and until when (the end of today), then the confirmation with the number masked.
// Kiosks have no full keyboard, so e-mail notices are not offered here (docs/visitor.md).
// The number is never read aloud and never shown again unmasked.
import { h } from '../dom.js';
import { language, msg } from '../i18n.js';
import { icon } from '../icons.js';
import { announce } from '../voice.js';
import { current, go } from '../router.js';
import { api } from '/static/common/api.js';
import { button, digitPad, notice, screenHead } from '../parts.js';

const MAX_DIGITS = 11;
const MOBILE = /^01[016789]\d{7,8}$/;   // as the server checks (server/staff/callbacks.py)

const ERRORS = {
  invalid_phone: msg('notify.error_number'),
  invalid_request: msg('notify.error_number'),
  wrong_status: msg('notify.error_status'),
};

// 01012345678 -> 010-1234-5678, as it is typed.
function grouped(digits) {
  if (digits.length <= 3) return digits;
  const middle = digits.length > 10 ? 4 : 3;
  if (digits.length <= 3 + middle) return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 3 + middle)}-${digits.slice(3 + middle)}`;
}

const masked = (digits) => grouped(digits).replace(/-(\d+)-/, (_, middle) => `-${'*'.repeat(middle.length)}-`);

// Step 1: the number.
export const notify = {
  timeout: 'screen',
  live: false,
  render(params) {
    params.phone ||= '';
    const shown = h('p', { class: 'notify-number', id: 'notify-number', 'aria-hidden': 'true', 'data-private': '' });
    const spoken = h('p', { class: 'code-typed', 'aria-live': 'polite' });
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const ui = { shown, spoken, status, params };
    ui.next = button({ label: msg('notify.next'), iconName: 'check', key: 'notify-next', id: 'notify-next',
      onClick: () => {
        if (!MOBILE.test(params.phone)) {
          status.replaceChildren(notice(msg('notify.error_number'), { iconName: 'warn', tone: 'warning' }));
          announce(msg('notify.error_number'));
          return;
        }
        go('notify-consent', { ticket: params.ticket, ticketParams: params.ticketParams, phone: params.phone });
      } });
    const pad = digitPad({
      onDigit: (d) => type(ui, d),
      onErase: () => Boolean(params.phone) && (erase(ui), true),
      onClear: () => { params.phone = ''; draw(ui); },
    });
    draw(ui);
    return h('div', { class: 'notify' },
      screenHead(msg('notify.title'), msg('notify.intro')),
      h('div', { class: 'card code-card' },
        h('p', { class: 'code-label', text: msg('notify.number') }), shown, spoken),
      status,
      pad,
      h('div', { class: 'actions' }, ui.next));
  },
};

function type(ui, digit) {
  if (ui.params.phone.length >= MAX_DIGITS) return;
  ui.params.phone += digit;
  draw(ui);
}

function erase(ui) {
  ui.params.phone = ui.params.phone.slice(0, -1);
  draw(ui);
}

// The digits are shown large; only their count is said, for the voice guide.
function draw(ui) {
  const { phone } = ui.params;
  ui.shown.textContent = phone ? grouped(phone) : '010-';
  ui.shown.classList.toggle('notify-number-empty', !phone);
  ui.spoken.replaceChildren(h('span', { text: msg('notify.typed', { n: phone.length }) }));
  ui.next.setAttribute('aria-disabled', String(!MOBILE.test(phone)));
  ui.status.replaceChildren();
}

// Step 2: consent, before anything is sent to the server.
export const notifyConsent = {
  timeout: 'screen',
  live: false,
  render(params) {
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const agree = button({ label: msg('notify.agree'), iconName: 'check', key: 'notify-agree', id: 'notify-agree',
      onClick: () => subscribe(params, status) });
    const decline = button({ label: msg('notify.decline'), iconName: 'no', kind: 'tertiary', key: 'notify-decline',
      onClick: () => go('ticket', params.ticketParams, { root: true }) });
    return h('div', { class: 'notify-consent' },
      screenHead(msg('notify.consent_title'), msg('notify.consent_intro')),
      h('section', { class: 'card consent' },
        h('ul', { class: 'consent-list' },
          h('li', {}, h('span', { text: msg('notify.consent_what') }), ' ',
            h('span', { class: 'notify-masked', 'data-private': '', text: masked(params.phone) })),
          h('li', { text: msg('notify.consent_why') }),
          h('li', { text: msg('notify.consent_until') }),
          h('li', { text: msg('notify.consent_optional') }))),
      status,
      h('div', { class: 'actions' }, decline, agree));
  },
};

async function subscribe(params, status) {
  if (params.sending) return;
  params.sending = true;
  const entry = current();
  status.replaceChildren(notice(msg('notify.working'), { iconName: 'clock' }));
  try {
    const { notices } = await api(`/tickets/${params.ticket.id}/notices`, {
      method: 'POST', body: { phone: params.phone, consent: true, lang: language() } });
    if (current() !== entry) return;
    params.ticketParams.notified = true;
    go('notify-done', { notices, ticketParams: params.ticketParams }, { replace: true });
  } catch (error) {
    if (current() !== entry) return;
    const text = error.offline || error.status >= 500 || error.status === 429
      ? msg('notify.error_offline') : ERRORS[error.code] || msg('notify.error_other');
    status.replaceChildren(notice(text, { iconName: 'warn', tone: 'warning' }));
    announce(text);
  } finally {
    params.sending = false;
  }
}

// Step 3: what will come, to which number (masked), and until when it is kept.
export const notifyDone = {
  timeout: 'ticket',
  live: false,
  render({ notices, ticketParams }) {
    return h('div', { class: 'notify-done' },
      screenHead(msg('notify.done_title')),
      h('section', { class: 'card consent' },
        h('p', { class: 'ticket-line' }, icon('phone'),
          h('span', { text: msg('notify.done_to') }), ' ',
          h('span', { class: 'notify-masked', id: 'notify-masked', 'data-private': '', text: notices.sms })),
        h('ul', { class: 'consent-list' },
          notices.near_ahead > 0 && h('li', { text: msg('notify.done_near', { n: notices.near_ahead }) }),
          h('li', { text: msg('notify.done_called') }),
          h('li', { text: msg('notify.done_thanks') }),
          h('li', { text: msg('notify.done_until') }))),
      h('div', { class: 'actions' },
        button({ label: msg('notify.ok'), iconName: 'check', key: 'notify-ok',
          onClick: () => go('ticket', ticketParams, { root: true }) })));
  },
};
