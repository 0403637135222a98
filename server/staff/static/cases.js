// My open cases (민원 접수 건), soonest due first: past the charter's target and past the
// legal due date marked in words as well as colour. A visit I finished today for a
// service whose legal period outlasts a visit can be registered as a case; closing one
// records its outcome (the server tells a visitor who consented and erases the contact).
import { api } from '/static/common/api.js';
import { hhmm, today } from './clock.js';
import { ask } from './dialog.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, names, refusal } from './labels.js';
import { load, on, serviceName, state } from './state.js';

// 14:00 today, else 12/07 14:00.
function when(iso) {
  const day = iso.slice(0, 10);
  return day === today() ? hhmm(iso) : `${day.slice(5).replace('-', '/')} ${hhmm(iso)}`;
}

async function close(kase) {
  await ask('case-close-dialog', {
    prepare: (form) => { form.querySelector('[data-number]').textContent = kase.ticket.number; },
    submit: async (data) => {
      try {
        await api(`/cases/${kase.id}/close`, { method: 'POST', body: { outcome: data.get('outcome') } });
      } catch (error) {
        throw new Error(refusal(error));
      }
      toast(both('cases.closed'));
      await load('cases').catch(() => {});
    },
  });
}

function item(kase) {
  const urgency = kase.overdue ? ' is-overdue' : kase.near_due ? ' is-near' : '';
  const contact = [kase.contact.sms, kase.contact.email].filter(Boolean).join(' · ');
  return h('li', { class: `item${urgency}`, dataset: { caseId: kase.id, due: kase.due_at } },
    h('p', { class: 'item__head' },
      h('time', { class: 'item__when', datetime: kase.due_at }, bi('cases.due', { when: when(kase.due_at) })),
      h('span', { class: 'mark mark--overdue' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), bi('cases.overdue')),
      h('span', { class: 'mark mark--near' }, h('span', { 'aria-hidden': 'true' }, '⏳ '), bi('cases.near_due'))),
    h('p', { class: 'item__what' }, names(kase.service.names || serviceName(kase.service.id)),
      ` · ${kase.ticket.number}`, kase.reference ? ` · ${kase.reference}` : ''),
    h('p', { class: 'item__who' },
      h('span', {}, bi('cases.received', { when: when(kase.received_at) })),
      h('span', {}, bi('cases.target', { when: when(kase.target_at) })),
      kase.officer.id !== state.me.id ? h('span', {}, bi('cases.officer', { name: kase.officer.name })) : null,
      kase.interim_notice_at ? h('span', {}, bi('cases.interim', { when: when(kase.interim_notice_at) })) : null),
    contact ? h('p', { class: 'item__phone' }, h('span', { class: 'phone' }, contact)) : null,
    h('button', { type: 'button', class: 'small primary', dataset: { caseAction: 'close' },
                  onclick: () => close(kase) }, bi('cases.close')));
}

export async function newCase() {
  let visits = [];
  try {
    ({ visits } = await api('/cases/candidates'));
  } catch (error) {
    toast(refusal(error), { error: true });
    return;
  }
  await ask('case-dialog', {
    prepare: (form) => {
      fill(form.elements.ticket, visits.map((v) => h('option', { value: v.ticket_id },
        `${v.number} · ${serviceName(v.service_id).ko} · ${hhmm(v.finished_at)}`)));
      form.querySelector('[data-no-visits]').hidden = visits.length > 0;
    },
    submit: async (data) => {
      const phone = data.get('phone').trim();
      const email = data.get('email').trim();
      if ((phone || email) && !data.get('consent')) throw new Error(both('cases.consent_needed'));
      try {
        await api('/cases', { method: 'POST', body: {
          ticket_id: Number(data.get('ticket')), reference: data.get('reference').trim(),
          lang: data.get('lang'), phone: phone || null, email: email || null,
          contact_consent: Boolean(data.get('consent')) } });
      } catch (error) {
        throw new Error(refusal(error));
      }
      toast(both('cases.registered'));
      await load('cases').catch(() => {});
    },
  });
}

export function setUpCases() {
  on('cases', (s) => fill($('cases'), s.cases.length
    ? s.cases.map(item) : h('li', { class: 'empty' }, bi('cases.empty'))));
}
