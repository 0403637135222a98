// What every live screen does: enrol with its token, learn who it is (/api/v1/me), load
// the catalogs, follow live events (snapshot first, resync after every reconnect), and
// stay healthy for days: a full re-sync every few minutes, and a reload once a night.
//
//   startScreen({ load, onSnapshot, onEvent, idle })
//     load(me)        apply the screen's settings (me.config) and fetch what the events
//                     do not carry (names, staff); called again at every health re-sync,
//                     so it must replace, not append
//     onSnapshot(s)   the whole site's live state
//     onEvent(e, {replayed})  every event but config.changed, which re-runs load and the
//                     snapshot itself
//     idle()          true when a nightly reload would interrupt nothing
import { api, ApiError } from '/static/common/api.js';
import { deviceToken } from '/static/common/device.js';
import { connectLive } from '/static/common/live.js';
import { label, loadCatalogs, localHour, rotateSecondLanguage, SECOND_LANGUAGES, textIn } from './bilingual.js';
import { fill } from '/static/common/dom.js';

const RETRY_SECONDS = 5;
const OFFLINE_NOTICE_AFTER_MS = 3000;   // a quick reconnect is not worth a message

export async function startScreen({ load, onSnapshot, onEvent, idle = () => true, title }) {
  deviceToken();  // takes ?token= out of the address bar and keeps it
  const me = await whoAmI();
  const config = me.config || {};
  const languages = config.label_languages || SECOND_LANGUAGES;
  await retrying(() => loadCatalogs(languages));
  if (title) document.title = `${textIn('ko', title)} · ${textIn('en', title)}`;
  rotateSecondLanguage(languages, config.label_seconds || 8);
  await retrying(() => load(me));

  const status = showStatus();
  // A configuration change (a counter added, a service renamed, a screen's settings) is
  // read again whole, names and live state together: applying only part of it would
  // leave tiles without names or queues without their waits until the next re-sync.
  const live = connectLive({
    siteId: me.site_id, onSnapshot, onStatus: status,
    onEvent: (event, info) => (event.type === 'config.changed' ? resync() : onEvent(event, info)),
  });

  // Health re-sync: catches anything the events do not carry (a paused service, a renamed
  // office) and any state a missed event could have left behind.
  let running = null;
  let again = false;
  async function resync() {
    if (running) { again = true; return running; }  // a burst of changes: one more read after
    running = (async () => {
      do {
        again = false;
        try {
          await load((await api('/me')).me);  // settings the admin changed apply here too
          await live.refresh();
        } catch (error) { /* offline: the socket's reconnect will resync */ }
      } while (again);
    })();
    try { await running; } finally { running = null; }
  }
  const minutes = config.resync_minutes || 5;
  setInterval(resync, minutes * 60 * 1000);
  reloadNightly(config.reload_hour ?? 4, idle);
  return { me, config, live };
}

// Who this screen is. Waits for the server when it is not up yet (screens often boot
// before it), and says so when the screen was never enrolled.
async function whoAmI() {
  for (;;) {
    try {
      const { me } = await api('/me');
      document.body.classList.remove('is-unenrolled');
      return me;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) await showUnenrolled();
      await sleep(RETRY_SECONDS * 1000);
    }
  }
}

async function showUnenrolled() {
  document.body.classList.add('is-unenrolled');
  try {
    await loadCatalogs(['en']);
    fill(document.getElementById('status'), label('screen.not_enrolled'));
    document.getElementById('status').hidden = false;
  } catch (error) { /* no server either: try again later */ }
}

async function retrying(action) {
  for (;;) {
    try { return await action(); } catch (error) { await sleep(RETRY_SECONDS * 1000); }
  }
}

function showStatus() {
  const element = document.getElementById('status');
  fill(element, label('screen.offline'));
  let timer = null;
  return (state) => {
    document.body.dataset.live = state;
    if (state === 'online') {
      clearTimeout(timer);
      timer = null;
      element.hidden = true;
    } else if (timer === null) {
      timer = setTimeout(() => { element.hidden = false; }, OFFLINE_NOTICE_AFTER_MS);
    }
  };
}

// A reload in the small hours gives the browser a fresh start every day.
function reloadNightly(hour, idle) {
  const started = Date.now();
  setInterval(() => {
    const upHours = (Date.now() - started) / 3600000;
    if (upHours > 2 && localHour(new Date()) === hour && idle()) window.location.reload();
  }, 60 * 1000);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
