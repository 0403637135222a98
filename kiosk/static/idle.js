// No silent time-out: away from the home screen a countdown is always shown, any touch
// or key starts it again, and "more time" adds a minute. When it runs out the kiosk
// returns home for the next visitor.
import { bindText, msg } from '/static/common/i18n.js';

const DEFAULT_SECONDS = { screen: 120, ticket: 40 };
const EXTEND_SECONDS = 60;
const MAX_SECONDS = 600;
const WARN_AT = 20;

let seconds = { ...DEFAULT_SECONDS };
let total = 0;
let remaining = 0;
let timer = null;
let handlers = { onExpire() {}, onWarn() {} };
let box, text;

// config.timeouts: {screen: seconds, ticket: seconds} from the kiosk's device settings.
export function setupIdle({ timeouts = {}, onExpire, onWarn }) {
  seconds = { ...DEFAULT_SECONDS, ...timeouts };
  handlers = { onExpire, onWarn };
  box = document.getElementById('idle');
  text = document.getElementById('idle-text');
  document.getElementById('idle-extend').addEventListener('click', extendIdle);
  for (const type of ['pointerdown', 'keydown']) {
    document.addEventListener(type, pokeIdle, { capture: true, passive: true });
  }
}

export function startIdle(kind) {
  clearInterval(timer);
  timer = null;
  box.hidden = !kind;
  if (!kind) return;
  total = seconds[kind] || DEFAULT_SECONDS.screen;
  remaining = total;
  draw();
  timer = setInterval(tick, 1000);
}

export function pokeIdle() {
  if (!timer) return;
  remaining = Math.max(remaining, total);
  draw();
}

export function extendIdle() {
  if (!timer) return;
  remaining = Math.min(Math.max(remaining, total) + EXTEND_SECONDS, MAX_SECONDS);
  draw();
}

function tick() {
  remaining -= 1;
  if (remaining === WARN_AT) handlers.onWarn();
  if (remaining <= 0) {
    startIdle(null);
    handlers.onExpire();
    return;
  }
  draw();
}

function draw() {
  bindText(text, msg('idle.remaining', { n: remaining }));
  text.parentElement.classList.toggle('idle-low', remaining <= WARN_AT);
}
