// The console's shared state, loaded from /api/v1. Views subscribe to a topic and redraw
// when it changes; live events ask for a (debounced) reload of the topics they touch.
import { api } from '/static/common/api.js';
import { whenReleased } from '/static/common/press.js';
import { syncClock } from './clock.js';

export const state = {
  me: null,              // from /me
  siteId: null,
  supervisor: false,     // supervisors and admins: the supervisor view and its alerts
  desk: null,            // /desk: counter, current, queue, held, offers, settings
  services: new Map(),   // id -> service of the site (names, paused)
  counters: [],
  staff: [],             // colleagues' nameplates
  help: [],
  alarms: [],            // open alarms of the site (the counters' silent bells)
  alarmSettings: {},     // how this console shows them: sound, recording reminder
  callbacks: [],
  appointments: [],
  cases: [],             // my open cases, soonest due first
  overview: null,
};

const loaders = {
  desk: async () => {
    state.desk = await api('/desk');
    syncClock(state.desk.now);
  },
  directory: async () => {
    const site = `?site_id=${state.siteId}`;
    const [services, counters, staff] = await Promise.all([
      api(`/services${site}`), api(`/counters${site}`), api(`/staff${site}`)]);
    state.services = new Map(services.services.map((s) => [s.id, s]));
    state.counters = counters.counters;
    state.staff = staff.staff;
  },
  help: async () => { state.help = (await api(`/help-requests?site_id=${state.siteId}`)).help_requests; },
  alarms: async () => {
    const { alarms, ...settings } = await api(`/alarms?site_id=${state.siteId}`);
    state.alarms = alarms;
    state.alarmSettings = settings;
  },
  callbacks: async () => { state.callbacks = (await api('/callbacks')).callbacks; },
  appointments: async () => {
    state.appointments = (await api(`/appointments?site_id=${state.siteId}`)).appointments;
  },
  cases: async () => { state.cases = (await api('/cases')).cases; },
  overview: async () => {
    if (state.supervisor) state.overview = await api(`/supervisor/overview?site_id=${state.siteId}`);
  },
};
export const TOPICS = Object.keys(loaders);

const listeners = new Map();

export function on(topic, listener) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(listener);
}

// One redraw function per topic: changes that come while a button is held redraw it once.
const redraws = new Map();
export function changed(topic) {
  if (!redraws.has(topic)) {
    redraws.set(topic, () => { for (const listener of listeners.get(topic) || []) listener(state); });
  }
  whenReleased(redraws.get(topic));
}

export async function load(topic) {
  await loaders[topic]();
  changed(topic);
}

// Events come in bursts (a call changes the ticket, the queue and the counter): one
// reload per topic for the burst.
const pending = new Map();
export function refresh(topic, delayMs = 60) {
  if (pending.has(topic)) return;
  pending.set(topic, setTimeout(async () => {
    pending.delete(topic);
    try {
      await load(topic);
    } catch (error) {
      if (error.status === 401) window.location.reload();   // the working day's session ended
      /* offline: everything is reloaded on reconnect */
    }
  }, delayMs));
}

export const refreshAll = () => TOPICS.forEach((topic) => refresh(topic, 0));

export const serviceName = (id) => state.services.get(id)?.names || { ko: `#${id}` };
