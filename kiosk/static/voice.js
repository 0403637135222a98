// Voice guide (KS X 9211): what is on the screen is read aloud in the visitor's language
// and in Korean, with replay, pause and volume. It reads the same text elements the
// screen shows (see i18n.js), so nothing is left unspoken by accident; elements marked
// data-private (people's names, the ticket link) and data-no-speak are never read.
// A focused control is read when the keypad moves to it.
import { bindText, language, msg, render } from '/static/common/i18n.js';

const VOICE_LANGS = { ko: 'ko-KR', en: 'en-US', zh: 'zh-CN', vi: 'vi-VN', ru: 'ru-RU', th: 'th-TH' };
const LEVELS = 5;

let enabled = false;
let level = 4;
let paused = false;
let lastSpoken = null;          // (lang) => text of what was read last, for replay
let bar, pauseLabel, volumeText;

export function setupVoice() {
  bar = document.getElementById('voice-bar');
  pauseLabel = document.getElementById('voice-pause-label');
  volumeText = document.getElementById('voice-volume');
  document.getElementById('voice-replay').addEventListener('click', replay);
  document.getElementById('voice-pause').addEventListener('click', togglePause);
  document.getElementById('voice-softer').addEventListener('click', () => setLevel(level - 1));
  document.getElementById('voice-louder').addEventListener('click', () => setLevel(level + 1));
  document.addEventListener('focusin', (event) => {
    if (enabled && event.target.matches('button, a[href]') && !event.target.closest('#voice-bar')) {
      speakElement(event.target);
    }
  });
  drawControls();
}

export const voiceEnabled = () => enabled;

export function setVoice(on) {
  enabled = on;
  bar.hidden = !on;
  if (!on) {
    cancel();
    return;
  }
  drawControls();
  const intro = msg('voice.started');
  speak((lang) => [render(intro, lang), screenText(lang)].join('\n'));
}

// Read the whole screen: its title, text and choices, then any notice.
export function speakScreen() {
  if (enabled) speak(screenText);
}

export function announce(text) {
  if (enabled) speak((lang) => render(text, lang));
}

function speakElement(el) {
  speak((lang) => textOf(el, lang));
}

function screenText(lang) {
  return [document.getElementById('screen'), document.getElementById('status')]
    .map((root) => textOf(root, lang)).filter(Boolean).join('\n');
}

// The spoken form of an element: its visible text elements in reading order.
export function textOf(root, lang) {
  const parts = [];
  const nodes = root.matches('[data-t], [data-ta]') ? [root] : [];
  nodes.push(...root.querySelectorAll('[data-t], [data-ta]'));
  for (const el of nodes) {
    if (el.closest('[data-private], [data-no-speak], [hidden], [aria-hidden="true"]')) continue;
    if (!el.getClientRects().length) continue;
    if (el.dataset.t !== undefined) parts.push(render(el.__text, lang));
    if (el.__attrs?.alt) parts.push(render(el.__attrs.alt, lang));
  }
  return parts.filter(Boolean).join('\n');
}

// The visitor's language first, then Korean (for staff nearby and Korean readers).
function speak(textFor, { remember = true } = {}) {
  if (!window.speechSynthesis) return;
  cancel();
  if (remember) lastSpoken = textFor;
  const langs = language() === 'ko' ? ['ko'] : [language(), 'ko'];
  for (const lang of langs) {
    const text = textFor(lang);
    if (!text) continue;
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = VOICE_LANGS[lang];
    utterance.volume = level / LEVELS;
    const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-') === utterance.lang);
    if (voice) utterance.voice = voice;
    speechSynthesis.speak(utterance);
  }
}

function cancel() {
  if (window.speechSynthesis) speechSynthesis.cancel();
  paused = false;
  drawControls();
}

function replay() {
  if (lastSpoken) speak(lastSpoken);
}

function togglePause() {
  if (!window.speechSynthesis) return;
  if (paused) speechSynthesis.resume();
  else speechSynthesis.pause();
  paused = !paused;
  drawControls();
}

function setLevel(value) {
  level = Math.min(LEVELS, Math.max(1, value));
  drawControls();
  const text = msg('voice.volume', { n: level });
  speak((lang) => render(text, lang), { remember: false });
}

function drawControls() {
  if (!bar) return;
  bindText(pauseLabel, paused ? msg('voice.resume') : msg('voice.pause'));
  bindText(volumeText, msg('voice.volume', { n: level }));
}
