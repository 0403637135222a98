// Call staff: what happened to the call, live. The visitor may go on using the kiosk;
// the notice under the title keeps saying that help is on its way.
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { callStaff, help } from '../help.js';
import { button, notice, screenHead } from '../parts.js';

const STATES = {
  idle: { text: msg('help.sending'), iconName: 'clock', tone: 'info' },
  sending: { text: msg('help.sending'), iconName: 'clock', tone: 'info' },
  sent: { text: msg('help.sent'), iconName: 'check', tone: 'success' },
  acknowledged: { text: msg('help.acknowledged'), iconName: 'person', tone: 'success' },
  closed: { text: msg('help.closed'), iconName: 'check', tone: 'info' },
  failed: { text: msg('help.failed'), iconName: 'warn', tone: 'warning' },
};

export default {
  timeout: 'screen',
  live: true,
  render() {
    const { text, iconName, tone } = STATES[help.state];
    return h('div', { class: 'help' },
      screenHead(msg('help.title')),
      h('div', { class: 'card' },
        notice(text, { iconName, tone }),
        // A staff member's name, as on their nameplate; shown, not read aloud.
        help.state === 'acknowledged' && help.staffName
          && h('p', { class: 'help-staff', 'data-private': '', text: help.staffName }),
        ['sent', 'acknowledged'].includes(help.state)
          && h('p', { class: 'fineprint', text: msg('help.meanwhile') })),
      help.state === 'failed' && h('div', { class: 'actions' },
        button({ label: msg('help.retry'), iconName: 'help', key: 'retry', onClick: callStaff })));
  },
};
