// "Get notices": after taking a number, the visitor may ask to be told when their turn is
// near, when a counter calls them and when they are done (with the link to rate the
// handling), by text message or by e-mail. One choice first (one channel, so that there is
// one thing to type and one consent), then the mobile number on a large number pad (or
// the keypad's digit keys, see keypad.js) or the address on the shared e-mail keys, an
// explicit consent naming what is kept, why and until when (the end of today), then the
// confirmation with the number or address masked.
// The number or address is never read aloud and never shown again unmasked.
import { h } from '/static/common/dom.js';
import { language, msg } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { announce } from '../voice.js';
import { current, go } from '../router.js';
import { api } from '/static/common/api.js';
import { button, digitPad, notice, option, options, screenHead } from '../parts.js';
import { emailKeys, isEmail, maskEmail } from '../email-keys.js';

const MAX_DIGITS = 11;
const MOBILE = /^01[016789]\d{7,8}$/;   // as the server checks (server/staff/callbacks.py)

// The API's refusals, in the visitor's language, per channel.
const ERRORS = {
  sms: {
    invalid_phone: msg('notify.error_number'),
    invalid_request: msg('notify.error_number'),
    wrong_status: msg('notify.error_status'),
    other: msg('notify.error_other'),
  },
  email: {
    invalid_request: msg('feedback.error_email'),
    wrong_status: msg('notify.error_status'),
    other: msg('notify.email_error_other'),
  },
};

// What differs between the channels on the consent and done screens.
const WORDS = {
  sms: { consentTitle: msg('notify.consent_title'), consentIntro: msg('notify.consent_intro'),
    consentWhat: msg('notify.consent_what'), working: msg('notify.working'), doneTitle: msg('notify.done_title'),
    doneTo: msg('notify.done_to'), doneUntil: msg('notify.done_until'), iconName: 'phone' },
  email: { consentTitle: msg('notify.email_consent_title'), consentIntro: msg('notify.email_consent_intro'),
    consentWhat: msg('notify.email_consent_what'), working: msg('notify.email_working'),
    doneTitle: msg('notify.email_done_title'), doneTo: msg('notify.email_done_to'),
    doneUntil: msg('notify.email_done_until'), iconName: 'mail' },
};

// 01012345678 -> 010-1234-5678, as it is typed.
function grouped(digits) {
  if (digits.length <= 3) return digits;
  const middle = digits.length > 10 ? 4 : 3;
  if (digits.length <= 3 + middle) return `${digits.slice(0, 3)}-${digits.slice(3)}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 3 + middle)}-${digits.slice(3 + middle)}`;
}

const masked = (digits) => grouped(digits).replace(/-(\d+)-/, (_, middle) => `-${'*'.repeat(middle.length)}-`);

// Step 1: how to be told.
export const notifyHow = {
  timeout: 'screen',
  live: false,
  render({ ticket, ticketParams }) {
    return h('div', { class: 'notify-how' },
      screenHead(msg('notify.how_title'), msg('notify.how_intro')),
      options([
        option({ n: 1, key: 'notify-by-sms', iconName: 'phone', label: msg('notify.how_sms'),
          details: [msg('notify.how_sms_hint')], onClick: () => go('notify', { ticket, ticketParams }) }),
        option({ n: 2, key: 'notify-by-email', iconName: 'mail', label: msg('notify.how_email'),
          details: [msg('notify.how_email_hint')], onClick: () => go('notify-email', { ticket, ticketParams }) }),
      ], 'options-pair'));
  },
};

// Step 2, by text message: the number.
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
        go('notify-consent', { ticket: params.ticket, ticketParams: params.ticketParams, channel: 'sms',
          phone: params.phone });
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

// Step 2, by e-mail: the address on the shared e-mail keys.
export const notifyEmail = {
  timeout: 'screen',
  live: false,
  render(params) {
    params.email ||= '';
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const { field, keys } = emailKeys({ id: 'notify-email', value: () => params.email,
      onChange: (value) => { params.email = value; status.replaceChildren(); } });
    return h('div', { class: 'notify-email' },
      screenHead(msg('notify.email_title'), msg('notify.email_intro')),
      field,
      status,
      keys,
      h('div', { class: 'actions' }, button({ label: msg('notify.next'), iconName: 'check', key: 'notify-next',
        id: 'notify-next', onClick: () => {
          const email = params.email.trim();
          if (!isEmail(email)) {
            status.replaceChildren(notice(msg('feedback.error_email'), { iconName: 'warn', tone: 'warning' }));
            announce(msg('feedback.error_email'));
            return;
          }
          go('notify-consent', { ticket: params.ticket, ticketParams: params.ticketParams, channel: 'email', email });
        } })));
  },
};

// Step 3: consent, before anything is sent to the server.
export const notifyConsent = {
  timeout: 'screen',
  live: false,
  render(params) {
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const agree = button({ label: msg('notify.agree'), iconName: 'check', key: 'notify-agree', id: 'notify-agree',
      onClick: () => subscribe(params, status) });
    const decline = button({ label: msg('notify.decline'), iconName: 'no', kind: 'tertiary', key: 'notify-decline',
      onClick: () => go('ticket', params.ticketParams, { root: true }) });
    const words = WORDS[params.channel];
    const shown = params.channel === 'email' ? maskEmail(params.email) : masked(params.phone);
    return h('div', { class: 'notify-consent' },
      screenHead(words.consentTitle, words.consentIntro),
      h('section', { class: 'card consent' },
        h('ul', { class: 'consent-list' },
          h('li', {}, h('span', { text: words.consentWhat }),
            h('span', { class: 'notify-masked', 'data-private': '', lang: params.channel === 'email' ? 'en' : null,
              text: shown })),
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
  const { channel } = params;
  status.replaceChildren(notice(WORDS[channel].working, { iconName: 'clock' }));
  try {
    const contact = channel === 'email' ? { email: params.email } : { phone: params.phone };
    const { notices } = await api(`/tickets/${params.ticket.id}/notices`, {
      method: 'POST', body: { ...contact, consent: true, lang: language() } });
    if (current() !== entry) return;
    params.ticketParams.notified = channel;
    go('notify-done', { notices, channel, ticketParams: params.ticketParams }, { replace: true });
  } catch (error) {
    if (current() !== entry) return;
    const text = error.offline || error.status >= 500 || error.status === 429
      ? msg('notify.error_offline') : ERRORS[channel][error.code] || ERRORS[channel].other;
    status.replaceChildren(notice(text, { iconName: 'warn', tone: 'warning' }));
    announce(text);
  } finally {
    params.sending = false;
  }
}

// Step 4: what will come, to which number or address (masked by the server), and until
// when it is kept.
export const notifyDone = {
  timeout: 'ticket',
  live: false,
  render({ notices, channel, ticketParams }) {
    const words = WORDS[channel];
    return h('div', { class: 'notify-done' },
      screenHead(words.doneTitle),
      h('section', { class: 'card consent' },
        h('p', { class: 'ticket-line' }, icon(words.iconName),
          h('span', { text: words.doneTo }),
          h('span', { class: 'notify-masked', id: 'notify-masked', 'data-private': '',
            lang: channel === 'email' ? 'en' : null, text: notices[channel] })),
        h('ul', { class: 'consent-list' },
          notices.near_ahead > 0 && h('li', { text: msg('notify.done_near', { n: notices.near_ahead }) }),
          h('li', { text: msg('notify.done_called') }),
          h('li', { text: msg('notify.done_thanks') }),
          h('li', { text: words.doneUntil }))),
      h('div', { class: 'actions' },
        button({ label: msg('notify.ok'), iconName: 'check', key: 'notify-ok',
          onClick: () => go('ticket', ticketParams, { root: true }) })));
  },
};
