// A service that issues no numbers now (paused, holiday, outside hours, today's numbers
// all given): why, in plain words, and when it opens again. Live: if the service opens
// while the visitor reads this, the screen says so and lets them continue.
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { isOpen, serviceById } from '../state.js';
import { button, nextTime, notice, screenHead, serviceName } from '../parts.js';
import { chooseService } from './services.js';

const REASONS = {
  paused: msg('closed.paused'),
  holiday: msg('closed.holiday'),
  outside_hours: msg('closed.outside_hours'),
  cap_reached: msg('closed.cap_reached'),
};

export default {
  timeout: 'screen',
  live: true,
  render({ serviceId }) {
    const service = serviceById(serviceId);
    if (isOpen(service)) {
      return h('div', { class: 'closed' },
        screenHead(serviceName(service)),
        notice(msg('closed.open_now'), { iconName: 'check', tone: 'success' }),
        h('div', { class: 'actions' },
          button({ label: msg('closed.continue'), iconName: 'ticket', key: 'continue',
            onClick: () => chooseService(service) })));
    }
    const availability = service?.availability || {};
    const next = availability.next_open_at;
    return h('div', { class: 'closed' },
      screenHead(msg('closed.title'), service && serviceName(service)),
      h('div', { class: 'card closed-card' },
        notice(REASONS[availability.reason] || REASONS.paused, { iconName: 'closed', tone: 'warning' }),
        next
          ? h('p', { class: 'closed-next' },
            h('time', { datetime: next, text: msg('closed.next', { time: nextTime(next) }) }))
          : h('p', { class: 'closed-next', text: msg('closed.ask') })));
  },
};
