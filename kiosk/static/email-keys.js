// The e-mail address on on-screen keys (or a physical keyboard), shared by the feedback
// reply and the ticket notices: letters, digits and the signs an address uses, with the
// common domains as one key each so that few taps are needed. The field is marked private
// and is never read aloud.
// Where room is short (enlarged, low screen) the keys are a compact grid of five rows: the
// digits take the letters' place at the "123" key, as on a phone, instead of a row of
// their own (kiosk.css, "e-mail keys").
import { h } from '/static/common/dom.js';
import { bindAttr, msg } from '/static/common/i18n.js';
import { icon } from './icons.js';

export const EMAIL_MAX = 254;
// The server's check (Email in server/api/visitor.py), so the visitor hears about a
// malformed address before anything is sent.
const SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const DIGITS = '1234567890';
const LETTERS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const SIGNS = ['@', '.', '-', '_'];
const DOMAINS = ['@naver.com', '@gmail.com', '@daum.net'];

export const isEmail = (value) => value.length <= EMAIL_MAX && SHAPE.test(value);

// v*****@naver.com, as the server masks it (mask_email in server/visitor/notices.py).
export function maskEmail(address) {
  const at = address.indexOf('@');
  const name = address.slice(0, at);
  const domain = address.slice(at + 1);
  return `${name.slice(0, 1)}${'*'.repeat(Math.max(name.length - 1, 1))}@${domain}`;
}

// The text field and the keys under it. value() gives the address so far; onChange gets
// every new value (already cut to EMAIL_MAX).
export function emailKeys({ id, value, onChange }) {
  const input = h('input', { type: 'text', id, class: 'search-input', size: '1', inputmode: 'email',
    autocomplete: 'off', spellcheck: 'false', maxlength: String(EMAIL_MAX), lang: 'en', 'data-private': '' });
  bindAttr(input, 'aria-label', msg('feedback.email_label'));
  input.value = value();
  const set = (next) => {
    input.value = next.slice(0, EMAIL_MAX);
    onChange(input.value);
  };
  input.addEventListener('input', () => set(input.value));
  const key = (text, extra = '') => h('button', { type: 'button', class: `btn btn-secondary email-key${extra}`,
    'data-key': `email-${text}`, lang: 'en', onclick: () => set(value() + text) }, h('span', { text }));
  const wide = (name, text, onclick, ...content) => h('button', { type: 'button',
    class: `btn btn-tertiary email-key email-key-wide email-key-${name}`, 'data-key': `email-${name}`, onclick },
  ...content, h('span', { text }));
  const row = (kind, chars, ...extra) => h('div', { class: `email-row email-row-${kind}` }, [...chars].map((c) => key(c)), ...extra);
  // The compact grid's switch between letters and digits; the full grid shows both.
  const switchLabel = h('span', { lang: 'en' });
  const switchKey = h('button', { type: 'button', class: 'btn btn-tertiary email-key email-key-wide email-key-switch',
    'data-key': 'email-switch', onclick: () => showDigits(!keys.hasAttribute('data-digits')) }, switchLabel);
  const keys = h('div', { class: 'email-keys', role: 'group' },
    row('digits', DIGITS),
    row('letters', LETTERS[0]),
    row('letters', LETTERS[1]),
    row('letters', LETTERS[2], wide('clear', msg('appointment.clear'), () => set(''))),
    h('div', { class: 'email-row email-row-signs' }, switchKey, SIGNS.map((c) => key(c)),
      wide('erase', msg('appointment.erase'), () => set(value().slice(0, -1)), icon('back'))),
    h('div', { class: 'email-row email-row-domains' }, DOMAINS.map((d) => key(d, ' email-key-wide'))));
  function showDigits(on) {
    keys.toggleAttribute('data-digits', on);
    switchLabel.textContent = on ? 'abc' : '123';
  }
  showDigits(false);
  bindAttr(keys, 'aria-label', msg('feedback.email_keys'));
  return {
    field: h('div', { class: 'search-box', 'data-private': '' }, icon('info'), input),
    keys,
  };
}
