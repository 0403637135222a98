// Check in for an appointment: the six-digit code from the officer, typed on a large
// on-screen number pad or with the keypad's digit keys (see keypad.js: on this screen
// 0-9 type and Backspace erases). The server issues the ticket (POST
// /appointments/check-in) and the usual ticket screen follows, with its print status.
// A second check-in with the same code gives the same ticket, so a retry is safe.
import { ApiError } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { language, msg } from '/static/common/i18n.js';
import { announce } from '../voice.js';
import { current, go } from '../router.js';
import { deviceToken } from '/static/common/device.js';
import { button, digitPad, nextTime, notice, screenHead } from '../parts.js';

const DIGITS = 6;
const TIMEOUT_MS = 8000;

// The API's refusals, in words from the catalog.
const ERRORS = {
  not_found: msg('appointment.error_not_found'),
  appointment_missed: msg('appointment.error_missed'),
  invalid_request: msg('appointment.error_short'),
  service_closed: msg('appointment.error_closed'),
};

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    params.code ||= '';
    const boxes = h('div', { class: 'code-boxes', 'aria-hidden': 'true' });
    const spoken = h('p', { class: 'code-typed', 'aria-live': 'polite' });
    const status = h('div', { class: 'appointment-status', 'aria-live': 'polite' });
    const ui = { boxes, spoken, status, params };
    const submit = button({ label: msg('appointment.submit'), iconName: 'check', key: 'check-in',
      id: 'appointment-submit', onClick: () => send(ui) });
    ui.submit = submit;
    const pad = digitPad({
      onDigit: (d) => type(ui, d),
      onErase: () => Boolean(params.code) && (erase(ui), true),
      onClear: () => { params.code = ''; draw(ui); },
    });
    draw(ui);
    if (params.error) showError(ui, params.error);
    return h('div', { class: 'appointment' },
      screenHead(msg('appointment.title'), msg('appointment.intro')),
      h('div', { class: 'card code-card' },
        h('p', { class: 'code-label', id: 'code-label', text: msg('appointment.code') }),
        boxes, spoken),
      status,
      pad,
      h('div', { class: 'actions' }, submit));
  },
};

function type(ui, digit) {
  if (ui.params.code.length >= DIGITS) return;
  ui.params.code += digit;
  ui.params.error = null;
  draw(ui);
}

function erase(ui) {
  ui.params.code = ui.params.code.slice(0, -1);
  ui.params.error = null;
  draw(ui);
}

// Six boxes, filled as digits come; the count is said in words for the voice guide.
function draw(ui) {
  const { code } = ui.params;
  ui.boxes.replaceChildren(...Array.from({ length: DIGITS }, (_, i) =>
    h('span', { class: `code-box${i < code.length ? ' code-box-filled' : ''}` }, code[i] ?? null)));
  ui.boxes.dataset.code = code;
  ui.spoken.textContent = '';
  ui.spoken.append(h('span', { text: msg('appointment.typed', { n: code.length, total: DIGITS }) }));
  ui.submit.setAttribute('aria-disabled', String(code.length !== DIGITS));
  if (!ui.params.error) ui.status.replaceChildren();
}

function showError(ui, text) {
  ui.status.replaceChildren(notice(text, { iconName: 'warn', tone: 'warning' }));
  announce(text);
}

async function send(ui) {
  const { params } = ui;
  if (params.sending) return;
  if (params.code.length !== DIGITS) {
    params.error = msg('appointment.error_short');
    showError(ui, params.error);
    return;
  }
  params.sending = true;
  const entry = current();
  ui.status.replaceChildren(notice(msg('appointment.working'), { iconName: 'clock' }));
  try {
    const { status, ticket } = await checkIn(params.code);
    if (current() === entry) go('ticket', { ticket, checkedInBefore: status === 200 }, { root: true });
  } catch (error) {
    if (current() !== entry) return;
    params.error = errorText(error);
    params.code = '';
    draw(ui);
    showError(ui, params.error);
  } finally {
    params.sending = false;
  }
}

function errorText(error) {
  if (error.code === 'too_early' && error.details?.opens_at) {
    return msg('appointment.error_early', { time: nextTime(error.details.opens_at) });
  }
  if (error.offline || error.status >= 500 || error.status === 429) return msg('appointment.error_offline');
  return ERRORS[error.code] || msg('appointment.error_other');
}

// api() gives the body only; here 201 (checked in now) and 200 (already checked in: the
// same ticket, no second paper) are told apart, so the ticket screen can say which.
async function checkIn(code) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  try {
    response = await fetch('/api/v1/appointments/check-in', {
      method: 'POST', signal: controller.signal, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json',
        Authorization: `Bearer ${deviceToken()}` },
      body: JSON.stringify({ code, lang: language() }),
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
  return { status: response.status, ticket: payload.ticket };
}
