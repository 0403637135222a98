// Every visible string comes from a message catalog (kiosk/i18n/<lang>.json).
//
// Text on screen is kept as a value that can be rendered in any language, not as a
// finished string: the screen shows it in the visitor's language and the voice guide
// reads the same elements in Korean and in that language.
//   msg('queue.waiting', {n: 3})   a catalog message; {n} also chooses plural forms
//   named(service.names)            a name the API gives in six languages
//   'A-012'                         data shown as it is (a ticket number, a room)
//   {render: (lang) => string}      anything else (times, see format.js)
import { ApiError } from '/static/common/api.js';

export const LANGUAGES = ['ko', 'en', 'zh', 'vi', 'ru', 'th'];
export const LOCALES = { ko: 'ko-KR', en: 'en-GB', zh: 'zh-CN', vi: 'vi-VN', ru: 'ru-RU', th: 'th-TH' };

const catalogs = new Map();
const plurals = new Map();
let current = 'ko';

// Keys a catalog lacked, for tests and for the log: the screen falls back to Korean.
export const missingKeys = new Set();
window.__missingKeys = missingKeys;

export const msg = (key, params = {}) => ({ key, params });
export const named = (names) => ({ names: names || {} });

export function language() { return current; }

export async function loadCatalog(lang) {
  if (catalogs.has(lang)) return;
  let response;
  try {
    response = await fetch(`/i18n/kiosk/${lang}.json`);
  } catch (error) {
    throw new ApiError(0, 'offline', 'The server could not be reached.');
  }
  if (!response.ok) throw new ApiError(response.status, 'catalog_missing', `No catalog for ${lang}`);
  catalogs.set(lang, await response.json());
}

export async function setLanguage(lang) {
  await loadCatalog(lang);
  current = lang;
  document.documentElement.lang = lang;
  relabel(document);
}

export function render(text, lang = current) {
  if (text == null) return '';
  if (typeof text === 'string' || typeof text === 'number') return String(text);
  if (text.names) return text.names[lang] || text.names.ko || '';
  if (typeof text.render === 'function') return text.render(lang);
  return template(text.key, text.params, lang)
    .replace(/\{(\w+)\}/g, (_, name) => render(text.params[name], lang));
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
