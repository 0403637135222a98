// Take a number, step 2: the service, with people waiting and the expected wait (live).
// A closed service can still be chosen: the visitor is told why and until when.
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { departmentById, isOpen, servicesOf } from '../state.js';
import { option, options, queueDetails, screenHead, serviceTag } from '../parts.js';
import { offersSelfService } from './machine.js';

// A closed service says why; an open one that no open counter serves is taken on the
// confirm screen, which says so first (no false promise). One the certificate machine or
// 정부24 issues is offered there first (machine.js).
export function chooseService(service) {
  if (!isOpen(service)) go('closed', { serviceId: service.id });
  else if (offersSelfService(service)) go('machine', { serviceId: service.id });
  else if (service.priority_enabled) go('priority', { serviceId: service.id });
  else go('confirm', { serviceId: service.id, priority: false });
}

export default {
  timeout: 'screen',
  live: true,
  render({ departmentId }) {
    const dept = departmentById(departmentId);
    return h('div', {},
      screenHead(msg('services.title'), dept && msg('services.intro', { department: named(dept.names) })),
      options(servicesOf(departmentId).map((service, index) => option({
        n: index + 1, key: `service-${service.id}`, label: named(service.names),
        details: isOpen(service) ? queueDetails(service) : [],
        tag: serviceTag(service),
        onClick: () => chooseService(service),
      }))));
  },
};
