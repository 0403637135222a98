// The ticket, on screen at once: the number, people ahead, the expected wait, where to
// go, and a QR code for the visitor's phone. If the kiosk prints, the print result is
// shown beside it; if printing fails, the screen is the ticket. A waiting visitor may ask
// for notices about this ticket by text message or e-mail (screens/notify.js).
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { current, go, home } from '../router.js';
import { watchPrint } from '../print.js';
import { announce } from '../voice.js';
import { countersFor, serviceById } from '../state.js';
import { button, departmentOf, nextTime, notice, place, screenHead, serviceName, waitMessage } from '../parts.js';
import { qrSource } from '../ticketing.js';

const PRINT_STATES = {
  none: { text: msg('print.none'), iconName: 'info', tone: 'info' },
  queued: { text: msg('print.queued'), iconName: 'printer', tone: 'info' },
  done: { text: msg('print.done'), iconName: 'check', tone: 'success' },
  failed: { text: msg('print.failed'), iconName: 'warn', tone: 'warning' },
  unknown: { text: msg('print.unknown'), iconName: 'warn', tone: 'warning' },
};

export default {
  timeout: 'ticket',
  live: false,
  render(params) {
    const { ticket } = params;
    const service = serviceById(ticket.service_id);
    const department = service && departmentOf(service);
    const counters = countersFor(ticket.service_id);
    const printBox = h('div', { class: 'print-status', 'aria-live': 'polite' });
    const entry = current();
    params.stopPrint?.();
    params.stopPrint = watchPrint(ticket, (state) => {
      const { text, iconName, tone } = PRINT_STATES[state];
      printBox.replaceChildren(notice(text, { iconName, tone }));
      if (state !== 'none' && state !== 'queued' && current() === entry) announce(text);
    });
    return h('div', { class: 'ticket' },
      screenHead(params.remoteCheckedIn ? msg('remote.done_title') : msg('ticket.title')),
      params.checkedInBefore && notice(msg('appointment.already'), { iconName: 'info' }),
      params.remoteCheckedIn && notice(msg('remote.checked_in'), { iconName: 'check', tone: 'success' }),
      h('section', { class: 'card ticket-card', 'data-ticket-id': ticket.id },
        h('div', { class: 'ticket-main' },
          h('p', { class: 'ticket-label', text: msg('ticket.number') }),
          h('p', { class: 'ticket-number', id: 'ticket-number', text: ticket.display_number }),
          ticket.priority && h('p', { class: 'tag tag-priority' }, icon('star'),
            h('span', { text: msg('ticket.priority') })),
          service && h('p', { class: 'ticket-service', text: serviceName(service) }),
          ticket.appointment_at && h('p', { class: 'ticket-line ticket-appointment' }, icon('clock'),
            h('span', { text: msg('ticket.appointment', { time: nextTime(ticket.appointment_at) }) })),
          h('p', { class: 'ticket-line' }, icon('person'), h('span', { text: ticket.people_ahead
            ? msg('ticket.ahead', { n: ticket.people_ahead }) : msg('ticket.ahead_none') })),
          ticket.estimated_minutes === null && h('p', { class: 'ticket-line' }, icon('clock'),
            h('span', { text: msg('ticket.no_counter') })),
          ticket.people_ahead > 0 && ticket.estimated_minutes > 0 && h('p', { class: 'ticket-line' }, icon('clock'),
            h('span', { text: waitMessage('ticket', ticket) }))),
        h('div', { class: 'ticket-where' },
          h('h2', { text: msg('ticket.where') }),
          department && h('p', { class: 'ticket-line' }, icon('map'), h('span', { text: place(department) })),
          counters.length > 0 && h('p', { class: 'ticket-line' }, icon('ticket'),
            h('span', { text: msg('ticket.counters', { numbers: counters.join(', ') }) })),
          department?.phone && h('p', { class: 'ticket-line' }, icon('phone'),
            h('span', { text: msg('ticket.phone', { phone: department.phone }) }))),
        ticket.link && h('div', { class: 'ticket-qr' },
          h('img', { src: qrSource(ticket.link), alt: msg('ticket.qr_alt'), width: 240, height: 240 }),
          h('p', { text: msg('ticket.qr') }))),
      !params.remoteCheckedIn && printBox,
      params.notified === 'email' && notice(msg('ticket.notify_on_email'), { iconName: 'mail', tone: 'success' }),
      params.notified === 'sms' && notice(msg('ticket.notify_on'), { iconName: 'phone', tone: 'success' }),
      h('div', { class: 'actions' },
        !params.notified && ticket.status === 'waiting' && button({ label: msg('ticket.notify'),
          iconName: 'mail', kind: 'secondary', key: 'notify', id: 'ticket-notify',
          onClick: () => go('notify-how', { ticket, ticketParams: params }) }),
        button({ label: msg('ticket.done'), iconName: 'check', key: 'done', onClick: home })));
  },
};
