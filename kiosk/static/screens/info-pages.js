// Information pages the admins write (GET /info-pages), for example the information-
// disclosure procedure of the service charter (item 11).
import { h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { go } from '../router.js';
import { kiosk } from '../state.js';
import { notice, option, options, screenHead } from '../parts.js';

export default {
  timeout: 'screen',
  live: true,
  render() {
    return h('div', {},
      screenHead(msg('info.title'), msg('info.intro')),
      kiosk.pages.length === 0 && notice(msg('info.none')),
      options(kiosk.pages.map((page, index) => option({
        n: index + 1, key: `page-${page.id}`, iconName: 'info', label: named(page.titles),
        onClick: () => go('info-page', { pageId: page.id }),
      })), 'options-grid'));
  },
};
