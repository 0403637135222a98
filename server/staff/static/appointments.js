// Today's appointments I serve or booked, and booking one: the visitor leaves with a
// six-digit code to type at the kiosk on the day.
import { api } from '/static/common/api.js';
import { fromLocalInput, hhmm, localInput, soon } from './clock.js';
import { ask } from './dialog.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, names, refusal } from './labels.js';
import { load, on, serviceName, state } from './state.js';

async function cancel(appointment) {
  try {
    await api(`/appointments/${appointment.id}/cancel`, { method: 'POST' });
    toast(both('appointments.cancelled'));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('appointments').catch(() => {});
}

function item(appointment) {
  return h('li', { class: `item is-${appointment.status}`, dataset: { appointmentId: appointment.id } },
    h('p', { class: 'item__head' },
      h('time', { class: 'item__when', datetime: appointment.at }, hhmm(appointment.at)),
      h('span', { class: `mark mark--${appointment.status}` }, bi(`appointment.${appointment.status}`))),
    h('p', { class: 'item__what' }, names(serviceName(appointment.service_id)),
      appointment.topic ? ` — ${appointment.topic}` : ''),
    h('p', { class: 'item__who' },
      appointment.officer.id !== state.me.id ? bi('appointments.with', { name: appointment.officer.name }) : null,
      appointment.status === 'booked' ? h('span', { class: 'code-inline' }, bi('appointments.code', { code: appointment.code })) : null),
    appointment.status === 'booked' ? h('button', { type: 'button', class: 'small', dataset: { appointmentAction: 'cancel' },
                                                    onclick: () => cancel(appointment) }, bi('dialog.cancel_booking')) : null);
}

async function showCode(appointment) {
  $('appointment-code').textContent = appointment.code;
  fill($('appointment-summary'), `${hhmm(appointment.at)} · ${serviceName(appointment.service_id).ko} · ${appointment.officer.name}`);
  await ask('code-dialog');
}

export async function newAppointment() {
  let booked = null;
  await ask('appointment-dialog', {
    prepare: (form) => {
      fill(form.elements.service, [...state.services.values()].map(
        (s) => h('option', { value: s.id }, `${s.names.ko} · ${s.names.en}`)));
      const mine = state.desk?.counter?.service_ids?.[0];
      if (mine) form.elements.service.value = mine;
      fill(form.elements.officer, [state.me, ...state.staff.filter((p) => p.id !== state.me.id)].map(
        (p) => h('option', { value: p.id }, p.id === state.me.id ? `${p.name} (나 · me)` : `${p.name} · ${p.duty || ''}`)));
      form.elements.officer.value = state.me.id;
      form.elements.when.value = localInput(soon(60));
    },
    submit: async (data) => {
      try {
        ({ appointment: booked } = await api('/appointments', { method: 'POST', body: {
          service_id: Number(data.get('service')), staff_id: Number(data.get('officer')),
          at: fromLocalInput(data.get('when')), topic: data.get('topic').trim() } }));
      } catch (error) {
        throw new Error(refusal(error));
      }
    },
  });
  if (booked) {
    await load('appointments').catch(() => {});
    await showCode(booked);
  }
}

export function setUpAppointments() {
  on('appointments', (s) => fill($('appointments'), s.appointments.length
    ? s.appointments.map(item) : h('li', { class: 'empty' }, bi('appointments.empty'))));
}
