// The entrance QR code (docs/admin.md, docs/public.md "The entrance's QR code"): a visitor
// who took a number on the public wait page scans it on arrival to check in. The panel
// shows the code and its address, lets the admin save or print it, and makes a new one
// when a photograph of the posted code lets people check in from home.
//
// The console (main.js) lends its helpers as `kit`: {state, button, show}.
import { api } from '/static/common/api.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, refusal } from './words.js';

const base = (kit) => `/admin/sites/${kit.state.siteId}/entrance-qr`;

// No relay: say which settings the server lacks and how to set them, not a broken image.
function notConfigured(shown) {
  return h('section', { class: 'card', 'aria-labelledby': 'entrance-title', 'data-entrance': 'not-configured' },
    h('h2', { id: 'entrance-title' }, bi('entrance.title')),
    h('p', { class: 'state-off' }, both('entrance.no_relay')),
    h('p', { class: 'hint' }, both('entrance.no_relay_how')),
    h('ul', { class: 'entrance-settings' }, shown.missing.map((name) => h('li', {}, name))));
}

function poster(kit, shown) {
  const label = both('entrance.image', { code: shown.code, round: shown.round });
  const rotate = kit.button('button.new_entrance_qr', async () => {
    if (!confirm(both('entrance.rotate_confirm'))) return;
    rotate.disabled = true;
    try {
      const { entrance } = await api(`${base(kit)}/rotate`, { method: 'POST', body: {} });
      toast(both('entrance.rotated', { round: entrance.round }));
      await kit.show('entrance');
    } catch (error) {
      rotate.disabled = false;
      toast(refusal(error, 'entrance'), { error: true });
    }
  }, 'danger');
  const image = shown.image;   // the SVG's own address, with the round shown
  return h('section', { class: 'card entrance', 'aria-labelledby': 'entrance-title', 'data-entrance': shown.round },
    h('h2', { id: 'entrance-title' }, bi('entrance.title')),
    h('div', { class: 'entrance-body' },
      h('img', { class: 'entrance-qr', src: image, alt: label, width: 240, height: 240 }),
      h('div', {},
        h('p', {}, bi('entrance.round', { round: shown.round })),
        h('p', { class: 'hint' }, both('entrance.address')),
        h('p', { class: 'entrance-address', 'data-entrance-address': true }, shown.address),
        h('p', { class: 'hint' }, both('entrance.print_hint')),
        h('div', { class: 'form-actions' },
          h('a', { class: 'button primary', href: `${image}&download=true`, download: `entrance-${shown.code}.svg` },
            bi('entrance.download')),
          h('a', { class: 'button', href: image, target: '_blank', rel: 'noopener' }, bi('entrance.open_to_print'))))),
    h('h3', {}, bi('entrance.rotate_title')),
    h('p', { class: 'hint' }, both('entrance.rotate_hint')),
    h('div', { class: 'form-actions' }, rotate));
}

async function drawEntrance(kit) {
  const { entrance } = await api(base(kit));
  fill($('panel-body'), entrance.configured ? poster(kit, entrance) : notConfigured(entrance));
}

// The section kinds this module draws, for main.js.
export function entranceSections(kit) {
  return { entrance: () => drawEntrance(kit) };
}
