// An absent colleague's visitors, offered here: who is away and until when, who waits
// for them, and "take over", which transfers those visitors to me keeping their places.
import { api } from '/static/common/api.js';
import { hhmm } from './clock.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './labels.js';
import { load, on } from './state.js';

async function takeOver(colleague) {
  try {
    const { tickets } = await api(`/staff/${colleague.id}/take-over`, { method: 'POST' });
    toast(both('offers.taken', { n: tickets.length, name: colleague.name }));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('desk').catch(() => {});
}

function render(offers, atCounter) {
  const banner = $('offers');
  banner.hidden = offers.length === 0;
  fill(banner, offers.map(({ staff, tickets }) => h('div', { class: 'banner__row', dataset: { staffId: staff.id } },
    h('span', { class: 'banner__icon', 'aria-hidden': 'true' }, '→'),
    h('p', { class: 'banner__text' },
      h('strong', {}, bi(staff.away_until ? 'offers.away_until' : `offers.${staff.presence}`,
                         { name: staff.name, time: staff.away_until ? hhmm(staff.away_until) : '' })),
      h('span', { class: 'banner__detail' }, bi('offers.waiting', { n: tickets.length }), ' ',
        tickets.slice(0, 6).map((t) => h('span', { class: 'banner__number' }, t.display_number)))),
    // Taking over needs a counter to call them from.
    atCounter ? h('button', { type: 'button', class: 'primary', dataset: { action: 'take-over' },
                              onclick: () => takeOver(staff) }, bi('offers.take_over')) : null)));
}

export function setUpOffers() {
  on('desk', (s) => render(s.desk.offers || [], Boolean(s.desk.counter)));
}
