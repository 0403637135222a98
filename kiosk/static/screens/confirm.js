// Take a number, last step: confirm, then the ticket appears at once. A failed try is
// repeated with the same idempotency key until it goes through or the visitor leaves;
// the visitor sees that it is being retried and that only one ticket will be made.
// When no open counter serves the service, the screen says so before the ticket is taken
// and offers what the kiosk can: take it anyway (called when a counter opens), call staff.
// What to bring, the fee and who may apply are shown here too (guide.js).
import { h, sleep } from '/static/common/dom.js';
import { msg } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { announce } from '../voice.js';
import { callStaff } from '../help.js';
import { current, go, home } from '../router.js';
import { refreshServices, serviceById, setAvailability } from '../state.js';
import { isTransient, ticketRequest } from '../ticketing.js';
import { button, departmentOf, noCounter, notice, place, queueDetails, screenHead, serviceName } from '../parts.js';
import { serviceGuide } from '../guide.js';
import { signButton } from '../sign.js';

const RETRY_DELAYS_MS = [500, 1000, 2000, 3000, 5000];
const PHASES = {
  working: { text: msg('confirm.working'), iconName: 'clock', tone: 'info', busy: true },
  retrying: { text: msg('confirm.retrying'), iconName: 'offline', tone: 'warning', busy: true },
  // The server answered but cannot save for now (503 storage_unavailable): nothing was made.
  storage: { text: msg('confirm.storage_retrying'), iconName: 'clock', tone: 'warning', busy: true },
  failed: { text: msg('confirm.failed'), iconName: 'warn', tone: 'warning', busy: false },
};

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    const service = serviceById(params.serviceId);
    params.request ||= ticketRequest(params.serviceId, params.priority);
    const status = h('div', { class: 'confirm-status', 'aria-live': 'polite' });
    const unserved = noCounter(service);
    const issue = button({ label: unserved ? msg('confirm.issue_anyway') : msg('confirm.issue'),
      iconName: 'ticket', key: 'issue', id: 'confirm-issue', onClick: () => send(params, { status, issue }) });
    return h('div', { class: 'confirm' },
      screenHead(msg('confirm.title')),
      unserved && h('div', { class: 'notices', id: 'confirm-no-counter' },
        notice(msg('queue.no_counter'), { iconName: 'closed', tone: 'warning' }),
        notice(msg('confirm.no_counter_then'), { iconName: 'clock' })),
      h('div', { class: 'card summary' },
        h('p', { class: 'summary-service', text: serviceName(service) }),
        h('p', { class: 'summary-kind' }, icon(params.priority ? 'star' : 'ticket'),
          h('span', { text: params.priority ? msg('confirm.kind_priority') : msg('confirm.kind_normal') })),
        h('p', { class: 'summary-line', text: place(departmentOf(service)) }),
        // Without a counter, the notice above says so: the summary keeps the waiting count.
        queueDetails(service).slice(0, unserved ? 1 : undefined)
          .map((line) => h('p', { class: 'summary-line', text: line }))),
      // What to bring, the fee, who may apply: read before the number is taken.
      serviceGuide(service),
      status,
      h('div', { class: 'actions' },
        issue,
        // The service's sign-language guide (수어), when it has one.
        signButton('service', service.id, serviceName(service)),
        unserved && button({ label: msg('home.help'), kind: 'secondary', key: 'confirm-help', iconName: 'help',
          onClick: () => { callStaff(); go('help'); } }),
        button({ label: msg('confirm.cancel'), kind: 'tertiary', key: 'cancel', iconName: 'back',
          onClick: home })));
  },
};

async function send(params, ui) {
  if (params.sending) return;    // a second tap while the first is on its way
  params.sending = true;
  const entry = current();
  show(ui, 'working');
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { ticket } = await params.request.send();
      if (current() === entry) go('ticket', { ticket }, { root: true });
      return;
    } catch (error) {
      if (current() !== entry) return;     // the visitor left: stop trying
      if (error.code === 'service_closed') {
        setAvailability(params.serviceId, { open: false, reason: error.details.reason,
          next_open_at: error.details.next_open_at });
        go('closed', { serviceId: params.serviceId }, { replace: true });
        refreshServices().catch(() => {});
        return;
      }
      if (!isTransient(error)) {
        show(ui, 'failed');
        params.sending = false;
        return;
      }
      show(ui, error.code === 'storage_unavailable' ? 'storage' : 'retrying');
      await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]);
      if (current() !== entry) return;
    }
  }
}

function show(ui, phase) {
  const { text, iconName, tone, busy } = PHASES[phase];
  ui.status.replaceChildren(notice(text, { iconName, tone }));
  ui.issue.setAttribute('aria-disabled', String(busy));
  if (phase !== 'working') announce(text);
}
