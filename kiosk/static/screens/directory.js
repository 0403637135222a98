// Find an office or a person: search (typed, or by initial consonants), departments by
// floor with room and phone, and every service by name. Each leads to the office screen
// (staff.js): where it is, the way there, and its staff.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { departmentById, kiosk } from '../state.js';
import { button, option, options, place, screenHead } from '../parts.js';

export default {
  timeout: 'screen',
  live: true,
  render() {
    const floors = [...new Set(kiosk.departments.map((dept) => dept.floor))].sort((a, b) => a - b);
    let n = 0;
    // The floors and the services in one list, which a wide screen at 200 % puts in its own
    // column beside the heading (kiosk.css).
    return h('div', { class: 'directory' },
      screenHead(msg('directory.title'), msg('directory.intro')),
      h('div', { class: 'actions' },
        button({ label: msg('directory.search'), iconName: 'search', kind: 'secondary', key: 'search',
          onClick: () => go('search') })),
      h('div', { class: 'directory-list' }, floors.map((floor) => h('section', { class: 'floor' },
        h('h2', { text: msg('place.floor', { n: floor }) }),
        options(kiosk.departments.filter((dept) => dept.floor === floor).map((dept) => {
          n += 1;
          return option({
            n, key: `dir-${dept.id}`, label: named(dept.names),
            details: [place(dept), dept.phone && msg('directory.phone', { phone: dept.phone })],
            onClick: () => go('staff', { departmentId: dept.id }),
          });
        }), 'options-grid'))),
      kiosk.services.length > 0 && h('section', { class: 'floor by-service' },
        h('h2', { text: msg('directory.by_service') }),
        h('div', { class: 'chips' }, kiosk.services.map((service) => {
          const chip = button({ label: named(service.names), kind: 'tertiary', key: `dir-service-${service.id}`,
            onClick: () => go('staff', { departmentId: service.department_id, serviceId: service.id }) });
          chip.dataset.choice = '';   // read with a number by the voice guide, like the offices
          return chip;
        })))));
  },
};
