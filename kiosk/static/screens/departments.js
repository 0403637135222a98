// Take a number, step 1: the department, with people waiting and whether it issues now.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { isOpen, issuingDepartments, servicesOf } from '../state.js';
import { closedTag, option, options, place, screenHead } from '../parts.js';

export default {
  timeout: 'screen',
  live: true,
  render() {
    return h('div', { class: 'departments' },
      screenHead(msg('departments.title'), msg('departments.intro')),
      options(issuingDepartments().map((dept, index) => {
        const services = servicesOf(dept.id);
        const waiting = services.reduce((sum, service) => sum + (service.waiting || 0), 0);
        const open = services.some(isOpen);
        return option({
          n: index + 1, key: `dept-${dept.id}`, label: named(dept.names),
          details: [place(dept), waiting ? msg('queue.waiting', { n: waiting }) : msg('queue.none')],
          tag: open ? null : closedTag(),
          onClick: () => go('services', { departmentId: dept.id }),
        });
      }), 'options-grid'));
  },
};
