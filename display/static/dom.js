// A small element builder, so screens never assemble HTML from strings (no injection,
// and text from the server is always text).
//   h('p', {class: 'x', lang: 'en'}, 'text', otherElement, null)
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

// Replace an element's children in one step (the old nodes and their listeners go).
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

// Restart a one-shot CSS animation class on an element.
export function replay(element, className) {
  element.classList.remove(className);
  void element.offsetWidth;  // reflow, so the animation starts again
  element.classList.add(className);
}
