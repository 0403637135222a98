// Find an office or a person: departments by floor, with room and phone. Choosing one
// shows its staff. (Floor maps and search extend this screen.)
import { h } from '../dom.js';
import { msg, named } from '../i18n.js';
import { go } from '../router.js';
import { kiosk } from '../state.js';
import { option, options, place, screenHead } from '../parts.js';

export default {
  timeout: 'screen',
  live: false,
  render() {
    const floors = [...new Set(kiosk.departments.map((dept) => dept.floor))].sort((a, b) => a - b);
    let n = 0;
    return h('div', {},
      screenHead(msg('directory.title'), msg('directory.intro')),
      floors.map((floor) => h('section', { class: 'floor' },
        h('h2', { text: msg('place.floor', { n: floor }) }),
        options(kiosk.departments.filter((dept) => dept.floor === floor).map((dept) => {
          n += 1;
          return option({
            n, key: `dir-${dept.id}`, label: named(dept.names),
            details: [place(dept), dept.phone && msg('directory.phone', { phone: dept.phone })],
            onClick: () => go('staff', { departmentId: dept.id }),
          });
        }), 'options-grid'))));
  },
};
