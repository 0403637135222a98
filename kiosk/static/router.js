// Screens and the way between them. Each screen is a module with
//   render(params) -> Node     builds the screen (params persist while it is shown)
//   timeout: 'screen' | 'ticket' | null    which idle countdown runs (null on home)
//   live: true                 re-render when the site's data changes
// The history is a stack, so "back" is always the previous screen and "home" is one tap.
import { whenReleased } from '/static/common/press.js';

const screens = new Map();
const showListeners = new Set();
let stack = [];
let main = null;

export function mountRouter(element) {
  main = element;
}

export function register(name, screen) {
  screens.set(name, screen);
}

export function onShow(listener) {
  showListeners.add(listener);
}

export function current() {
  return stack[stack.length - 1] || null;
}

export function screenOf(entry) {
  return entry ? screens.get(entry.name) : null;
}

// go('services', {departmentId}); {root: true} starts a new history (after a ticket).
export function go(name, params = {}, { replace = false, root = false } = {}) {
  const entry = { name, params };
  if (root) stack = [{ name: 'home', params: {} }];
  if (replace) stack.pop();
  if (!(root && name === 'home')) stack.push(entry);
  show(current(), { fresh: true });
}

export function back() {
  if (stack.length > 1) stack.pop();
  show(current(), { fresh: true });
}

export function home() {
  stack = [{ name: 'home', params: {} }];
  show(current(), { fresh: true });
}

export const canGoBack = () => stack.length > 1;

// New data for the screen being shown: draw it again, keeping the focused item.
export function refresh() {
  whenReleased(refreshNow);
}

function refreshNow() {
  const entry = current();
  if (!entry || !screenOf(entry).live) return;
  const focusedKey = document.activeElement?.closest?.('[data-key]')?.dataset.key;
  show(entry, { fresh: false });
  if (focusedKey) main.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
}

// Draw the screen again even if it is not live (its own data changed).
export function redraw() {
  whenReleased(redrawNow);
}

function redrawNow() {
  const entry = current();
  if (entry) show(entry, { fresh: false });
}

function show(entry, { fresh }) {
  const screen = screenOf(entry);
  main.replaceChildren(screen.render(entry.params));
  main.dataset.screen = entry.name;
  if (fresh) {
    main.scrollTop = 0;
    // Focus moves to the new screen's title, so keypad and screen-reader users start there.
    (main.querySelector('h1') || main).focus({ preventScroll: true });
  }
  for (const listener of showListeners) listener(entry, screen, { fresh });
}
