// The one way every page finds its words. Each surface keeps its own catalogs, one per
// language: the kiosk and the screens fetch theirs (<surface>/i18n/<lang>.json, served at
// /i18n/<surface>/<lang>.json), the staff console and the phone page carry theirs in the
// page (addCatalog). A message may hold {name} placeholders, and plural forms by name
// ({one, other}) chosen by its {n}.
//
// Text on screen can be kept as a value that renders in any language, not as a finished
// string (the kiosk shows it in the visitor's language and its voice guide reads the same
// elements in Korean and in that language):
//   msg('queue.waiting', {n: 3})   a catalog message
//   named(service.names)            a name the API gives in six languages
//   'A-012'                         data shown as it is (a ticket number, a room)
//   {render: (lang) => string}      anything else (times, see kiosk/static/format.js)
import { ApiError } from './api.js';

export const LANGUAGES = ['ko', 'en', 'zh', 'vi', 'ru', 'th'];
export const LOCALES = { ko: 'ko-KR', en: 'en-GB', zh: 'zh-CN', vi: 'vi-VN', ru: 'ru-RU', th: 'th-TH' };
// Each language by its own name, as a visitor who reads it would look for it.
export const LANGUAGE_NAMES = { ko: '한국어', en: 'English', zh: '中文', vi: 'Tiếng Việt', ru: 'Русский', th: 'ไทย' };

const catalogs = new Map();
const plurals = new Map();
let surface = null;
let current = 'ko';

// Keys a catalog lacked, for tests and for the log: the text falls back to Korean.
export const missingKeys = new Set();
window.__missingKeys = missingKeys;

export const msg = (key, params = {}) => ({ key, params });
export const named = (names) => ({ names: names || {} });
export const isValue = (text) => text !== null && typeof text === 'object'
  && ('key' in text || 'names' in text || typeof text.render === 'function');

export function language() { return current; }

// Which surface's catalogs loadCatalog fetches ('kiosk', 'display').
export function useSurface(name) { surface = name; }

export function addCatalog(lang, catalog) { catalogs.set(lang, catalog); }

export function hasCatalog(lang) { return catalogs.has(lang); }

export function hasMessage(key, lang = 'ko') { return catalogs.get(lang)?.[key] !== undefined; }

export async function loadCatalog(lang) {
  if (catalogs.has(lang)) return;
  let response;
  try {
    response = await fetch(`/i18n/${surface}/${lang}.json`);
  } catch (error) {
    throw new ApiError(0, 'offline', 'The server could not be reached.');
  }
  if (!response.ok) throw new ApiError(response.status, 'catalog_missing', `No catalog for ${lang}`);
  catalogs.set(lang, await response.json());
}

export async function setLanguage(lang) {
  await loadCatalog(lang);
  useLanguage(lang);
  relabel(document);
}

export function useLanguage(lang) {
  current = lang;
  document.documentElement.lang = lang;
}

// A catalog message with its placeholders filled: t('queue.waiting', {n: 3}).
export function t(key, vars = {}, lang = current) {
  return template(key, vars, lang).replace(/\{(\w+)\}/g, (_, name) => render(vars[name], lang));
}

export function render(text, lang = current) {
  return rendered(text, lang).text;
}

// A name's text in `lang` only: '' when it has not been translated (the screens then
// leave out the line rather than repeat the Korean). As server/infra/languages.py.
export function translation(names, lang) {
  return String(names?.[lang] ?? '').trim();
}

// A list kept per language ({lang: [item]}, the documents to bring) as the items shown in
// `lang`: its own list, or the Korean one whole when it has none (never item by item, as
// server/infra/languages.py items_in_language). Each item is a name in every language,
// so that it is shown tagged when in Korean and can be read in Korean as well.
export function listed(lists, lang = current) {
  const items = (of) => (lists?.[of] || []).map((item) => String(item).trim()).filter(Boolean);
  const count = (items(lang).length ? items(lang) : items('ko')).length;
  return Array.from({ length: count }, (_, index) => named(
    Object.fromEntries(LANGUAGES.map((of) => [of, items(of)[index] || '']))));
}

// The text of a value in `lang`, and the language it is really in: a name not translated
// into `lang` is its Korean ({text, lang: 'ko'}), as is a catalog message missing in
// `lang`; data and computed text claim no language (null).
export function rendered(text, lang = current) {
  if (text == null) return { text: '', lang: null };
  if (typeof text === 'string' || typeof text === 'number') return { text: String(text), lang: null };
  if (text.names) {
    const own = translation(text.names, lang);
    return own ? { text: own, lang } : { text: translation(text.names, 'ko'), lang: 'ko' };
  }
  if (typeof text.render === 'function') return { text: text.render(lang), lang: null };
  return { text: t(text.key, text.params, lang), lang: hasMessage(text.key, lang) ? lang : 'ko' };
}

// Show a value's text in an element, tagged lang="ko" when the page is in another language
// and the text fell back to Korean (screen readers then read it with a Korean voice).
export function showText(el, text, lang = current) {
  const shown = rendered(text, lang);
  el.textContent = shown.text;
  if (shown.lang && shown.lang !== lang) {
    el.lang = shown.lang;
    el.dataset.untranslated = '';
  } else if (el.dataset.untranslated !== undefined) {   // only a tag set here is taken off
    el.removeAttribute('lang');
    delete el.dataset.untranslated;
  }
  return el;
}

function template(key, params, lang) {
  let value = catalogs.get(lang)?.[key];
  if (value === undefined) {
    missingKeys.add(`${lang}:${key}`);
    value = catalogs.get('ko')?.[key] ?? key;
  }
  if (typeof value === 'object') {
    if (!plurals.has(lang)) plurals.set(lang, new Intl.PluralRules(LOCALES[lang]));
    value = value[plurals.get(lang).select(Number(params.n))] ?? value.other;
  }
  return value;
}

// An element's text, kept so that it can be re-rendered and spoken in any language.
export function bindText(el, text) {
  el.__text = text;
  el.dataset.t = text?.key || (text?.names ? '@name' : '@data');
  showText(el, text);
}

// A translated attribute (aria-label, alt).
export function bindAttr(el, name, text) {
  el.__attrs = { ...(el.__attrs || {}), [name]: text };
  el.dataset.ta = '';
  el.setAttribute(name, render(text));
}

export function relabel(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) showText(el, el.__text);
  for (const el of root.querySelectorAll('[data-ta]')) {
    for (const [name, text] of Object.entries(el.__attrs)) el.setAttribute(name, render(text));
  }
}

// The page template marks its fixed strings with data-msg / data-msg-aria-label.
export function bindTemplate(root = document) {
  for (const el of root.querySelectorAll('[data-msg]')) bindText(el, msg(el.dataset.msg));
  for (const el of root.querySelectorAll('[data-msg-aria-label]')) {
    bindAttr(el, 'aria-label', msg(el.dataset.msgAriaLabel));
  }
}
