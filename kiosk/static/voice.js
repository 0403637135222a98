// Voice guide (KS X 9211): what is on the screen is read aloud in the visitor's language
// and in Korean, with replay, pause and volume. It reads the same text elements the
// screen shows (see i18n.js), so nothing is left unspoken by accident; elements marked
// data-private (people's names, the ticket link) and data-no-speak are never read.
// A focused control is read when the keypad moves to it. Words in another language than
// the one being read (untranslated Korean on a foreign screen) are said in their own voice.
//
// A screen is read once, when the parts it is still loading have arrived (loadingPart).
// Its choices (numbered options, and elements marked data-choice) are read with the
// number that chooses them: "1번, 민원지적과, 1층 민원실, 3명 대기". A list of more than
// nine is read a page of eight at a time: 1-8 choose on the page, 9 reads the next page
// and 0 the previous one (chooseByVoice, called by the keypad).
import { bindText, language, msg, render, rendered, t } from '/static/common/i18n.js';
import { sleep } from '/static/common/dom.js';
import { onShow } from './router.js';

const VOICE_LANGS = { ko: 'ko-KR', en: 'en-US', zh: 'zh-CN', vi: 'vi-VN', ru: 'ru-RU', th: 'th-TH' };
const LEVELS = 5;
const CHOICE = '[data-option], [data-choice]';
const PAGE_SIZE = 8;
const NEXT_KEY = '9';
const PREVIOUS_KEY = '0';
// A part that never arrives (offline) does not keep the screen silent for longer.
const LOAD_WAIT_MS = 4000;

let enabled = false;
let level = 4;
let paused = false;
let lastSpoken = null;          // (lang) => text of what was read last, for replay
let waiting = null;             // the next thing to say, said once the current event is over
let loading = [];               // parts of the screen being drawn that are still on their way
let screenTurn = 0;             // which screen a late reading belongs to
let page = 0;
let introDue = false;           // the guide has just started: how to use it is said first
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
    // Only focus moved by the keypad: a touch acts at once, and the next screen is read.
    if (enabled && event.target.matches('button:focus-visible, a[href]:focus-visible')
        && !event.target.closest('#voice-bar')) {
      speakElement(event.target);
    }
  });
  onShow(screenShown);
  drawControls();
}

export const voiceEnabled = () => enabled;

export function setVoice(on) {
  enabled = on;
  bar.hidden = !on;
  if (!on) {
    silence();
    return;
  }
  drawControls();
  introDue = true;
  speak(pageText);
}

// A part of the screen being drawn (its staff, its route) that is still on its way: the
// screen is read once it has arrived, not before and not again.
export function loadingPart(promise) {
  loading.push(promise);
}

function screenShown(entry, screen, { fresh }) {
  const parts = loading;
  loading = [];
  if (!fresh) return;          // live data redrawn: the visitor is not read the screen again
  page = 0;
  silence();                   // nothing more is said about the screen that was left
  const turn = ++screenTurn;
  Promise.race([Promise.allSettled(parts), sleep(LOAD_WAIT_MS)]).then(() => {
    if (turn === screenTurn) speakScreen();
  });
}

// Read the screen from its first page (a new screen, or new results on it).
export function speakScreen() {
  page = 0;
  if (enabled) speak(pageText);
}

// A key that started the guide may also have opened a screen: how to use the guide is
// said first all the same.
function withIntro(textFor) {
  const intro = msg('voice.started');
  return (lang) => [render(intro, lang), textFor(lang)].filter(Boolean).join('\n');
}

export function announce(text) {
  if (enabled) speak((lang) => render(text, lang));
}

// A part of the screen that changed on the visitor's request (the step-free route).
export function speakPart(el) {
  if (enabled) speak((lang) => textOf(el, lang));
}

// A digit key while the guide is on: the choice with that spoken number, or a page turn.
// False when the key means nothing here (the keypad then treats it as usual).
export function chooseByVoice(key) {
  if (!enabled) return false;
  const choices = reading('ko').items.map((item) => item.choice);
  const pages = pageCount(choices.length);
  if (pages > 1 && (key === NEXT_KEY || key === PREVIOUS_KEY)) {
    const turned = Math.min(pages - 1, Math.max(0, page + (key === NEXT_KEY ? 1 : -1)));
    if (turned !== page) {
      page = turned;
      choices[page * PAGE_SIZE].scrollIntoView({ block: 'nearest' });
      speak(pageText);
    }
    return true;
  }
  const n = Number(key);
  if (!(n >= 1 && n <= (pages > 1 ? PAGE_SIZE : 9))) return false;
  const choice = choices[(pages > 1 ? page * PAGE_SIZE : 0) + n - 1];
  if (!choice) return false;
  choice.focus();
  choice.click();
  return true;
}

function pageCount(choices) {
  return choices > 9 ? Math.ceil(choices / PAGE_SIZE) : 1;
}

function speakElement(el) {
  speak((lang) => textOf(el, lang));
}

// The screen as read on the current page: what comes before its choices (first page
// only), the page's choices each with the text just before it (a floor's heading), what
// comes after them (last page only), how to turn pages, then any notice.
function pageText(lang) {
  const { before, items, after } = reading(lang);
  const pages = pageCount(items.length);
  page = Math.min(page, pages - 1);
  const first = pages > 1 ? page * PAGE_SIZE : 0;
  const shown = pages > 1 ? items.slice(first, first + PAGE_SIZE) : items;
  const lines = page === 0 ? [...before] : [];
  shown.forEach((item, index) => {
    lines.push(...item.heading, [t('voice.item', { n: index + 1 }, lang), ...item.words].join(', '));
  });
  if (page === pages - 1) lines.push(...after);
  if (page < pages - 1) lines.push(t('voice.next', { n: NEXT_KEY }, lang));
  if (page > 0) lines.push(t('voice.previous', { n: PREVIOUS_KEY }, lang));
  lines.push(textOf(document.getElementById('status'), lang));
  return lines.filter(Boolean).join('\n');
}

// The screen's spoken text in reading order: {before, items: [{choice, heading, words}], after}.
function reading(lang) {
  const before = [];
  const items = [];
  let loose = before;          // text outside a choice, waiting for the next choice
  for (const el of speakable(document.getElementById('screen'))) {
    const choice = el.closest(CHOICE);
    const words = spokenWords(el, lang);
    if (!choice) {
      loose.push(...words);
      continue;
    }
    if (items.at(-1)?.choice !== choice) {
      items.push({ choice, heading: loose === before ? [] : loose, words: [] });
      loose = [];
    }
    items.at(-1).words.push(...words);
  }
  if (!items.length) return { before, items, after: [] };
  return { before, items, after: loose === before ? [] : loose };
}

// The spoken form of an element: its visible text elements in reading order.
export function textOf(root, lang) {
  return speakable(root).flatMap((el) => spokenWords(el, lang)).join('\n');
}

function speakable(root) {
  const nodes = root.matches('[data-t], [data-ta]') ? [root] : [];
  nodes.push(...root.querySelectorAll('[data-t], [data-ta]'));
  return nodes.filter((el) => !el.closest('[data-private], [data-no-speak], [hidden], [aria-hidden="true"]')
    && el.getClientRects().length > 0);
}

function spokenWords(el, lang) {
  const words = [];
  if (el.dataset.t !== undefined) words.push(rendered(el.__text, lang));
  if (el.__attrs?.alt) words.push(rendered(el.__attrs.alt, lang));
  return words.filter((shown) => shown.text).map((shown) => {
    const wordsLang = shown.lang || taggedLang(el) || lang;
    return wordsLang === lang ? shown.text : inLanguage(shown.text, wordsLang);
  });
}

// The language the page tags an element's text with (a language named in itself), if any
// below the page's own.
function taggedLang(el) {
  const tagged = el.closest('[lang]');
  return tagged && tagged !== document.documentElement ? tagged.lang : null;
}

// Words in another language than the one being read (a name left in Korean on a
// Vietnamese screen, tagged lang="ko" there) are marked inside the spoken text, which is
// then said as runs of one language each, every run with its own language's voice.
const MARK_START = '\uE000';
const MARK_LANG_END = '\uE001';
const MARK_END = '\uE002';
const MARKED = /\uE000([\w-]+)\uE001([^\uE002]*)\uE002/g;
const SEPARATORS = /^[\s,]+|[\s,]+$/g;

function inLanguage(text, lang) {
  return `${MARK_START}${lang}${MARK_LANG_END}${text}${MARK_END}`;
}

// [{text, lang}] in order; what only separates two runs of the same language joins them.
function runsOf(text, lang) {
  const runs = [];
  let gap = '';
  const add = (part, partLang) => {
    if (!part.replace(SEPARATORS, '')) {
      gap += part;
      return;
    }
    const last = runs.at(-1);
    if (last && last.lang === partLang) last.text += gap + part;
    else runs.push({ text: part, lang: partLang });
    gap = '';
  };
  let at = 0;
  for (const match of text.matchAll(MARKED)) {
    add(text.slice(at, match.index), lang);
    add(match[2], match[1]);
    at = match.index + match[0].length;
  }
  add(text.slice(at), lang);
  return runs.map((run) => ({ ...run, text: run.text.replace(SEPARATORS, '') }));
}

// Said once the event that asked for it is over, so that what a key press leads to (a new
// screen) replaces what it passed on the way (the control it focused).
function speak(textFor, { remember = true } = {}) {
  if (!window.speechSynthesis) return;
  if (!waiting) queueMicrotask(sayWaiting);
  waiting = { textFor, remember };
}

function silence() {
  waiting = null;
  cancel();
}

// The visitor's language first, then Korean (for staff nearby and Korean readers).
function sayWaiting() {
  if (!waiting) return;
  let { textFor, remember } = waiting;
  waiting = null;
  if (introDue) {
    textFor = withIntro(textFor);
    introDue = false;
  }
  cancel();
  if (remember) lastSpoken = textFor;
  const langs = language() === 'ko' ? ['ko'] : [language(), 'ko'];
  for (const lang of langs) {
    for (const run of runsOf(textFor(lang) || '', lang)) {
      const utterance = new SpeechSynthesisUtterance(run.text);
      utterance.lang = VOICE_LANGS[run.lang] || run.lang;
      utterance.volume = level / LEVELS;
      const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-') === utterance.lang);
      if (voice) utterance.voice = voice;
      speechSynthesis.speak(utterance);
    }
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
