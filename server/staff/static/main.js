// The staff console: sign in, choose a counter (or an office desk) and today's services,
// then serve, with live events keeping every panel current: each event makes the panels
// it touches reload their state from the API (at once for a ticket just issued, so that
// its alarm does not wait), which is also what happens after any reconnect.
import { api, ApiError } from '/static/common/api.js';
import { connectLive } from '/static/common/live.js';
import { setUpAlarms } from './alarms.js';
import { newAppointment, setUpAppointments } from './appointments.js';
import { attentionTick, setUpAttention, updateAttention } from './attention.js';
import { newCallback, setUpCallbacks } from './callbacks.js';
import { newCase, setUpCases } from './cases.js';
import { startTicking } from './clock.js';
import { $, fill, h } from '/static/common/dom.js';
import { setUpHelp } from './help.js';
import { bi, both } from './labels.js';
import { setUpOffers } from './offers.js';
import { setUpPresence } from './presence.js';
import { actions, setUpServe } from './serve.js';
import { choseOfficeDesk, chooseSetup } from './setup.js';
import { setUpShortcuts } from './shortcuts.js';
import { signIn, signOut } from './signin.js';
import { load, on, refresh, refreshAll, state, TOPICS } from './state.js';
import { setUpSupervisor, supervisorAlarm } from './supervisor.js';

const RELOAD_SECONDS = 20;   // absent colleagues' queues change without telling me
let live = null;
let currentView = null;

function show(view) {
  currentView = view;
  for (const name of ['signin', 'setup', 'desk', 'supervisor']) $(`${name}-view`).hidden = name !== view;
  for (const button of $('views').querySelectorAll('[data-show]')) {
    button.setAttribute('aria-current', button.dataset.show === view ? 'page' : 'false');
  }
  document.body.dataset.view = view;
}

async function whoAmI() {
  try {
    return (await api('/me')).me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    await new Promise((resolve) => setTimeout(resolve, 2000));   // server not up yet
    return whoAmI();
  }
}

async function rejoin() {
  try { await live.socket.timeout(5000).emitWithAck('rejoin'); } catch (error) { /* resync covers it */ }
  refresh('desk', 0);
}

// ---- live events --------------------------------------------------------------------

function onEvent(event, { replayed }) {
  const { type, data } = event;
  // Which tickets are mine to call is the server's to say: the desk is asked again, at once
  // for a new visitor (the alarm must not wait), for the rest once per burst of events.
  if (type === 'ticket.issued') refresh('desk', 0);
  else if (/^(ticket|counter|staff|appointment)\./.test(type)) refresh('desk');
  if (type.startsWith('counter.') && data.counter.id === state.desk?.counter?.id) rejoin();
  if (type.startsWith('service.') || type === 'counter.updated') refresh('directory');
  if (type.startsWith('help.')) refresh('help');
  if (type.startsWith('alarm.')) refresh('alarms', 0);
  if (type.startsWith('callback.')) refresh('callbacks');
  if (type.startsWith('appointment.')) refresh('appointments');
  if (type.startsWith('case.')) refresh('cases');
  if (type === 'alert.waiting' && !replayed) supervisorAlarm(data);
  if (state.supervisor) refresh('overview', 250);
}

let wasOffline = false;
function onStatus(status) {
  const online = status === 'online';
  fill($('live'), h('span', { class: `dot ${online ? 'is-online' : 'is-offline'}`, 'aria-hidden': 'true' }),
       bi(online ? 'live.online' : 'live.offline'));
  document.body.classList.toggle('is-offline', !online);
  if (online && wasOffline) refreshAll();   // after a restart or a network gap
  wasOffline = !online;
}

// ---- the console --------------------------------------------------------------------

function showWho() {
  const desk = state.desk;
  const place = desk?.counter ? both('setup.counter', { n: desk.counter.number }) : both('setup.office_desk');
  fill($('who'), h('strong', {}, state.me.name), ' · ', place);
}

async function startConsole() {
  for (const id of ['who', 'presence', 'views', 'change-place', 'sign-out']) $(id).hidden = false;
  $('show-supervisor').hidden = !state.supervisor;
  show('desk');
  await Promise.all(TOPICS.map((topic) => load(topic).catch(() => {})));
  // Events apply from the snapshot's seq on: reloading then covers anything that changed
  // between the first load and the socket's start.
  live = connectLive({ siteId: state.siteId, onSnapshot: refreshAll, onEvent, onStatus });
  // The server closes a console's socket only when its sign-in has ended (signed out
  // elsewhere, a new password, an admin): show the sign-in form at once.
  live.socket.on('disconnect', (reason) => { if (reason === 'io server disconnect') window.location.reload(); });
  startTicking(attentionTick);
  setInterval(() => ['desk', 'help', 'alarms', 'callbacks', 'cases'].forEach((t) => refresh(t)), RELOAD_SECONDS * 1000);
}

async function changePlace() {
  show('setup');
  // Clicked before the desk first loaded: my own counter must not show as someone else's.
  if (!state.desk) await load('desk').catch(() => {});
  await chooseSetup(state.desk ? state.desk.counter?.id : state.me.counter_id);
  await rejoin();
  await load('desk').catch(() => {});
  show('desk');
}

async function main() {
  setUpServe();
  setUpPresence();
  setUpHelp();
  setUpAlarms();
  setUpOffers();
  setUpCallbacks();
  setUpAppointments();
  setUpCases();
  setUpAttention({ onCallNext: actions['call-next'] });
  on('desk', (s) => { updateAttention(s.desk); showWho(); });
  setUpShortcuts({ active: () => currentView === 'desk' });
  $('sign-out').addEventListener('click', () => signOut(state.desk));
  $('change-place').addEventListener('click', changePlace);
  for (const button of $('views').querySelectorAll('[data-show]')) {
    button.addEventListener('click', () => show(button.dataset.show));
  }
  document.querySelector('[data-action="new-callback"]').addEventListener('click', newCallback);
  document.querySelector('[data-action="new-appointment"]').addEventListener('click', newAppointment);
  document.querySelector('[data-action="new-case"]').addEventListener('click', newCase);

  let me = await whoAmI();
  if (!me) {
    show('signin');
    me = await signIn();
  }
  state.me = me;
  state.supervisor = me.role !== 'staff';
  state.siteId = me.site_id || (await api('/sites')).sites[0].id;
  if (state.supervisor) await setUpSupervisor({ onShow: show });
  await load('directory');
  if (!me.counter_id && !choseOfficeDesk()) {
    show('setup');
    await chooseSetup(null);
  }
  await startConsole();
}

main();
