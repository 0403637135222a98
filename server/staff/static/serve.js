// Serving visitors: the ticket at my counter, the queue I may call, the tickets I set
// aside, and every action on them. The same actions answer the keyboard (shortcuts.js).
import { api } from '/static/common/api.js';
import { hhmm } from './clock.js';
import { ask } from './dialog.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { LANGUAGE_NAMES, t } from '/static/common/i18n.js';
import { bi, both, names, refusal } from './labels.js';
import { load, on, serviceName, state } from './state.js';

const post = (path, body = {}) => api(path, { method: 'POST', body });

let busy = false;

// One command at a time; the desk is reloaded at once instead of waiting for its event.
async function run(command, doneKey, vars) {
  if (busy) return;
  busy = true;
  document.body.classList.add('is-busy');
  try {
    await command();
    if (doneKey) toast(both(doneKey, vars));
  } catch (error) {
    toast(refusal(error), { error: true });
  } finally {
    busy = false;
    document.body.classList.remove('is-busy');
    await load('desk').catch(() => {});
  }
}

const counterId = () => state.desk?.counter?.id;
const current = () => state.desk?.current;

function withCurrent(action) {
  return () => {
    const ticket = current();
    if (ticket) return action(ticket);
    toast(both('serve.nobody_at_counter'), { error: true });
    return undefined;
  };
}

export const actions = {
  'call-next': () => {
    if (!counterId()) return toast(both('error.no_counter'), { error: true });
    return run(() => post(`/counters/${counterId()}/call-next`));
  },
  recall: withCurrent((t) => run(() => post(`/tickets/${t.id}/recall`), 'done.recalled',
                                 { number: t.display_number })),
  start: withCurrent((t) => run(() => post(`/tickets/${t.id}/start`))),
  'no-show': withCurrent(noShow),
  hold: withCurrent((t) => run(() => post(`/tickets/${t.id}/hold`), 'done.held',
                               { number: t.display_number })),
  finish: withCurrent(finish),
  transfer: withCurrent(transfer),
  reprint: withCurrent((t) => run(() => post(`/tickets/${t.id}/reprint`), 'done.reprinted',
                                  { number: t.display_number })),
  return: () => {
    const held = state.desk?.held?.[0];
    if (held) returnHeld(held);
  },
  callNth: (n) => {
    const ticket = state.desk?.queue?.[n - 1];
    if (ticket) callChosen(ticket);
  },
};

const callChosen = (ticket) => run(() => post(`/counters/${counterId()}/call`, { ticket_id: ticket.id }));
const returnHeld = (ticket) => run(() => post(`/tickets/${ticket.id}/return`));

async function finish(ticket) {
  const data = await ask('finish-dialog', {
    prepare: (form) => { form.closest('dialog').querySelector('[data-number]').textContent = ticket.display_number; },
  });
  if (!data) return;
  await run(() => post(`/tickets/${ticket.id}/finish`, {
    outcome: data.get('outcome'), note: data.get('note').trim() || null,
  }), 'done.finished', { number: ticket.display_number });
}

export async function transfer(ticket) {
  const me = state.me.id;
  const option = (value, label, refusedWhy = null) => h('option', { value, disabled: Boolean(refusedWhy) },
                                                         refusedWhy ? `${label} (${refusedWhy})` : label);
  const pick = () => option('', both('transfer.pick'));
  // No default: the officer chooses. Closed counters and signed-off colleagues are shown
  // but cannot be chosen (the server refuses them too).
  await ask('transfer-dialog', {
    prepare: (form) => {
      form.closest('dialog').querySelector('[data-number]').textContent = ticket.display_number;
      fill(form.elements.service_id, pick(), [...state.services.values()]
        .filter((s) => s.id !== ticket.service_id)
        .map((s) => option(s.id, `${s.names.ko} · ${s.names.en}`)));
      fill(form.elements.counter_id, pick(), state.counters.filter((c) => c.id !== counterId()).map(
        (c) => option(c.id, `${c.number}번 창구 · Counter ${c.number}`, c.open ? null : both('transfer.closed_counter'))));
      fill(form.elements.staff_id, pick(), state.staff.filter((p) => p.id !== me).map(
        (p) => option(p.id, `${p.name} · ${p.duty} (${both(`presence.${p.presence}`)})`,
                      p.presence === 'closed' ? both('transfer.signed_off') : null)));
      // Choosing in a list chooses its kind too.
      for (const kind of ['service_id', 'counter_id', 'staff_id']) {
        form.elements[kind].onchange = () => { form.querySelector(`[name=kind][value=${kind}]`).checked = true; };
      }
    },
    submit: async (data) => {
      const kind = data.get('kind');
      if (!kind || !data.get(kind)) throw new Error(both('transfer.choose'));
      try {
        await post(`/tickets/${ticket.id}/transfer`, { [kind]: Number(data.get(kind)) });
      } catch (error) {
        throw new Error(refusal(error));
      }
      toast(both('done.transferred', { number: ticket.display_number }));
      await load('desk').catch(() => {});
    },
  });
}

// A no-show may be undone for a few seconds: the visitor goes back to the front of the queue.
const UNDO_SECONDS = 10;

async function noShow(ticket) {
  let marked = false;
  await run(async () => { await post(`/tickets/${ticket.id}/no-show`); marked = true; });
  if (marked) offerUndo(ticket);
}

function offerUndo(ticket) {
  const box = $('undo');
  const button = h('button', { type: 'button', class: 'small primary', dataset: { ticketAction: 'restore' } },
                   bi('action.restore'));
  fill(box, h('span', {}, both('done.no_show', { number: ticket.display_number })), ' ', button);
  box.hidden = false;
  const timer = setTimeout(() => { box.hidden = true; }, UNDO_SECONDS * 1000);
  button.onclick = () => {
    clearTimeout(timer);
    box.hidden = true;
    run(() => post(`/tickets/${ticket.id}/restore`), 'done.restored', { number: ticket.display_number });
  };
}

// ---- drawing ----------------------------------------------------------------------

export function marks(ticket) {
  const list = [];
  if (ticket.next) list.push(h('span', { class: 'mark mark--next' }, bi('mark.next')));
  if (ticket.priority) list.push(h('span', { class: 'mark mark--priority' }, bi('mark.priority')));
  if (ticket.appointment_at) {
    list.push(h('span', { class: 'mark mark--appointment' }, bi('mark.appointment', { time: hhmm(ticket.appointment_at) })));
  }
  if (ticket.transferred_from_service_id) {
    list.push(h('span', { class: 'mark mark--transferred' },
                bi('mark.transferred_from', { service: serviceName(ticket.transferred_from_service_id).ko })));
  }
  // The visitor said on their phone that they are coming back (a called ticket, say).
  if (ticket.returning_at) list.push(h('span', { class: 'mark mark--next' }, bi('mark.returning')));
  if (ticket.for_me) list.push(h('span', { class: 'mark mark--mine' }, bi('mark.for_me')));
  if (ticket.for_counter) list.push(h('span', { class: 'mark mark--mine' }, bi('mark.for_counter')));
  return h('span', { class: 'marks' }, list);
}

// The language the visitor chose at the kiosk ("VI Tiếng Việt"), beside the number, so
// the officer can greet them in it or fetch the interpreter; nothing for Korean.
export function languageTag(ticket) {
  const code = ticket.lang;
  if (!code || code === 'ko' || !LANGUAGE_NAMES[code]) return null;
  const said = (lang) => t('mark.lang', { language: t(`lang.${code}`, {}, lang) }, lang);
  return h('span', { class: 'mark mark--lang', title: `${said('ko')} · ${said('en')}`,
                     dataset: { lang: code } },
           h('abbr', { 'aria-hidden': 'true' }, code.toUpperCase()), ' ',
           h('span', { lang: code }, LANGUAGE_NAMES[code]),
           h('span', { class: 'sr-only' }, ` (${said('ko')})`));
}

function waitTime(iso, lateAfterSeconds) {
  return h('time', { class: 'wait', datetime: iso, dataset: { since: iso, lateAfter: lateAfterSeconds } });
}

function renderCurrent(desk) {
  const ticket = desk.current;
  if (!ticket) {
    fill($('current'), h('p', { class: 'current__empty' },
                         bi(desk.queue.length ? 'serve.free_waiting' : 'serve.free')));
    return;
  }
  fill($('current'),
       h('p', { class: 'current__number', 'aria-label': both('serve.number', { number: ticket.display_number }) },
         ticket.display_number),
       languageTag(ticket),
       h('p', { class: 'current__service' }, names(serviceName(ticket.service_id))),
       h('p', { class: 'current__status' }, bi(`status.${ticket.status}`),
         ticket.recall_count ? h('span', { class: 'recalls' }, bi('serve.recalls', { n: ticket.recall_count })) : null),
       marks(ticket),
       h('p', { class: 'current__since' }, bi('serve.since_call'), ' ', waitTime(ticket.called_at)));
}

// The desk says which actions the ticket at the counter allows (the engine's lifecycle);
// a free counter calls the next visitor.
function renderActions(desk) {
  const allowed = desk.current ? desk.current.allowed : ['call-next'];
  for (const button of $('actions').querySelectorAll('[data-action]')) {
    button.disabled = !allowed.includes(button.dataset.action);
  }
}

function ticketRow(ticket, index, buttons) {
  const late = (state.desk.settings?.supervisor_alert_minutes || 5) * 60;
  return h('li', { class: `ticket${ticket.next ? ' is-next' : ''}`, dataset: { ticketId: ticket.id } },
           index < 9 && buttons.length > 1 ? h('kbd', { class: 'ticket__key', 'aria-hidden': 'true' }, index + 1) : null,
           h('span', { class: 'ticket__number' }, ticket.display_number, languageTag(ticket)),
           h('span', { class: 'ticket__service' }, names(serviceName(ticket.service_id))),
           marks(ticket),
           h('span', { class: 'ticket__wait' }, h('span', { class: 'sr-only' }, both('queue.waited')),
             waitTime(ticket.arrived_at, late)),
           h('span', { class: 'ticket__buttons' }, buttons));
}

function renderQueue(desk) {
  $('queue-count').textContent = desk.counter ? `(${desk.queue.length})` : '';
  fill($('queue'), desk.queue.length
    ? desk.queue.map((ticket, i) => ticketRow(ticket, i, [
      h('button', { type: 'button', class: 'small primary', dataset: { ticketAction: 'call' },
                    disabled: Boolean(desk.current), onclick: () => callChosen(ticket) }, bi('action.call')),
      h('button', { type: 'button', class: 'small', dataset: { ticketAction: 'transfer' },
                    onclick: () => transfer(ticket) }, bi('action.transfer'))]))
    : h('li', { class: 'empty' }, bi(desk.counter ? 'queue.empty' : 'queue.no_counter')));
  fill($('held'), desk.held.length
    ? desk.held.map((ticket, i) => ticketRow(ticket, i, [
      h('button', { type: 'button', class: 'small primary', dataset: { ticketAction: 'return' },
                    disabled: Boolean(desk.current), onclick: () => returnHeld(ticket) }, bi('action.return')),
      h('button', { type: 'button', class: 'small', dataset: { ticketAction: 'transfer' },
                    onclick: () => transfer(ticket) }, bi('action.transfer'))]))
    : h('li', { class: 'empty' }, bi('held.empty')));
}

export function setUpServe() {
  for (const button of $('actions').querySelectorAll('[data-action]')) {
    button.addEventListener('click', () => actions[button.dataset.action]());
  }
  on('desk', (s) => {
    const atCounter = Boolean(s.desk.counter);
    $('actions').hidden = !atCounter;
    $('office-desk').hidden = atCounter;
    if (atCounter) {
      renderCurrent(s.desk);
      renderActions(s.desk);
    } else {
      fill($('current'));
    }
    renderQueue(s.desk);
  });
}
