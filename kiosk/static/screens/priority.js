// Take a number, step 3 (services with a priority queue): priority service for the groups
// the law names. Which group applies is neither asked nor stored.
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { go } from '../router.js';
import { kiosk } from '../state.js';
import { option, options, screenHead } from '../parts.js';

const DEFAULT_PRIORITY_AGE = 65;

export default {
  timeout: 'screen',
  live: false,
  render({ serviceId }) {
    const age = kiosk.config.priority_age || DEFAULT_PRIORITY_AGE;
    const groups = [msg('priority.elderly', { age }), msg('priority.disabled'),
      msg('priority.pregnant'), msg('priority.infant')];
    return h('div', { class: 'priority' },
      screenHead(msg('priority.title'), msg('priority.intro')),
      h('ul', { class: 'groups' },
        groups.map((group) => h('li', {}, icon('check'), h('span', { text: group })))),
      h('p', { class: 'fineprint', text: msg('priority.privacy') }),
      options([
        option({ n: 1, key: 'priority-yes', iconName: 'star', label: msg('priority.yes'),
          details: [msg('priority.yes_hint')],
          onClick: () => go('confirm', { serviceId, priority: true }) }),
        option({ n: 2, key: 'priority-no', iconName: 'ticket', label: msg('priority.no'),
          details: [msg('priority.no_hint')],
          onClick: () => go('confirm', { serviceId, priority: false }) }),
      ], 'options-pair'));
  },
};
