// Callbacks I owe or recorded for a colleague: deadline first, overdue ones marked in
// words as well as colour, the visitor's number masked. Only the owner asks for the
// number, to call back; "done" erases it on the server.
import { api } from '/static/common/api.js';
import { fromLocalInput, hhmm, localInput, soon, today } from './clock.js';
import { ask } from './dialog.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './labels.js';
import { load, on, state } from './state.js';

async function showNumber(callback, slot) {
  try {
    const { phone } = await api(`/callbacks/${callback.id}/phone`);
    fill(slot, h('a', { href: `tel:${phone.replaceAll('-', '')}`, class: 'phone' }, phone));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
}

async function markDone(callback) {
  try {
    await api(`/callbacks/${callback.id}/done`, { method: 'POST', body: {} });
    toast(both('callbacks.done_erased'));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('callbacks').catch(() => {});
}

function when(iso) {
  const day = iso.slice(0, 10);
  return day === today() ? hhmm(iso) : `${day.slice(5).replace('-', '/')} ${hhmm(iso)}`;
}

function item(callback) {
  const mine = callback.owner.id === state.me.id;
  const phone = h('span', { class: 'phone' }, callback.phone_masked);
  return h('li', { class: `item${callback.overdue ? ' is-overdue' : ''}`,
                  dataset: { callbackId: callback.id, due: callback.promised_at } },
    h('p', { class: 'item__head' },
      h('time', { class: 'item__when', datetime: callback.promised_at }, when(callback.promised_at)),
      h('span', { class: 'mark mark--overdue' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), bi('callbacks.overdue'))),
    h('p', { class: 'item__what' }, callback.topic),
    h('p', { class: 'item__who' },
      mine ? null : bi('callbacks.owned_by', { name: callback.owner.name }),
      callback.created_by.id !== state.me.id ? bi('callbacks.recorded_by', { name: callback.created_by.name }) : null),
    callback.phone_masked ? h('p', { class: 'item__phone' }, phone,
      mine ? h('button', { type: 'button', class: 'small', dataset: { callbackAction: 'phone' },
                           onclick: () => showNumber(callback, phone) }, bi('callbacks.show_number')) : null) : null,
    mine || state.supervisor ? h('button', { type: 'button', class: 'small primary', dataset: { callbackAction: 'done' },
                                             onclick: () => markDone(callback) }, bi('callbacks.done')) : null);
}

export async function newCallback() {
  const away = state.desk?.offers?.[0]?.staff;
  await ask('callback-dialog', {
    prepare: (form) => {
      fill(form.elements.owner, [state.me, ...state.staff.filter((p) => p.id !== state.me.id)].map(
        (p) => h('option', { value: p.id }, p.id === state.me.id ? `${p.name} (나 · me)` : `${p.name} · ${p.duty || ''}`)));
      form.elements.owner.value = away ? away.id : state.me.id;
      form.elements.promised.value = localInput(soon(60));
    },
    submit: async (data) => {
      const phone = data.get('phone').trim();
      if (phone && !data.get('consent')) throw new Error(both('callbacks.consent_needed'));
      try {
        await api('/callbacks', { method: 'POST', body: {
          owner_staff_id: Number(data.get('owner')), topic: data.get('topic').trim(),
          promised_at: fromLocalInput(data.get('promised')),
          phone: phone || null, phone_consent: Boolean(data.get('consent')) } });
      } catch (error) {
        throw new Error(refusal(error));
      }
      toast(both('callbacks.saved'));
      await load('callbacks').catch(() => {});
    },
  });
}

export function setUpCallbacks() {
  on('callbacks', (s) => fill($('callbacks'), s.callbacks.length
    ? s.callbacks.map(item) : h('li', { class: 'empty' }, bi('callbacks.empty'))));
}
