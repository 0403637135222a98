// A screen that takes a short code (an appointment's, a phone ticket's check-in code) on a
// large on-screen pad or with the keypad's keys (see keypad.js: on such a screen the pad's
// keys type and Backspace erases), sends it to the server and hands the answer on. One
// place for the boxes, the pad, the spoken count, the refusals in words and the request.
import { ApiError } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { language } from '/static/common/i18n.js';
import { announce } from './voice.js';
import { current } from './router.js';
import { deviceToken } from '/static/common/device.js';
import { button, digitPad, notice, screenHead } from './parts.js';

const TIMEOUT_MS = 8000;

// name: the screen's name (its class, the submit button's id `<name>-submit`);
// words: { title, intro, label, submit, working, short, offline, other } from the catalog,
// and typed({ n, total }) saying how many are typed;
// length: the code's characters; keys: the characters the pad offers (digits by default);
// path: the API to POST { code } to (with the kiosk's `lang` given withLanguage: the
// ticket then speaks it); errorText(error): words for a refusal, or
// nothing for the usual ones; done({ status, payload }): the answer, on the same screen.
export function codeScreen({ name, className = name, words, length, keys, path, withLanguage = false,
  errorText, done }) {
  return {
    timeout: 'screen',
    live: false,
    render(params) {
      params.code ||= '';
      // What this rendering shows (the screen may be drawn again, in another language).
      const ui = {
        words, length, path, withLanguage, errorText, done, params,
        boxes: h('div', { class: 'code-boxes', 'aria-hidden': 'true' }),
        spoken: h('p', { class: 'code-typed', 'aria-live': 'polite' }),
        status: h('div', { class: 'appointment-status', 'aria-live': 'polite' }),
      };
      ui.submit = button({ label: words.submit, iconName: 'check', key: 'check-in',
        id: `${name}-submit`, onClick: () => send(ui) });
      const pad = digitPad({
        keys,
        onDigit: (key) => type(ui, key),
        onErase: () => Boolean(params.code) && (erase(ui), true),
        onClear: () => { params.code = ''; draw(ui); },
      });
      draw(ui);
      if (params.error) showError(ui, params.error);
      return h('div', { class: className },
        screenHead(words.title, words.intro),
        h('div', { class: 'card code-card' },
          h('p', { class: 'code-label', id: 'code-label', text: words.label }),
          ui.boxes, ui.spoken),
        ui.status,
        pad,
        h('div', { class: 'actions' }, ui.submit));
    },
  };
}

function type(ui, key) {
  if (ui.params.code.length >= ui.length) return;
  ui.params.code += key;
  ui.params.error = null;
  draw(ui);
}

function erase(ui) {
  ui.params.code = ui.params.code.slice(0, -1);
  ui.params.error = null;
  draw(ui);
}

// The boxes, filled as keys come; the count is said in words for the voice guide.
function draw(ui) {
  const { code } = ui.params;
  ui.boxes.replaceChildren(...Array.from({ length: ui.length }, (_, i) =>
    h('span', { class: `code-box${i < code.length ? ' code-box-filled' : ''}` }, code[i] ?? null)));
  ui.boxes.dataset.code = code;
  ui.spoken.textContent = '';
  ui.spoken.append(h('span', { text: ui.words.typed({ n: code.length, total: ui.length }) }));
  ui.submit.setAttribute('aria-disabled', String(code.length !== ui.length));
  if (!ui.params.error) ui.status.replaceChildren();
}

function showError(ui, text) {
  ui.status.replaceChildren(notice(text, { iconName: 'warn', tone: 'warning' }));
  announce(text);
}

async function send(ui) {
  const { params, words } = ui;
  if (params.sending) return;
  if (params.code.length !== ui.length) {
    params.error = words.short;
    showError(ui, params.error);
    return;
  }
  params.sending = true;
  const entry = current();
  ui.status.replaceChildren(notice(words.working, { iconName: 'clock' }));
  try {
    const answer = await postCode(ui.path, ui.withLanguage
      ? { code: params.code, lang: language() } : { code: params.code });
    if (current() === entry) ui.done(answer);
  } catch (error) {
    if (current() !== entry) return;
    params.error = ui.errorText(error) || usualErrorText(error, words);
    params.code = '';
    draw(ui);
    showError(ui, params.error);
  } finally {
    params.sending = false;
  }
}

function usualErrorText(error, words) {
  if (error.offline || error.status >= 500 || error.status === 429) return words.offline;
  if (error.code === 'invalid_request') return words.short;
  return words.other;
}

// api() gives the body only; here the status is kept too, so that 201 (done now) and 200
// (done before: the same answer again) can be told apart.
async function postCode(path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch(path, {
      method: 'POST', signal: controller.signal, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json',
        Authorization: `Bearer ${deviceToken()}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'offline', 'The server could not be reached.');
  } finally {
    clearTimeout(timer);
  }
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const { error = 'error', message = response.statusText, ...details } = payload || {};
    throw new ApiError(response.status, error, message, details);
  }
  return { status: response.status, payload };
}
