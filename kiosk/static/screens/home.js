// Home: take a number, find an office or a person, call staff. Language and the
// accessibility modes are in the tools bar below, on every screen.
import { h } from '../dom.js';
import { msg } from '../i18n.js';
import { go } from '../router.js';
import { callStaff } from '../help.js';
import { isOpen, kiosk, nextOpening } from '../state.js';
import { nextTime, notice, option, options, screenHead } from '../parts.js';

export default {
  timeout: null,
  live: true,
  render() {
    const anyOpen = kiosk.services.some(isOpen);
    const next = anyOpen ? null : nextOpening(kiosk.services);
    return h('div', { class: 'home' },
      screenHead(msg('home.title')),
      !anyOpen && kiosk.services.length > 0 && h('div', { class: 'notices' },
        notice(msg('home.closed'), { iconName: 'closed', tone: 'warning' }),
        next && notice(msg('home.closed_next', { time: nextTime(next) }), { iconName: 'clock' })),
      options([
        option({ n: 1, key: 'take', iconName: 'ticket', primary: true, label: msg('home.take'),
          details: [msg('home.take_hint')], onClick: () => go('departments') }),
        option({ n: 2, key: 'find', iconName: 'map', label: msg('home.find'),
          details: [msg('home.find_hint')], onClick: () => go('directory') }),
        option({ n: 3, key: 'help', iconName: 'help', label: msg('home.help'),
          details: [msg('home.help_hint')], onClick: () => { callStaff(); go('help'); } }),
      ], 'options-home'));
  },
};
