// The one element builder of every page, and the few DOM helpers the pages share. Pages
// never assemble HTML from strings (no injection; text from the server is always text).
//   h('button', { class: 'x', dataset: { id: 3 }, onclick }, 'text', child, [more])
// Words may be given as i18n values (msg(), named(): see i18n.js): as a child, as `text`
// (the element's own text), as `label` (its aria-label) or as any attribute's value, they
// stay bound to the value and follow a change of language.
import { bindAttr, bindText, isValue } from './i18n.js';

export const $ = (id) => document.getElementById(id);

// A page whose every text is kept as an i18n value (the kiosk, whose voice guide reads
// the elements) asks for plain strings to be kept as values too: each becomes a span.
let stringsAsValues = false;
export function keepStringsAsValues() { stringsAsValues = true; }

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'text') bindText(el, value);
    else if (name === 'label') bindAttr(el, 'aria-label', value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (isValue(value)) bindAttr(el, name, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    if (child instanceof Node) el.append(child);
    else if (isValue(child) || stringsAsValues) el.append(h('span', { text: child }));
    else el.append(String(child));
  }
}

// Replace an element's children in one step (the old nodes and their listeners go).
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// Restart a one-shot CSS animation class on an element.
export function replay(el, className) {
  el.classList.remove(className);
  void el.offsetWidth;  // reflow, so the animation starts again
  el.classList.add(className);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A passing message in the page's #toast (the consoles).
let toastTimer = null;
export function toast(message, { error = false } = {}) {
  const el = $('toast');
  el.textContent = message;
  el.classList.toggle('is-error', error);
  el.classList.add('is-shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('is-shown'), error ? 8000 : 3000);
}
