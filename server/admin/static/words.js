// The admin console's words (server/admin/labels.json, {key: {ko, en}}, carried in the
// page): Korean first with English beside, found through the pages' one i18n module.
// Field labels and help lines come with the forms' schemas (server/admin/forms.py).
import { h } from '/static/common/dom.js';
import { addCatalog, hasMessage, t } from '/static/common/i18n.js';

const labels = JSON.parse(document.getElementById('labels')?.textContent || '{}');
for (const lang of ['ko', 'en']) {
  addCatalog(lang, Object.fromEntries(Object.entries(labels).map(([key, entry]) => [key, entry[lang]])));
}

export const en = (text) => h('span', { class: 'en', lang: 'en' }, text);

// Korean and English side by side: a catalog key, or a [ko, en] pair written in place.
export function bi(text, vars) {
  const [korean, english] = Array.isArray(text) ? text : [t(text, vars, 'ko'), t(text, vars, 'en')];
  return [korean, ' ', en(english)];
}

// "한국어 · English", where one line is needed (toasts, confirmations).
export const both = (key, vars) => `${t(key, vars, 'ko')} · ${t(key, vars, 'en')}`;
// [한국어, English], for what keeps the two apart (a form's title, an edit's name).
export const pair = (key, vars) => [t(key, vars, 'ko'), t(key, vars, 'en')];
// Korean only, where the line is data-like and short (a table cell, an option, a readout).
export const korean = (key, vars) => t(key, vars, 'ko');

// Which words a choice field shares: the languages are one list wherever they are asked.
const CHOICE_GROUPS = { notices_lang: 'lang', second_language: 'lang', label_languages: 'lang',
                        languages: 'lang' };

// A choice's word (numbering "letter" -> "글자 (A-001)"), by the field that offers it.
export function choiceKey(field, value) {
  const name = String(field).split('.').pop();
  return `choice.${CHOICE_GROUPS[name] || name}.${value}`;
}
export function choice(field, value, lang = 'ko') {
  if (value === null || value === undefined || value === '') return '—';
  const key = choiceKey(field, value);
  return hasMessage(key) ? t(key, {}, lang) : String(value);
}
// Both languages in one line, for an <option> (which holds text only).
export function choiceBoth(field, value) {
  const key = choiceKey(field, value);
  return hasMessage(key) ? `${t(key, {}, 'ko')} · ${t(key, {}, 'en')}` : String(value);
}

// Why the server refused, Korean first, then the server's own English sentence (which
// names the detail). `what` is the section that was being saved: a conflict there has
// its own words ("error.conflict.services").
export function refusal(error, what) {
  const code = error?.code || 'default';
  const key = [`error.${code}.${what}`, `error.${code}`, 'error.default'].find((k) => hasMessage(k));
  return `${t(key, {}, 'ko')} · ${error?.message || t(key, {}, 'en')}`;
}

// One field's problem, as the server named it (pydantic's type), with its English text.
export function problem(p) {
  const key = hasMessage(`problem.${p.type}`) ? `problem.${p.type}` : 'problem.default';
  return `${t(key, {}, 'ko')} · ${p.problem}`;
}
