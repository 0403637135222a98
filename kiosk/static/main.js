// The visitor kiosk: starts up, wires the parts together and keeps the data live.
// The page works from what it has loaded when the server goes away: it says so, keeps
// retrying, and catches up when the server is back, without a reload.
import './surface.js';
import { deviceToken } from '/static/common/device.js';
import { connectLive } from '/static/common/live.js';
import { sleep } from '/static/common/dom.js';
import { bindTemplate, bindText, loadCatalog, msg, named, relabel, setLanguage } from '/static/common/i18n.js';
import { placeIcons } from './icons.js';
import { setupControlsFit } from './controls-fit.js';
import { setupIdle, startIdle } from './idle.js';
import { setupKeypad } from './keypad.js';
import { resetModes, setupModes, wakeVoiceByKey } from './modes.js';
import { onPrintEvent } from './print.js';
import { callStaff, help, onHelpChange, onHelpEvent } from './help.js';
import { back, canGoBack, current, go, home, mountRouter, onShow, redraw, refresh,
  register } from './router.js';
import { applyConfigChange, applyCounter, applyQueues, applySnapshot, kiosk, loadIdentity,
  loadSite, onChange, refreshServices } from './state.js';
import { loadSignVideos } from './sign.js';
import { notice, onOnline, setConnection, setupStatus } from './status.js';
import { announce, setupVoice } from './voice.js';

import appointment from './screens/appointment.js';
import remoteCheckin from './screens/remote-checkin.js';
import closed from './screens/closed.js';
import confirm from './screens/confirm.js';
import departments from './screens/departments.js';
import directory from './screens/directory.js';
import enrol from './screens/enrol.js';
import { feedback, feedbackAbout, feedbackContact, feedbackDone, feedbackEmail, feedbackStaff,
  feedbackText } from './screens/feedback.js';
import helpScreen from './screens/help.js';
import homeScreen from './screens/home.js';
import infoPage from './screens/info-page.js';
import infoPages from './screens/info-pages.js';
import languageScreen from './screens/language.js';
import machine from './screens/machine.js';
import { notify, notifyConsent, notifyDone, notifyEmail, notifyHow } from './screens/notify.js';
import priority from './screens/priority.js';
import { rate, rateDone, rateRefused, rateScore } from './screens/rate.js';
import search from './screens/search.js';
import { survey, surveyDone, surveyQuestion, surveyRefused } from './screens/survey.js';
import services from './screens/services.js';
import signScreen from './screens/sign.js';
import staff from './screens/staff.js';
import ticket from './screens/ticket.js';

const DEFAULT_REFRESH_SECONDS = 60;
const SCREENS = { home: homeScreen, departments, services, machine, priority, confirm, ticket, closed,
  directory, staff, language: languageScreen, help: helpScreen, enrol, appointment, search,
  'remote-checkin': remoteCheckin,
  'info-pages': infoPages, 'info-page': infoPage, sign: signScreen,
  rate, 'rate-score': rateScore, 'rate-refused': rateRefused, 'rate-done': rateDone,
  feedback, 'feedback-about': feedbackAbout, 'feedback-staff': feedbackStaff, 'feedback-text': feedbackText,
  'feedback-contact': feedbackContact, 'feedback-email': feedbackEmail, 'feedback-done': feedbackDone,
  'notify-how': notifyHow, notify, 'notify-email': notifyEmail, 'notify-consent': notifyConsent,
  'notify-done': notifyDone,
  survey, 'survey-question': surveyQuestion, 'survey-refused': surveyRefused, 'survey-done': surveyDone };

async function start() {
  placeIcons();
  setupStatus();
  mountRouter(document.getElementById('screen'));
  for (const [name, screen] of Object.entries(SCREENS)) register(name, screen);
  onShow(screenShown);

  if (!deviceToken()) {
    await loadCatalog('ko');
    bindTemplate();
    go('enrol', {}, { replace: true });
    return;
  }
  const enrolled = await untilLoaded(async () => {
    await Promise.all([loadCatalog('ko'), loadIdentity()]);
    await loadSite();
  });
  bindTemplate();
  relabel();   // a notice shown while the catalog was still on its way
  if (!enrolled) {
    go('enrol', {}, { replace: true });
    return;
  }
  if (kiosk.site) bindText(document.getElementById('site-name'), named(kiosk.site.names));
  setupModes(kiosk.config);
  setupControlsFit();
  setupVoice();
  setupIdle({ timeouts: kiosk.config.timeouts, onExpire: endSession,
    onWarn: () => announce(msg('idle.warning')) });
  setupKeypad({ back: () => canGoBack() && back(), home, wakeVoice: wakeVoiceByKey });
  wireControls();
  onChange(refreshSoon);
  onHelpChange(helpChanged);
  home();
  document.documentElement.dataset.ready = 'true';
  performance.mark('kiosk-ready');   // time to interactive, for bench/bench_kiosk.py

  // Sign-language guides are extras, kept for offline use once read (sign.js).
  reloadSignVideos();
  connectLive({ siteId: kiosk.me.site_id, onSnapshot: applySnapshot, onEvent, onStatus: setConnection });
  onOnline(() => {
    refreshServices().catch(() => {});
    reloadSignVideos();
  });
  const seconds = kiosk.config.refresh_seconds || DEFAULT_REFRESH_SECONDS;
  setInterval(() => refreshServices().catch(() => {}), seconds * 1000);
}

// Start-up data, tried again until the server answers. False when the token is refused.
async function untilLoaded(load) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await load();
      return true;
    } catch (error) {
      if (error.status === 401 || error.status === 403) return false;
      if (attempt === 0) setConnection('offline');
      await sleep(Math.min(1000 * (attempt + 1), 5000));
    }
  }
}

function wireControls() {
  document.getElementById('nav-back').addEventListener('click', back);
  document.getElementById('nav-home').addEventListener('click', home);
  document.getElementById('tool-language').addEventListener('click', () => go('language'));
  document.getElementById('tool-help').addEventListener('click', () => {
    callStaff();
    go('help');
  });
}

function screenShown(entry, screen, { fresh }) {
  const onHome = entry.name === 'home' || entry.name === 'enrol';
  document.getElementById('nav').hidden = onHome;
  document.getElementById('nav-back').hidden = !canGoBack() || entry.name === 'ticket';
  if (fresh) startIdle(screen.timeout);   // the voice guide reads it (voice.js)
}

// The countdown ran out: the next visitor gets a fresh kiosk.
async function endSession() {
  resetModes();
  await setLanguage('ko').catch(() => {});
  home();
}

function onEvent(event) {
  if (event.data?.queues) applyQueues(event.data.queues);
  if (event.type.startsWith('counter.')) applyCounter(event.data.counter);
  if (event.type.startsWith('help.')) onHelpEvent(event);
  if (event.type.startsWith('print.')) onPrintEvent(event);
  if (event.type === 'config.changed') onConfigChanged(event.data);
}

// An admin changed the configuration: read again what the event names. The office screen
// reads its staff and route when shown, so a change to staff or the map redraws it.
function onConfigChanged(data) {
  applyConfigChange(data);
  if (data?.what === 'sign video' || data?.what === 'site') reloadSignVideos();
  const entry = current();
  if (entry?.name === 'staff' && (data?.what === 'staff member' || data?.what === 'map')) {
    delete entry.params.staff;
    delete entry.params.route;
    redraw();
  }
}

function reloadSignVideos() {
  loadSignVideos().then(refreshSoon, () => {});
}

// Live data changes redraw the screen at most once a frame.
let refreshQueued = false;
function refreshSoon() {
  if (refreshQueued) return;
  refreshQueued = true;
  requestAnimationFrame(() => {
    refreshQueued = false;
    refresh();
  });
}

const HELP_NOTICES = {
  sent: { icon: 'help', text: msg('status.help_pending'), tone: 'info' },
  acknowledged: { icon: 'person', text: msg('status.help_coming'), tone: 'success' },
};
// A sign-interpreting request says so while it waits (help.kind 'sign').
const SIGN_NOTICES = { ...HELP_NOTICES,
  sent: { icon: 'help', text: msg('status.sign_pending'), tone: 'info' } };

const HELP_ANNOUNCEMENTS = { sent: msg('help.sent'), acknowledged: msg('help.acknowledged'),
  closed: msg('help.closed'), failed: msg('help.failed') };
const SIGN_ANNOUNCEMENTS = { ...HELP_ANNOUNCEMENTS, sent: msg('help.sign_sent') };

function helpChanged() {
  const signing = help.kind === 'sign';
  notice('help', (signing ? SIGN_NOTICES : HELP_NOTICES)[help.state] || null);
  const announcement = (signing ? SIGN_ANNOUNCEMENTS : HELP_ANNOUNCEMENTS)[help.state];
  if (announcement) announce(announcement);
  refreshSoon();
}

start();
