// The supervisor's view of the site: every counter (who is at it, their presence, its
// services, the visitor at it), every service (people waiting, the longest wait growing,
// counters available, pause and reopen), staff presence, and what needs attention.
// Long-wait alerts also show as a banner in every view, with a chime.
import { api } from '/static/common/api.js';
import { hhmm } from './clock.js';
import { ask } from './dialog.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { alarm } from './attention.js';
import { bi, both, names, refusal } from './labels.js';
import { load, on, serviceName, state } from './state.js';

const post = (path, options = {}) => api(path, { method: 'POST', ...options });

async function act(command, doneKey) {
  try {
    await command();
    toast(both(doneKey));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await Promise.all(['overview', 'directory'].map((t) => load(t).catch(() => {})));
}

function presence(person) {
  if (!person) return h('span', { class: 'presence-mark is-closed' }, bi('presence.nobody'));
  return h('span', { class: `presence-mark is-${person.presence}` }, bi(`presence.${person.presence}`),
           person.presence === 'away' && person.away_until
             ? h('span', { class: 'until' }, ` ~${hhmm(person.away_until)}`) : null);
}

// A table's head; its last column holds each row's buttons, named for screen readers.
const head = (...keys) => h('thead', {}, h('tr', {}, keys.map((k) => h('th', { scope: 'col' }, bi(k))),
  h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, both('supervisor.col_actions')))));
const serviceList = (ids) => ids.map((id) => serviceName(id).ko).join(', ') || '-';

function moveServices(counter) {
  return ask('services-dialog', {
    prepare: (form) => {
      form.closest('dialog').querySelector('[data-number]').textContent = both('setup.counter', { n: counter.number });
      fill($('services-choices'), [...state.services.values()].map((s) => h('label', { class: 'choice choice--check' },
        h('input', { type: 'checkbox', name: 'services', value: s.id, checked: counter.service_ids.includes(s.id) }),
        h('span', { class: 'choice__title' }, names(s.names)))));
    },
    submit: (data) => act(() => api(`/counters/${counter.id}/services`, {
      method: 'PUT', body: { service_ids: data.getAll('services').map(Number) } }), 'supervisor.moved'),
  });
}

function renderCounters(overview) {
  fill($('sv-counters'),
       h('caption', { class: 'sr-only' }, both('supervisor.counters')),
       head('supervisor.col_counter', 'supervisor.col_officer', 'supervisor.col_presence',
            'supervisor.col_services', 'supervisor.col_now'),
       h('tbody', {}, overview.counters.map((c) => h('tr', { dataset: { counterId: c.id } },
         h('th', { scope: 'row' }, both('setup.counter', { n: c.number })),
         h('td', {}, c.officer ? c.officer.name : '-'),
         h('td', {}, presence(c.officer)),
         h('td', {}, serviceList(c.service_ids)),
         h('td', { class: 'number' }, c.current ? [c.current.display_number, ' ', bi(`status.${c.current.status}`)] : '-'),
         h('td', {}, h('button', { type: 'button', class: 'small', dataset: { supervisorAction: 'move' },
                                   onclick: () => moveServices(c) }, bi('supervisor.move')))))));
}

function renderServices(overview) {
  const late = overview.settings.supervisor_alert_minutes * 60;
  fill($('sv-services'),
       h('caption', { class: 'sr-only' }, both('supervisor.services')),
       head('supervisor.col_service', 'supervisor.col_waiting', 'supervisor.col_longest',
            'supervisor.col_available', 'supervisor.col_state'),
       h('tbody', {}, overview.services.map((s) => h('tr', { dataset: { serviceId: s.service_id }, class: s.paused ? 'is-paused' : '' },
         h('th', { scope: 'row' }, names(s.names)),
         h('td', { class: 'number' }, s.waiting),
         h('td', { class: 'number' }, s.oldest_arrival_at
           ? h('time', { class: 'wait', dataset: { since: s.oldest_arrival_at, lateAfter: late } }) : '-'),
         h('td', { class: 'number' }, s.counters_available),
         h('td', {}, bi(s.paused ? 'supervisor.paused' : 'supervisor.running')),
         h('td', {}, h('button', { type: 'button', class: 'small', dataset: { supervisorAction: s.paused ? 'resume' : 'pause' },
           onclick: () => act(() => post(`/services/${s.service_id}/${s.paused ? 'resume' : 'pause'}`),
                              s.paused ? 'supervisor.resumed' : 'supervisor.paused_done') },
           bi(s.paused ? 'supervisor.resume' : 'supervisor.pause')))))));
}

function renderStaff(overview) {
  fill($('sv-staff'), overview.staff.filter((p) => p.role !== 'admin').map((p) => h('li', { class: 'person' },
    h('span', { class: 'person__name' }, p.name),
    p.counter_number ? h('span', { class: 'person__counter' }, both('setup.counter', { n: p.counter_number })) : null,
    presence(p))));
}

function renderAlerts(overview) {
  const { waiting, overdue_callbacks: callbacks, missed_appointments: missed } = overview.alerts;
  const rows = [
    ...waiting.map((a) => h('li', { class: 'item is-alert' }, h('strong', {}, a.display_number), ' ',
      names(serviceName(a.service_id)), ' ', bi('supervisor.waited', { minutes: a.waited_minutes }))),
    ...callbacks.map((c) => h('li', { class: 'item is-alert' },
      bi('supervisor.callback_overdue', { name: c.owner.name, time: hhmm(c.promised_at) }), ' — ', c.topic)),
    ...missed.map((a) => h('li', { class: 'item' },
      bi('supervisor.appointment_missed', { name: a.officer.name, time: hhmm(a.at) }))),
  ];
  fill($('sv-alerts'), rows.length ? rows : h('li', { class: 'empty' }, bi('supervisor.no_alerts')));
  const banner = $('supervisor-alerts');
  banner.hidden = waiting.length === 0;
  fill(banner, waiting.length ? [
    h('span', { class: 'banner__icon', 'aria-hidden': 'true' }, '!'),
    h('p', { class: 'banner__text' },
      h('strong', {}, bi('supervisor.banner', { n: waiting.length, minutes: overview.settings.supervisor_alert_minutes })),
      h('span', { class: 'banner__detail' }, waiting.slice(0, 6).map(
        (a) => h('span', { class: 'banner__number' }, a.display_number)))),
    h('button', { type: 'button', onclick: () => showView('supervisor') }, bi('views.supervisor')),
  ] : []);
}

// An `alert.waiting` event: new visitors past the supervisor's wait.
export function supervisorAlarm(data) {
  const numbers = data.alerts.map((a) => a.display_number).join(', ');
  alarm(both('supervisor.banner', { n: data.alerts.length, minutes: data.minutes }), numbers, 'sunbeon-supervisor');
}

let showView = () => {};

export async function setUpSupervisor({ onShow }) {
  showView = onShow;
  on('overview', (s) => {
    if (!s.overview) return;
    renderCounters(s.overview);
    renderServices(s.overview);
    renderStaff(s.overview);
    renderAlerts(s.overview);
  });
  if (state.me.site_id) return;
  // An admin looks after every site: choose which.
  const select = $('supervisor-site');
  const { sites } = await api('/sites');
  fill(select, sites.map((site) => h('option', { value: site.id }, site.names.ko)));
  select.value = state.siteId;
  select.hidden = false;
  select.onchange = () => {
    state.siteId = Number(select.value);
    ['overview', 'directory', 'help', 'alarms', 'appointments'].forEach((t) => load(t).catch(() => {}));
  };
}
