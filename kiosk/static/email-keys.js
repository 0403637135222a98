// The e-mail address on on-screen keys (or a physical keyboard), shared by the feedback
// reply and the ticket notices: letters, digits and the signs an address uses, with the
// common domains as one key each so that few taps are needed. The field is marked private
// and is never read aloud.
import { h } from '/static/common/dom.js';
import { bindAttr, msg } from '/static/common/i18n.js';
import { icon } from './icons.js';

export const EMAIL_MAX = 254;
// The server's check (Email in server/api/visitor.py), so the visitor hears about a
// malformed address before anything is sent.
const SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
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
  const keys = h('div', { class: 'email-keys', role: 'group' },
    ROWS.map((row) => h('div', { class: 'email-row' }, [...row].map((c) => key(c)))),
    h('div', { class: 'email-row email-row-signs' }, SIGNS.map((c) => key(c)),
      h('button', { type: 'button', class: 'btn btn-tertiary email-key email-key-wide', 'data-key': 'email-erase',
        onclick: () => set(value().slice(0, -1)) }, icon('back'), h('span', { text: msg('appointment.erase') })),
      h('button', { type: 'button', class: 'btn btn-tertiary email-key email-key-wide', 'data-key': 'email-clear',
        onclick: () => set('') }, h('span', { text: msg('appointment.clear') }))),
    h('div', { class: 'email-row email-row-domains' }, DOMAINS.map((d) => key(d, ' email-key-wide'))));
  bindAttr(keys, 'aria-label', msg('feedback.email_keys'));
  return {
    field: h('div', { class: 'search-box', 'data-private': '' }, icon('info'), input),
    keys,
  };
}
