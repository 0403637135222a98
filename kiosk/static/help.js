// Calling staff to the kiosk. The site's staff consoles are alerted by the server
// (with this kiosk's place); the visitor sees that help is on its way, and when a
// staff member answers (help.acknowledged) or closes the request (help.closed).
// A second tap while help is on its way is the same request on the server. The request's
// kind is 'staff' (직원 호출) or 'sign' (수어 통역 요청: someone who signs is asked for; the
// help screen then shows the site's video-relay number).
import { api } from '/static/common/api.js';

// state: idle | sending | sent | acknowledged | closed | failed
export const help = { state: 'idle', id: null, staffName: null, kind: 'staff' };
const listeners = new Set();

export function onHelpChange(listener) {
  listeners.add(listener);
}

function set(state, id = help.id, staffName = null, kind = help.kind) {
  help.state = state;
  help.kind = kind;
  help.id = id;
  help.staffName = staffName;
  for (const listener of listeners) listener(help);
}

export async function callStaff(kind = 'staff') {
  if (help.state === 'sending') return;
  // Asking for sign interpreting marks an open call as such; a plain tap keeps the mark.
  set('sending', help.id, null, kind === 'sign' || (helpActive() && help.kind === 'sign') ? 'sign' : 'staff');
  try {
    const { help_request: request } = await api('/help-requests', { method: 'POST', body: { kind } });
    set(request.acknowledged_at ? 'acknowledged' : 'sent', request.id, null, request.kind || kind);
  } catch (error) {
    set('failed');
  }
}

export function onHelpEvent(event) {
  const request = event.data?.help_request;
  if (!request) return;
  const kind = request.kind || help.kind;
  if (event.type === 'help.acknowledged') set('acknowledged', request.id, request.staff_name, kind);
  if (event.type === 'help.closed') set('closed', request.id, null, kind);
}

export const helpActive = () => ['sending', 'sent', 'acknowledged'].includes(help.state);
