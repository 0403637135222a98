// Help requests from kiosks: a banner with where the visitor is (the kiosk's place on the
// floor map, named by the server), how long they have waited, and the two answers; a new
// request chimes and notifies like a waiting visitor. A sign-interpreting request (kind
// 'sign': a deaf visitor asks for someone who signs) says so in its title and a mark, and
// chimes again when an open call becomes one.
import { api } from '/static/common/api.js';
import { alarm } from './attention.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './labels.js';
import { load, on } from './state.js';

let known = null;   // "id:kind" of the requests seen; null until the first load (no alarm for old ones)
const seen = (request) => `${request.id}:${request.kind}`;
const titleOf = (request) => (request.kind === 'sign' ? 'help.sign_requested' : 'help.requested');

async function answer(request, step) {
  try {
    await api(`/help-requests/${request.id}/${step}`, { method: 'POST' });
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('help').catch(() => {});
}

function render(requests) {
  const banner = $('help');
  banner.hidden = requests.length === 0;
  fill(banner, requests.map((request) => h('div', { class: `banner__row${request.kind === 'sign' ? ' banner__row--sign' : ''}`,
    dataset: { helpId: request.id, kind: request.kind } },
    h('span', { class: 'banner__icon', 'aria-hidden': 'true' }, '?'),
    h('p', { class: 'banner__text' },
      h('strong', {}, bi(titleOf(request))),
      request.kind === 'sign' ? h('span', { class: 'mark mark--sign' }, bi('help.sign')) : null,
      h('span', { class: 'banner__detail' },
        h('span', { class: 'ko help-location' }, request.location), ' ',
        h('time', { class: 'wait', dataset: { since: request.requested_at } }),
        request.acknowledged_at ? h('span', { class: 'mark mark--mine' }, bi('help.acknowledged')) : null)),
    request.acknowledged_at ? null : h('button', { type: 'button', class: 'primary',
      onclick: () => answer(request, 'acknowledge') }, bi('help.on_my_way')),
    h('button', { type: 'button', onclick: () => answer(request, 'close') }, bi('help.done')))));
}

export function setUpHelp() {
  on('help', (s) => {
    const fresh = known && s.help.filter((r) => !known.has(seen(r)) && !r.acknowledged_at);
    known = new Set(s.help.map(seen));
    render(s.help);
    if (fresh && fresh.length) {
      alarm(both(titleOf(fresh[0])), fresh[0].location, 'sunbeon-help');
    }
  });
}
