// The console's message catalog (server/staff/labels.json, embedded in the page):
// Korean first, English beneath.
import { h } from '/static/common/dom.js';

const catalog = JSON.parse(document.getElementById('labels').textContent);

export function text(key, vars = {}, lang = 'ko') {
  const entry = catalog[key];
  if (!entry) return key;
  return entry[lang].replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
}

// "한국어 · English", where one line is needed (notifications, tooltips, messages).
export const both = (key, vars) => `${text(key, vars)} · ${text(key, vars, 'en')}`;

// The two languages as spans, styled one above the other.
export function bi(key, vars) {
  return [h('span', { class: 'ko' }, text(key, vars)), ' ',
          h('span', { class: 'en', lang: 'en' }, text(key, vars, 'en'))];
}

// A service's or counter's own name in both languages.
export function names(value) {
  if (!value) return '';
  return [h('span', { class: 'ko' }, value.ko), ' ',
          value.en ? h('span', { class: 'en', lang: 'en' }, value.en) : null];
}

// Why the server refused, in Korean where we know the reason, with its own sentence.
export function refusal(error) {
  const key = `error.${error.code}`;
  return catalog[key] ? `${text(key)} (${error.message})` : error.message;
}
