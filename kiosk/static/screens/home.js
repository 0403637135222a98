// Home: the site's common services as big buttons that lead straight to the ticket (two
// taps: the service, then "번호표 받기"; the priority question only where the service has
// one), take a number for any other service, check in for an appointment, find an office or a person, read the
// information pages, rate the service, leave feedback, call staff. Language and the
// accessibility modes are in the tools bar below, on every screen. The site's notices for
// kiosks (from the admin console) are shown under the title.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { callStaff } from '../help.js';
import { commonServices, isOpen, kiosk, nextOpening } from '../state.js';
import { icon } from '../icons.js';
import { nextTime, notice, option, options, queueDetails, screenHead, serviceName, serviceTag } from '../parts.js';
import { chooseService } from './services.js';

export default {
  timeout: null,
  live: true,
  render() {
    const anyOpen = kiosk.services.some(isOpen);
    const next = anyOpen ? null : nextOpening(kiosk.services);
    const common = commonServices();
    const items = [
      option({ n: 1, key: 'take', iconName: 'ticket', primary: common.length === 0,
        label: msg('home.take'),
        details: [msg('home.take_hint')], onClick: () => go('departments') }),
      option({ n: 2, key: 'appointment', iconName: 'clock', label: msg('home.appointment'),
        details: [msg('home.appointment_hint')], onClick: () => go('appointment') }),
      option({ n: 3, key: 'find', iconName: 'map', label: msg('home.find'),
        details: [msg('home.find_hint')], onClick: () => go('directory') }),
    ];
    if (kiosk.pages.length) {
      items.push(option({ n: 4, key: 'info', iconName: 'info', label: msg('home.info'),
        details: [msg('home.info_hint')], onClick: () => go('info-pages') }));
    }
    items.push(
      option({ n: items.length + 1, key: 'rate', iconName: 'star', label: msg('home.rate'),
        details: [msg('home.rate_hint')], onClick: () => go('rate') }),
      option({ n: items.length + 2, key: 'feedback', iconName: 'info', label: msg('home.feedback'),
        details: [msg('home.feedback_hint')], onClick: () => go('feedback') }));
    items.push(option({ n: items.length + 1, key: 'help', iconName: 'help', label: msg('home.help'),
      details: [msg('home.help_hint')], onClick: () => { callStaff(); go('help'); } }));
    return h('div', { class: 'home' },
      screenHead(msg('home.title')),
      kiosk.notices.length > 0 && h('div', { class: 'notices site-notices' },
        kiosk.notices.map((item) => notice(named(item.texts), { iconName: 'info' }))),
      !anyOpen && kiosk.services.length > 0 && h('div', { class: 'notices' },
        notice(msg('home.closed'), { iconName: 'closed', tone: 'warning' }),
        next && notice(msg('home.closed_next', { time: nextTime(next) }), { iconName: 'clock' })),
      options([...common.map(commonButton), ...items], 'options-home'));
  },
};

// One common service: unnumbered (digit keys keep choosing the tasks below it; a keypad
// user reaches every service through 1), its queue in words, closed said in words.
function commonButton(service) {
  return h('button', { type: 'button', class: 'option option-common', 'data-key': `common-${service.id}`,
    onclick: () => chooseService(service) },
  icon('ticket'),
  h('span', { class: 'option-body' },
    h('span', { class: 'option-label', text: serviceName(service) }),
    (isOpen(service) ? queueDetails(service) : []).map((line) => h('span', { class: 'option-detail', text: line })),
    serviceTag(service)));
}
