// A kiosk that has no device token yet (or a revoked one): how to enrol it.
import { h } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { screenHead } from '../parts.js';

export default {
  timeout: null,
  live: false,
  render() {
    return h('div', { class: 'enrol' }, screenHead(msg('enrol.title'), msg('enrol.body')));
  },
};
