// Where I work today: a counter, with the services I take there, or an office desk
// (callbacks, appointments and help requests, but no numbers called).
import { api } from '/static/common/api.js';
import { $, fill, h } from '/static/common/dom.js';
import { bi, names, refusal } from './labels.js';
import { load, state } from './state.js';

const PLACE_KEY = 'sunbeon.staff.place';   // "desk" once chosen, for this tab's session

export const choseOfficeDesk = () => sessionStorage.getItem(PLACE_KEY) === 'desk';
export const forgetPlace = () => sessionStorage.removeItem(PLACE_KEY);

function placeChoice(counter, mine) {
  const taken = counter.open && !mine;
  return h('label', { class: `choice${taken ? ' is-taken' : ''}` },
    h('input', { type: 'radio', name: 'place', value: counter.id, checked: mine, disabled: taken,
                 dataset: { services: counter.service_ids.join(',') } }),
    h('span', { class: 'choice__title' }, bi('setup.counter', { n: counter.number }),
      counter.names?.ko ? h('span', { class: 'choice__name' }, names(counter.names)) : null),
    h('span', { class: 'choice__detail' }, `${counter.floor}F ${counter.location}`, ' · ',
      counter.service_ids.map((id) => state.services.get(id)?.names.ko).filter(Boolean).join(', ')),
    taken ? h('span', { class: 'mark' }, bi('setup.taken')) : null);
}

function serviceChoice(service) {
  return h('label', { class: 'choice choice--check' },
    h('input', { type: 'checkbox', name: 'services', value: service.id }),
    h('span', { class: 'choice__title' }, names(service.names)));
}

// Resolves once the officer has opened a counter or chosen an office desk.
export function chooseSetup(myCounterId) {
  const form = $('setup-form');
  const desk = h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'place', value: 'desk', checked: !myCounterId }),
    h('span', { class: 'choice__title' }, bi('setup.office_desk')),
    h('span', { class: 'choice__detail' }, bi('setup.office_desk_detail')));
  fill($('setup-places'), state.counters.map((c) => placeChoice(c, c.id === myCounterId)), desk);
  fill($('setup-services'), [...state.services.values()].map(serviceChoice));
  const boxes = () => [...form.querySelectorAll('input[name=services]')];

  function placeChanged() {
    const chosen = form.querySelector('input[name=place]:checked');
    const atCounter = chosen && chosen.value !== 'desk';
    $('setup-services-set').hidden = !atCounter;
    const preset = atCounter ? chosen.dataset.services.split(',') : [];
    for (const box of boxes()) box.checked = preset.includes(box.value);
  }
  form.onchange = (event) => { if (event.target.name === 'place') placeChanged(); };
  placeChanged();

  return new Promise((resolve) => {
    form.onsubmit = async (event) => {
      event.preventDefault();
      const place = new FormData(form).get('place');
      try {
        if (place === 'desk') {
          if (myCounterId) await api(`/counters/${myCounterId}/close`, { method: 'POST' });
          await api('/staff/me/presence', { method: 'POST', body: { presence: 'available' } });
          sessionStorage.setItem(PLACE_KEY, 'desk');
        } else {
          const serviceIds = boxes().filter((b) => b.checked).map((b) => Number(b.value));
          await api(`/counters/${place}/open`, { method: 'POST', body: { service_ids: serviceIds } });
          forgetPlace();
        }
      } catch (error) {
        form.querySelector('[data-error]').textContent = refusal(error);
        return;
      }
      await load('directory').catch(() => {});
      resolve(place);
    };
  });
}
