// Taking a number. One visitor action makes one ticket: the idempotency key is made once
// when the confirm screen opens and sent with every try of that confirmation, so a
// double tap, a retry after a lost answer or a reconnect returns the same ticket.
import { api, newIdempotencyKey } from '/static/common/api.js';
import { language } from '/static/common/i18n.js';

export function ticketRequest(serviceId, priority) {
  const key = newIdempotencyKey();
  let inFlight = null;
  return {
    key,
    // While a try is on its way, a second tap waits for the same answer.
    send() {
      inFlight ||= api('/tickets', {
        // The paper ticket is printed in the visitor's language and Korean.
        method: 'POST', body: { service_id: serviceId, priority, lang: language() }, idempotencyKey: key,
      }).finally(() => { inFlight = null; });
      return inFlight;
    },
  };
}

// Worth trying again with the same key: the server was not reached or failed for a moment.
export const isTransient = (error) => error.offline || error.status >= 500 || error.status === 429;

// The QR image of the visitor's ticket page: /t/<code>/qr.svg, code = last part of the link.
export function qrSource(link) {
  const code = new URL(link, window.location.href).pathname.split('/').filter(Boolean).pop();
  return `/t/${encodeURIComponent(code)}/qr.svg`;
}
