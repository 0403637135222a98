// Check in for an appointment: the six-digit code from the officer, typed on a large
// on-screen number pad or with the keypad's digit keys (code-entry.js). The server issues
// the ticket (POST /appointments/check-in) and the usual ticket screen follows, with its
// print status. A second check-in with the same code gives the same ticket, so a retry is
// safe.
import { msg } from '/static/common/i18n.js';
import { go } from '../router.js';
import { codeScreen } from '../code-entry.js';
import { nextTime } from '../parts.js';

// The API's refusals, in words from the catalog.
const ERRORS = {
  not_found: msg('appointment.error_not_found'),
  appointment_missed: msg('appointment.error_missed'),
  service_closed: msg('appointment.error_closed'),
};

export default codeScreen({
  name: 'appointment',
  words: {
    title: msg('appointment.title'), intro: msg('appointment.intro'),
    label: msg('appointment.code'), submit: msg('appointment.submit'),
    working: msg('appointment.working'), short: msg('appointment.error_short'),
    offline: msg('appointment.error_offline'), other: msg('appointment.error_other'),
    typed: (counts) => msg('appointment.typed', counts),
  },
  withLanguage: true,
  length: 6,
  path: '/api/v1/appointments/check-in',
  errorText(error) {
    if (error.code === 'too_early' && error.details?.opens_at) {
      return msg('appointment.error_early', { time: nextTime(error.details.opens_at) });
    }
    if (error.offline || error.status >= 500 || error.status === 429) return null;
    return ERRORS[error.code];
  },
  // 200: checked in before, the same ticket (no second paper); the ticket screen says so.
  done: ({ status, payload }) => go('ticket', { ticket: payload.ticket, checkedInBefore: status === 200 },
    { root: true }),
});
