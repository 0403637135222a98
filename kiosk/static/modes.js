// Accessibility modes (KS X 9211), switched from the tools bar on every screen:
//   contrast  KRDS high-contrast colours (선명한 화면): <html data-krds-mode="high-contrast">
//   enlarge   all content at 200%: <html data-enlarge>, every size is in rem
//   low       every control in the lower part of the screen, within reach from a
//             wheelchair: <html data-low>
//   voice     the voice guide (voice.js). Voice first: any key of the keypad, or
//             headphones plugged in where the device reports it, starts it (wakeVoice)
// Each tile says its state in words ("켜짐"/"꺼짐") and with a tick, not by colour alone.
import { bindText, msg } from '/static/common/i18n.js';
import { icon } from './icons.js';
import { onShow } from './router.js';
import { setVoice } from './voice.js';

const root = document.documentElement;
const modes = { contrast: false, enlarge: false, low: false, voice: false };
let listeners = [];
let voiceDeclined = false;      // this visitor turned the voice guide off
let touched = false;            // this visitor has touched the screen

// 12 mm targets and 2.5 mm gaps are physical sizes: CSS gets the screen's CSS pixels per
// millimetre from the device settings (screen.width_px across screen.width_mm).
// Without them, 96 px per inch (the CSS reference pixel) errs on the large side.
export const DEFAULT_PX_PER_MM = 96 / 25.4;

export function pxPerMm(config) {
  const screen = config?.screen || {};
  if (screen.width_px > 0 && screen.width_mm > 0) {
    return screen.width_px / screen.width_mm / (window.devicePixelRatio || 1);
  }
  return DEFAULT_PX_PER_MM;
}

export function setupModes(config) {
  const ppm = pxPerMm(config);
  root.style.setProperty('--ppm', String(ppm));
  window.__pxPerMm = ppm;
  for (const tile of document.querySelectorAll('[data-mode]')) {
    const state = document.createElement('span');
    state.className = 'tile-state';
    tile.append(state);
    tile.addEventListener('click', () => setMode(tile.dataset.mode, !modes[tile.dataset.mode]));
  }
  document.getElementById('tools-toggle')
    .addEventListener('click', () => foldTools(!root.hasAttribute('data-tools-open')));
  onShow(() => foldTools(false));   // each new screen opens with its choices in view
  document.addEventListener('pointerdown', () => { touched = true; }, true);
  watchHeadphones();
  draw();
}

// A key pressed while the voice guide is off starts it, unless this visitor turned it off.
// True when the key should do nothing else: pressed before any touch, it comes from a
// visitor who cannot see what it would do.
export function wakeVoiceByKey() {
  return wakeVoice() && !touched;
}

function wakeVoice() {
  if (modes.voice || voiceDeclined) return false;
  setMode('voice', true);
  return true;
}

// Headphones plugged in, where the device reports it: a new audio output appears.
async function watchHeadphones() {
  const devices = navigator.mediaDevices;
  if (!devices?.enumerateDevices) return;
  const outputs = async () => (await devices.enumerateDevices())
    .filter((device) => device.kind === 'audiooutput').length;
  let known = await outputs().catch(() => 0);
  devices.addEventListener('devicechange', async () => {
    const now = await outputs().catch(() => known);
    if (now > known) wakeVoice();
    known = now;
  });
}

// Enlarged, the six tiles fold behind one button so that the screen's choices come first.
function foldTools(open) {
  root.toggleAttribute('data-tools-open', open);
  document.getElementById('tools-toggle').setAttribute('aria-expanded', String(open));
}

export function onModeChange(listener) {
  listeners.push(listener);
}

export function setMode(name, on) {
  modes[name] = on;
  root.dataset.krdsMode = modes.contrast ? 'high-contrast' : 'light';
  root.toggleAttribute('data-enlarge', modes.enlarge);
  root.toggleAttribute('data-low', modes.low);
  if (name === 'enlarge') foldTools(false);
  if (name === 'voice') voiceDeclined = !on;
  draw();
  if (name === 'voice') setVoice(on);
  for (const listener of listeners) listener(name, on);
}

// The next visitor: every mode off, and voice first again.
export function resetModes() {
  for (const name of Object.keys(modes)) if (modes[name]) setMode(name, false);
  voiceDeclined = false;
  touched = false;
}

function draw() {
  for (const tile of document.querySelectorAll('[data-mode]')) {
    const on = modes[tile.dataset.mode];
    tile.setAttribute('aria-pressed', String(on));
    const state = tile.querySelector('.tile-state');
    state.replaceChildren();
    if (on) state.append(icon('check'));
    state.append(document.createElement('span'));
    bindText(state.lastChild, on ? msg('tools.on') : msg('tools.off'));
  }
}
