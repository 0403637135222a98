// What the kiosk knows about its site: its own configuration, departments, services
// with their live waiting counts and open state, and counters. Screens read `kiosk`
// and re-render when onChange() fires.
import { api } from '/static/common/api.js';

export const kiosk = {
  me: null,
  config: {},
  site: null,
  departments: [],
  services: [],
  commonServiceIds: [],   // the home screen's big buttons (server/queue/common.py)
  counters: [],
  notices: [],      // the site's notices for kiosks: {id, texts: {lang: text}}
  pages: [],        // information pages: {id, slug, titles, bodies}
  survey: null,     // the satisfaction survey running today: {id, titles, questions}, or null
};

const listeners = new Set();

export function onChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const listener of listeners) listener();
}

export async function loadIdentity() {
  kiosk.me = (await api('/me')).me;
  kiosk.config = kiosk.me.config || {};
}

export async function loadSite() {
  const [{ sites }, { departments }, services] = await Promise.all([
    api('/sites'), api('/departments'), api('/services')]);
  kiosk.site = sites.find((site) => site.id === kiosk.me.site_id) || null;
  kiosk.departments = departments;
  takeServices(services);
  changed();
  // Notices and pages are extras: the kiosk works without them.
  loadContent().catch(() => {});
}

export async function loadContent() {
  const [{ notices }, { pages }, { survey }] = await Promise.all([
    api('/notices?target=kiosk'), api('/info-pages'), api('/survey')]);
  kiosk.notices = notices;
  kiosk.pages = pages;
  kiosk.survey = survey;
  changed();
}

async function refreshSurvey() {
  kiosk.survey = (await api('/survey')).survey;
  changed();
}

// config.changed {what, id, action}: an admin changed something; read again what it names,
// so the change shows without a reload. Returns what was read (for tests and the log).
const RELOAD = {
  service: () => refreshServices(),
  holiday: () => refreshServices(),
  counter: () => refreshServices(),
  department: async () => {
    const [{ departments }, services] = await Promise.all([api('/departments'), api('/services')]);
    kiosk.departments = departments;
    takeServices(services);
    changed();
  },
  site: async () => {
    const { sites } = await api('/sites');
    kiosk.site = sites.find((site) => site.id === kiosk.me.site_id) || kiosk.site;
    await refreshServices();
  },
  notice: async () => {
    kiosk.notices = (await api('/notices?target=kiosk')).notices;
    changed();
  },
  page: async () => {
    kiosk.pages = (await api('/info-pages')).pages;
    changed();
  },
  survey: () => refreshSurvey(),
  'survey question': () => refreshSurvey(),
};

export function applyConfigChange(data) {
  const reload = RELOAD[data?.what];
  return reload ? reload().catch(() => {}) : Promise.resolve();
}

// Opening state changes with the clock and with admin changes that send no event, so
// services are read again on reconnect and every minute (config.refresh_seconds).
export async function refreshServices() {
  takeServices(await api('/services'));
  changed();
}

function takeServices({ services, common_service_ids: common }) {
  kiosk.services = services;
  kiosk.commonServiceIds = common || [];
}

// The site's common services, for the home screen's big buttons.
export const commonServices = () => kiosk.commonServiceIds.map(serviceById).filter(Boolean);

export const pageById = (id) => kiosk.pages.find((page) => page.id === id);

export function applySnapshot(snapshot) {
  applyQueues(snapshot.services, { quiet: true });
  kiosk.counters = snapshot.counters;
  changed();
}

// Live events carry queues: [{service_id, waiting, estimated_minutes, availability?}].
export function applyQueues(queues, { quiet = false } = {}) {
  for (const queue of queues || []) {
    const service = serviceById(queue.service_id);
    if (!service) continue;
    service.waiting = queue.waiting;
    service.estimated_minutes = queue.estimated_minutes;
    service.estimate = queue.estimate;
    if (queue.availability) service.availability = queue.availability;
  }
  if (!quiet) changed();
}

// A refused ticket tells the service's state before the next read of /services does.
export function setAvailability(serviceId, availability) {
  const service = serviceById(serviceId);
  if (service) service.availability = availability;
}

// counter.opened / counter.closed: where visitors of a service will be called.
export function applyCounter(counter) {
  if (!counter) return;
  const at = kiosk.counters.findIndex((known) => known.id === counter.id);
  if (at === -1) kiosk.counters.push(counter);
  else kiosk.counters[at] = { ...kiosk.counters[at], ...counter };
  changed();
}

export const serviceById = (id) => kiosk.services.find((service) => service.id === id);
export const departmentById = (id) => kiosk.departments.find((dept) => dept.id === id);
export const servicesOf = (departmentId) =>
  kiosk.services.filter((service) => service.department_id === departmentId);

// Departments where a number can be taken (those with at least one service).
export const issuingDepartments = () =>
  kiosk.departments.filter((dept) => servicesOf(dept.id).length > 0);

export const isOpen = (service) => Boolean(service?.availability?.open);

// Open counters that serve a service, by number: where the visitor will be called.
export function countersFor(serviceId) {
  return kiosk.counters
    .filter((counter) => counter.open && counter.service_ids.includes(serviceId))
    .map((counter) => counter.number)
    .sort((a, b) => a - b);
}

// The earliest time any of these closed services opens again, or null.
export function nextOpening(services) {
  const times = services.map((s) => s.availability?.next_open_at).filter(Boolean).sort(
    (a, b) => Date.parse(a) - Date.parse(b));
  return times[0] || null;
}

export const siteTimeZone = () => kiosk.site?.timezone || 'Asia/Seoul';
