// The notices under the title, on every screen: the connection to the server, and help
// that is on its way. The connection state comes from the live socket; while it is down
// the kiosk keeps its last data, keeps retrying and resyncs when it is back.
import { msg } from '/static/common/i18n.js';
import { h } from '/static/common/dom.js';
import { icon } from './icons.js';

const notices = new Map();   // name -> {icon, text, tone}
const onlineListeners = new Set();
const BACK_ONLINE_MS = 5000;
let online = true;
let backTimer = null;
let box;

export function setupStatus() {
  box = document.getElementById('status');
}

export const isOnline = () => online;

export function onOnline(listener) {
  onlineListeners.add(listener);
}

export function setConnection(state) {
  const nowOnline = state === 'online';
  if (nowOnline === online) return;
  online = nowOnline;
  document.documentElement.toggleAttribute('data-offline', !online);
  clearTimeout(backTimer);
  if (online) {
    // Said for a few seconds, so that whoever saw the kiosk offline knows it works again.
    notice('connection', { icon: 'check', text: msg('status.online_again'), tone: 'success' });
    backTimer = setTimeout(() => notice('connection', null), BACK_ONLINE_MS);
    for (const listener of onlineListeners) listener();
  } else {
    notice('connection', { icon: 'offline', text: msg('status.offline'), tone: 'danger' });
  }
}

// notice(name, {icon, text, tone}) shows or replaces a notice; notice(name, null) hides it.
export function notice(name, value) {
  if (value) notices.set(name, value);
  else notices.delete(name);
  box.replaceChildren(...[...notices.entries()].map(([key, n]) =>
    h('p', { class: `notice notice-${n.tone || 'info'}`, 'data-notice': key },
      icon(n.icon), h('span', { text: n.text }))));
}
