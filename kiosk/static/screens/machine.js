// Before the ticket, for a service the lobby's certificate machine (무인민원발급기) or
// 정부24 issues: the visitor may not need to wait at all. The screen says so, with the
// machine's hours (and "closed now" outside them), what it asks for (ID card,
// fingerprint), 정부24 online, and where the machine is: the way from this kiosk drawn on
// the floor map. Two big buttons, the screen's last row that stays in view in every mode:
// "발급기로 가기" (the way on its own, then home) and "번호표 받기" (on to the usual
// ticket). The choice is counted for the reports, nothing about the visitor.
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { current, go, home } from '../router.js';
import { serviceById } from '../state.js';
import { button, loadingNotice, nextTime, notice, screenHead, serviceName } from '../parts.js';
import { loadingPart } from '../voice.js';
import { wayThere } from './staff.js';

// What the machine asks for, by the service's `machine_needs`.
const NEEDS = { id_card: msg('machine.need.id_card'), fingerprint: msg('machine.need.fingerprint') };

export const offersSelfService = (service) => Boolean(service?.machine_issue || service?.online_issue);

// After the visitor chose: on to the ticket as the service asks (priority question or not).
function takeTicket(service) {
  if (service.priority_enabled) go('priority', { serviceId: service.id });
  else go('confirm', { serviceId: service.id, priority: false });
}

// Counted once per showing of the screen; a lost count never stops the visitor.
function record(params, choice) {
  if (params.recorded) return;
  params.recorded = choice;
  api(`/services/${params.serviceId}/self-service-choice`, { method: 'POST', body: { choice } })
    .catch(() => {});
}

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    const service = serviceById(params.serviceId);
    const way = h('div', { class: 'route', id: 'machine-route' });
    const hours = h('div', { class: 'machine-hours', id: 'machine-hours' });
    readGuide(params, () => fill(params.guide, { way, hours }), () => {
      way.replaceChildren(loadingNotice());
    });
    if (params.going) return going(way);
    const byMachine = Boolean(service.machine_issue);
    const part = (name, title, ...body) => h('section', { class: `guide-part machine-${name}` },
      h('h2', { class: 'guide-title', text: title }), ...body);
    return h('div', { class: 'machine' },
      screenHead(byMachine ? msg('machine.title') : msg('machine.online_title'),
        msg('machine.intro', { service: serviceName(service) })),
      h('div', { class: 'card guide machine-card', id: 'machine-card' },
        byMachine && part('hours', msg('machine.hours'), hours),
        byMachine && service.machine_needs?.length > 0 && part('needs', msg('machine.needs'),
          h('ul', { class: 'guide-list' }, service.machine_needs.filter((need) => NEEDS[need]).map((need) => h('li', { text: NEEDS[need] })))),
        service.online_issue && part('online', msg('machine.online_heading'),
          h('p', { class: 'guide-text', text: msg('machine.online') }))),
      byMachine && h('section', { class: 'office-section machine-where' },
        h('h2', { text: msg('machine.where') }), way),
      // Last, so that they stay in view over what scrolls (kiosk.css): both, in every mode.
      h('div', { class: 'actions machine-actions' },
        byMachine && button({ label: msg('machine.go'), iconName: 'map', key: 'machine-go', id: 'machine-go',
          onClick: () => {
            record(params, 'machine');
            // A screen of its own, so that the voice guide reads the way; back returns here.
            go('machine', { serviceId: service.id, going: true, guide: params.guide });
          } }),
        button({ label: msg('machine.ticket'), iconName: 'ticket', kind: byMachine ? 'secondary' : 'primary',
          key: 'machine-ticket', id: 'machine-ticket',
          onClick: () => { record(params, 'ticket'); takeTicket(service); } })));
  },
};

// "발급기로 가기": the way, large, and home (the screen's countdown takes the kiosk home too).
function going(way) {
  return h('div', { class: 'machine machine-going' },
    screenHead(msg('machine.way_title'), msg('machine.way_intro')),
    h('section', { class: 'office-section machine-where' }, h('h2', { text: msg('machine.where') }), way),
    h('div', { class: 'actions machine-actions' },
      button({ label: msg('nav.home'), iconName: 'home', key: 'machine-home', id: 'machine-home', onClick: home })));
}

// The machine's hours and way, read once per showing and kept in the screen's params.
function readGuide(params, draw, waiting) {
  if (params.guide) {
    queueMicrotask(draw);
    return;
  }
  waiting();
  const entry = current();
  loadingPart(api('/kiosk/machine').then(({ machine }) => {
    params.guide = machine;
    if (current() === entry) draw();
  }).catch(() => {}));   // offline: the connection notice says so
}

function fill(guide, { way, hours }) {
  const days = guide.weekends ? msg('machine.hours_every_day', { hours: guide.hours })
    : msg('machine.hours_weekdays', { hours: guide.hours });
  hours.replaceChildren(h('p', { class: 'guide-text', text: days }));
  if (!guide.open_now) {
    hours.append(notice(guide.next_open_at
      ? msg('machine.closed_now_until', { time: nextTime(guide.next_open_at) }) : msg('machine.closed_now'),
    { iconName: 'closed', tone: 'warning', attrs: { id: 'machine-closed' } }));
  }
  const { route } = guide;
  way.replaceChildren();
  if (route.missing || !route.found) {
    way.append(notice(msg('machine.not_on_map')));
    return;
  }
  way.append(...wayThere(route));
}
