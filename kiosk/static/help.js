// Calling staff to the kiosk. The site's staff consoles are alerted by the server
// (with this kiosk's place); the visitor sees that help is on its way, and when a
// staff member answers (help.acknowledged) or closes the request (help.closed).
// A second tap while help is on its way is the same request on the server.
import { api } from '/static/common/api.js';

// state: idle | sending | sent | acknowledged | closed | failed
export const help = { state: 'idle', id: null, staffName: null };
const listeners = new Set();

export function onHelpChange(listener) {
  listeners.add(listener);
}

function set(state, id = help.id, staffName = null) {
  help.state = state;
  help.id = id;
  help.staffName = staffName;
  for (const listener of listeners) listener(help);
}

export async function callStaff() {
  if (help.state === 'sending') return;
  set('sending');
  try {
    const { help_request: request } = await api('/help-requests', { method: 'POST' });
    set(request.acknowledged_at ? 'acknowledged' : 'sent', request.id);
  } catch (error) {
    set('failed');
  }
}

export function onHelpEvent(event) {
  const request = event.data?.help_request;
  if (!request) return;
  if (event.type === 'help.acknowledged') set('acknowledged', request.id, request.staff_name);
  if (event.type === 'help.closed') set('closed', request.id);
}

export const helpActive = () => ['sending', 'sent', 'acknowledged'].includes(help.state);
