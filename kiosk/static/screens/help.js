// Call staff: what happened to the call, live. The visitor may go on using the kiosk;
// the notice under the title keeps saying that help is on its way. A deaf visitor asks
// for sign interpreting (수어 통역 요청) here: the call is marked so for staff, and the
// site's video-relay number (영상 통역, e.g. 손말이음센터 107) is shown when it has one.
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { callStaff, help } from '../help.js';
import { sign } from '../sign.js';
import { button, notice, screenHead } from '../parts.js';

const STATES = {
  idle: { text: msg('help.sending'), iconName: 'clock', tone: 'info' },
  sending: { text: msg('help.sending'), iconName: 'clock', tone: 'info' },
  sent: { text: msg('help.sent'), iconName: 'check', tone: 'success' },
  acknowledged: { text: msg('help.acknowledged'), iconName: 'person', tone: 'success' },
  closed: { text: msg('help.closed'), iconName: 'check', tone: 'info' },
  failed: { text: msg('help.failed'), iconName: 'warn', tone: 'warning' },
};
// A sign-interpreting request says so in its own words while it is on its way.
const SIGN_STATES = {
  sending: { text: msg('help.sign_sending'), iconName: 'clock', tone: 'info' },
  sent: { text: msg('help.sign_sent'), iconName: 'check', tone: 'success' },
};

export default {
  timeout: 'screen',
  live: true,
  render() {
    const signing = help.kind === 'sign';
    const { text, iconName, tone } = (signing && SIGN_STATES[help.state]) || STATES[help.state];
    const relay = signing && sign.relayPhone;
    return h('div', { class: `help${signing ? ' help-sign' : ''}` },
      screenHead(signing ? msg('help.sign_title') : msg('help.title')),
      h('div', { class: 'card' },
        notice(text, { iconName, tone }),
        // A staff member's name, as on their nameplate; shown, not read aloud.
        help.state === 'acknowledged' && help.staffName
          && h('p', { class: 'help-staff', 'data-private': '', text: help.staffName }),
        ['sent', 'acknowledged'].includes(help.state)
          && h('p', { class: 'fineprint', text: msg('help.meanwhile') })),
      // Shown whatever became of the call: it works from the visitor's own phone.
      relay && h('div', { class: 'card help-relay', id: 'help-relay' },
        h('p', { class: 'help-relay-title', text: msg('help.relay_title') }),
        h('p', { class: 'help-relay-number', text: relay }),
        h('p', { class: 'fineprint', text: msg('help.relay_how') })),
      h('div', { class: 'actions' },
        help.state === 'failed'
          && button({ label: msg('help.retry'), iconName: 'help', key: 'retry', onClick: () => callStaff(help.kind) }),
        !signing && button({ label: msg('help.sign_request'), iconName: 'sign', kind: 'secondary', key: 'help-sign',
          onClick: () => callStaff('sign') })));
  },
};
