// The staff of a department, as on the charter's nameplates: name, duty, counter and
// whether they are at their desk (in words and with an icon). Names are shown but not
// read aloud.
import { api } from '/static/common/api.js';
import { h } from '../dom.js';
import { msg, named } from '../i18n.js';
import { icon } from '../icons.js';
import { current } from '../router.js';
import { departmentById, siteTimeZone } from '../state.js';
import { notice, place, screenHead } from '../parts.js';
import { when } from '../format.js';
import { speakScreen } from '../voice.js';

const PRESENCE = {
  available: { text: msg('presence.available'), iconName: 'check' },
  away: { text: msg('presence.away'), iconName: 'clock' },
  closed: { text: msg('presence.closed'), iconName: 'closed' },
};

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    const dept = departmentById(params.departmentId);
    const list = h('div', { class: 'staff-list' });
    const entry = current();
    if (params.staff) fill(list, params.staff);
    else {
      list.append(notice(msg('status.loading'), { iconName: 'clock' }));
      api(`/staff?department_id=${params.departmentId}`).then(({ staff }) => {
        params.staff = staff;
        if (current() !== entry) return;
        fill(list, staff);
        speakScreen();
      }).catch(() => {});   // offline: the connection notice says so
    }
    return h('div', {},
      screenHead(named(dept?.names), dept && place(dept)),
      h('p', { class: 'intro', text: msg('staff.intro') }),
      list);
  },
};

function fill(list, staff) {
  list.replaceChildren();
  if (!staff.length) list.append(notice(msg('staff.none')));
  for (const person of staff) {
    const presence = PRESENCE[person.presence] || PRESENCE.closed;
    list.append(h('article', { class: 'card person' },
      icon('person'),
      h('div', { class: 'person-body' },
        h('p', { class: 'person-name', 'data-private': '', text: person.name }),
        person.duty && h('p', { class: 'person-duty', text: person.duty }),
        person.counter_number && h('p', { text: msg('staff.counter', { n: person.counter_number }) }),
        h('p', { class: 'person-presence' }, icon(presence.iconName), h('span', { text: presence.text }),
          person.presence === 'away' && person.away_until
            && h('span', { text: msg('presence.back_at', { time: when(person.away_until, siteTimeZone()) }) })))));
  }
}
