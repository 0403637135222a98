// Check in with a number taken on the phone (the public wait page, docs/public.md): the
// six-character check-in code the phone shows, typed on a pad of the code's own letters
// and digits (server/queue/remote.py CODE_ALPHABET: no look-alikes, so 25 keys). The
// ticket joins the queue at the place it was taken (POST /remote-tickets/check-in) and
// the ticket screen shows the number with "checked in, you keep your place".
import { msg } from '/static/common/i18n.js';
import { go } from '../router.js';
import { codeScreen } from '../code-entry.js';

const CODE_KEYS = '34679ACDEFGHJKMNPQRTUVWXY';

export default codeScreen({
  name: 'remote-checkin',
  className: 'appointment remote-checkin',
  words: {
    title: msg('remote.title'), intro: msg('remote.intro'), label: msg('remote.code'),
    submit: msg('remote.submit'), working: msg('remote.working'), short: msg('remote.error_short'),
    offline: msg('appointment.error_offline'), other: msg('remote.error_other'),
    typed: (counts) => msg('remote.typed', counts),
  },
  length: 6,
  keys: CODE_KEYS,
  path: '/api/v1/remote-tickets/check-in',
  errorText(error) {
    if (error.code === 'not_found') return msg('remote.error_not_found');
    if (error.code === 'wrong_status') {
      return error.details?.status_now === 'no_show' ? msg('remote.error_lapsed') : msg('remote.error_already');
    }
    return null;
  },
  done: ({ payload }) => go('ticket', { ticket: payload.ticket, remoteCheckedIn: true }, { root: true }),
});
