// Home: the site's common services as big buttons that lead straight to the ticket (two
// taps: the service, then "번호표 받기"; the priority question only where the service has
// one), take a number for any other service, check in for an appointment or with a number
// taken on the phone (where a service takes those), find an office or a person, read the
// information pages, rate the service, leave feedback, call staff, and, while the admin's
// period runs, answer the yearly satisfaction survey (a tile of its own, last). Language and the
// accessibility modes are in the tools bar below, on every screen. The site's notices for
// kiosks (from the admin console) are shown under the title.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { callStaff } from '../help.js';
import { commonServices, isOpen, kiosk, nextOpening } from '../state.js';
import { nextTime, notice, option, options, queueDetails, screenHead, serviceName, serviceTag } from '../parts.js';
import { chooseService } from './services.js';

export default {
  timeout: null,
  live: true,
  render() {
    const anyOpen = kiosk.services.some(isOpen);
    const next = anyOpen ? null : nextOpening(kiosk.services);
    const common = commonServices();
    // Numbered in the order shown, the common services first: the number a visitor sees
    // (or hears from the voice guide) is the digit key that chooses it.
    const tasks = [
      { key: 'take', iconName: 'ticket', primary: common.length === 0, label: msg('home.take'),
        details: [msg('home.take_hint')], onClick: () => go('departments') },
      { key: 'appointment', iconName: 'clock', label: msg('home.appointment'),
        details: [msg('home.appointment_hint')], onClick: () => go('appointment') },
      kiosk.services.some((service) => service.remote_enabled) && { key: 'remote-checkin',
        iconName: 'phone', label: msg('home.remote'), details: [msg('home.remote_hint')],
        onClick: () => go('remote-checkin') },
      { key: 'find', iconName: 'map', label: msg('home.find'),
        details: [msg('home.find_hint')], onClick: () => go('directory') },
      kiosk.pages.length > 0 && { key: 'info', iconName: 'info', label: msg('home.info'),
        details: [msg('home.info_hint')], onClick: () => go('info-pages') },
      { key: 'rate', iconName: 'star', label: msg('home.rate'),
        details: [msg('home.rate_hint')], onClick: () => go('rate') },
      { key: 'feedback', iconName: 'info', label: msg('home.feedback'),
        details: [msg('home.feedback_hint')], onClick: () => go('feedback') },
      { key: 'help', iconName: 'help', label: msg('home.help'),
        details: [msg('home.help_hint')], onClick: () => { callStaff(); go('help'); } },
      // Last, so that the other choices keep their numbers while a survey runs.
      kiosk.survey && { key: 'survey', iconName: 'star', label: msg('home.survey'),
        details: [msg('home.survey_hint')], onClick: () => go('survey') },
    ].filter(Boolean);
    const items = [...common.map(commonChoice), ...tasks].map((spec, i) => option({ n: i + 1, ...spec }));
    items.slice(0, common.length).forEach((item) => item.classList.add('option-common'));
    return h('div', { class: 'home' },
      screenHead(msg('home.title')),
      kiosk.notices.length > 0 && h('div', { class: 'notices site-notices' },
        kiosk.notices.map((item) => notice(named(item.texts), { iconName: 'info' }))),
      !anyOpen && kiosk.services.length > 0 && h('div', { class: 'notices' },
        notice(msg('home.closed'), { iconName: 'closed', tone: 'warning' }),
        next && notice(msg('home.closed_next', { time: nextTime(next) }), { iconName: 'clock' })),
      options(items, 'options-home'));
  },
};

// One common service: its queue in words, closed said in words.
function commonChoice(service) {
  return { key: `common-${service.id}`, iconName: 'ticket', label: serviceName(service),
    details: isOpen(service) ? queueDetails(service) : [], tag: serviceTag(service),
    onClick: () => chooseService(service) };
}
