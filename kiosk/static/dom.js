// h(): a small element builder for the screens. Text is given as i18n values (msg(),
// named(), data strings), never as finished sentences, so that every string on screen
// comes from a catalog or from the API and can be spoken in any language.
import { bindAttr, bindText } from './i18n.js';

export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') bindText(el, value);
    else if (name === 'label') bindAttr(el, 'aria-label', value);
    else if (name === 'alt') bindAttr(el, 'alt', value);
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : h('span', { text: child }));
  }
  return el;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
