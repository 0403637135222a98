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
  if (text == null) return '';
  if (typeof text === 'string' || typeof text === 'number') return String(text);
  if (text.names) return text.names[lang] || text.names.ko || '';
  if (typeof text.render === 'function') return text.render(lang);
  return t(text.key, text.params, lang);
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
  el.textContent = render(text);
}

// A translated attribute (aria-label, alt).
export function bindAttr(el, name, text) {
  el.__attrs = { ...(el.__attrs || {}), [name]: text };
  el.dataset.ta = '';
  el.setAttribute(name, render(text));
}

export function relabel(root = document) {
  for (const el of root.querySelectorAll('[data-t]')) el.textContent = render(el.__text);
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
