// The console's words (server/staff/labels.json, {key: {ko, en}}, carried in the page):
// Korean first, English beneath, found through the pages' one i18n module.
import { h } from '/static/common/dom.js';
import { addCatalog, hasMessage, t } from '/static/common/i18n.js';

const labels = JSON.parse(document.getElementById('labels').textContent);
for (const lang of ['ko', 'en']) {
  addCatalog(lang, Object.fromEntries(Object.entries(labels).map(([key, entry]) => [key, entry[lang]])));
}

// "한국어 · English", where one line is needed (notifications, tooltips, messages).
export const both = (key, vars) => `${t(key, vars, 'ko')} · ${t(key, vars, 'en')}`;

// The two languages as spans, styled one above the other.
export function bi(key, vars) {
  return [h('span', { class: 'ko' }, t(key, vars, 'ko')), ' ',
          h('span', { class: 'en', lang: 'en' }, t(key, vars, 'en'))];
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
  return hasMessage(key) ? `${t(key, {}, 'ko')} (${error.message})` : error.message;
}
