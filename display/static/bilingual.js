// Labels in Korean, with a second language beneath that changes every few seconds
// through English, Chinese, Vietnamese, Russian and Thai (or the languages the admin set
// for this screen). Every visible string comes from /i18n/display/<lang>.json.
import { h } from '/static/common/dom.js';
import { hasCatalog, loadCatalog, t, translation, useSurface } from '/static/common/i18n.js';

export const SECOND_LANGUAGES = ['en', 'zh', 'vi', 'ru', 'th'];
export const LABELS_TURNED = 'labelsturned';   // an event on document
const TIME_ZONE = 'Asia/Seoul';
let second = 'en';

useSurface('display');

export async function loadCatalogs(languages) {
  await Promise.all(['ko', ...languages].map(loadCatalog));
}

// The text of a key in one language; a second language whose catalog is not loaded shows
// nothing, rather than the Korean twice.
export function textIn(lang, key, vars = {}) {
  if (!hasCatalog(lang) && lang !== 'ko') return '';
  return t(key, vars, lang);
}

// A catalog label: Korean, and the current second language under it.
export function label(key, vars = {}, { tag = 'span', className = '' } = {}) {
  const other = h('span', { class: 'l2', lang: second,
                            dataset: { key, vars: JSON.stringify(vars) } }, textIn(second, key, vars));
  return h(tag, { class: `bi ${className}`.trim() },
           h('span', { class: 'l1', lang: 'ko' }, textIn('ko', key, vars)), other);
}

// A datum kept in six languages ({ko, en, ...}: a name, a room, a duty, a route step):
// Korean, and the second language under it where it is translated (an untranslated one
// leaves the line empty rather than repeat the Korean).
export function names(value, { tag = 'span', className = '' } = {}) {
  const all = value || {};
  const other = h('span', { class: 'l2', lang: second, dataset: { names: JSON.stringify(all) } },
                  translation(all, second));
  return h(tag, { class: `bi ${className}`.trim() },
           h('span', { class: 'l1', lang: 'ko' }, translation(all, 'ko')), other);
}

// A datum the API gives in six languages (`texts`, e.g. a department's `rooms`) with its
// Korean also kept alone (`korean`, e.g. `room`): as `names`, or nothing when it is empty.
export function translated(texts, korean, options = {}) {
  const all = { ...texts, ko: translation(texts, 'ko') || korean || '' };
  return all.ko ? names(all, options) : null;
}

function refresh(element) {
  element.lang = second;
  if (element.dataset.key) {
    element.textContent = textIn(second, element.dataset.key, JSON.parse(element.dataset.vars));
  } else {
    element.textContent = translation(JSON.parse(element.dataset.names), second);
  }
}

// One timer for the whole page; the fade is slow (no flashing).
export function rotateSecondLanguage(languages, seconds = 8) {
  const list = languages.length ? languages : SECOND_LANGUAGES;
  second = list[0];
  document.querySelectorAll('.l2').forEach(refresh);
  if (list.length < 2) return;
  let index = 0;
  setInterval(() => {
    document.documentElement.classList.add('l2-out');
    setTimeout(() => {
      index = (index + 1) % list.length;
      second = list[index];
      document.querySelectorAll('.l2').forEach(refresh);
      document.documentElement.classList.remove('l2-out');
      // Lines change length with the language: screens that fit their lists to the room
      // measure again.
      document.dispatchEvent(new Event(LABELS_TURNED));
    }, 600);
  }, seconds * 1000);
}

export function clockTime(date, lang = 'ko') {
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit',
                                         hourCycle: 'h23' }).format(date);
}

export function clockDate(date, lang = 'ko') {
  return new Intl.DateTimeFormat(lang, { timeZone: TIME_ZONE, month: 'long', day: 'numeric',
                                         weekday: 'short' }).format(date);
}

export function localHour(date) {
  return Number(new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, hour: 'numeric',
                                                hourCycle: 'h23' }).format(date));
}
