// The lobby board: the number called at each counter, the latest call large, the last
// calls, people waiting per service, the time and the admin's notices. A new call moves
// in (no flashing), chimes and is read out; calls caught up after a reconnect are shown
// but never read out as if new.
import { api } from '/static/common/api.js';
import { createAnnouncer } from './announcer.js';
import { fill, h, replay } from '/static/common/dom.js';
import { translation } from '/static/common/i18n.js';
import { clockDate, clockTime, label, LABELS_TURNED, names, textIn } from './bilingual.js';
import { startScreen } from './screen.js';

const RECENT_KEPT = 8;           // calls remembered, latest first
const RECENT_SHOWN = 4;          // "최근 호출" beside the headline
const NOTICE_SECONDS = 12;
const PAGE_SECONDS = 10;         // counters that do not fit take turns, a page at a time
const AT_COUNTER = new Set(['called', 'serving']);

const state = {
  config: {},
  counters: new Map(),     // id -> counter with its current ticket
  services: new Map(),     // id -> {waiting, estimated_minutes, availability}
  serviceInfo: new Map(),  // id -> {names, sort_order}
  recent: [],              // called tickets, latest first
  notices: [],             // the site's notices for boards
  calmNotice: null,        // while an officer's alarm is open: a calm text, no counter
};
const tiles = new Map();   // counter id -> its <li>
let announcer = null;      // created before the first event can arrive

const $ = (id) => document.getElementById(id);

function shown(counter) {
  const floor = state.config.floor;
  return Boolean(counter) && (floor === undefined || floor === null || counter.floor === floor);
}

// ---- rendering --------------------------------------------------------------------

// A counter by its own name where it has one ("여권 창구"), else by its number.
function counterName(counter, className, { withNumber = true } = {}) {
  const own = counter.names && counter.names.ko;
  if (!own) return label('counter.number', { n: counter.number }, { className });
  return h('span', { class: className }, names(counter.names, { className: 'counter-own-name' }),
           withNumber ? label('counter.number', { n: counter.number },
                              { className: 'counter-label' }) : null);
}

function renderTiles() {
  tiles.clear();
  const list = [...state.counters.values()].filter(shown).sort((a, b) => a.number - b.number);
  fill($('counters'), list.map((counter) => {
    const tile = h('li', { class: 'tile', dataset: { counter: counter.id } });
    tiles.set(counter.id, tile);
    updateTile(counter);
    return tile;
  }));
  // Up to six counters get large tiles; more get compact ones (badge and number).
  document.body.dataset.counters = list.length <= 2 ? 'few' : list.length <= 6 ? 'some' : 'many';
  paginateTiles();
}

// Tiles never shrink below their readable size (grid rows have a minimum in board.css):
// when they do not all fit, they are split into pages that take turns, with "1/2" beside
// the heading.
const paging = { pages: [], index: 0, timer: null };

function paginateTiles() {
  const grid = $('counters');
  const all = [...grid.children];
  grid.style.gridTemplateRows = '';
  all.forEach((tile) => { tile.hidden = false; });
  paging.pages = [all];
  if (all.length && grid.scrollHeight > grid.clientHeight + 1) {
    const columns = getComputedStyle(grid).gridTemplateColumns.split(' ').length;
    const gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
    const rows = Math.max(1, Math.floor((grid.clientHeight + gap) / (all[0].offsetHeight + gap)));
    const size = rows * columns;
    paging.pages = [];
    for (let i = 0; i < all.length; i += size) paging.pages.push(all.slice(i, i + size));
    grid.style.gridTemplateRows = `repeat(${rows}, minmax(0, 1fr))`;  // the same rows on every page
  }
  showPage(paging.index);
  clearInterval(paging.timer);
  paging.timer = paging.pages.length > 1
    ? setInterval(() => showPage(paging.index + 1), PAGE_SECONDS * 1000) : null;
}

function showPage(index) {
  paging.index = index % paging.pages.length;
  paging.pages.forEach((page, i) => page.forEach((tile) => { tile.hidden = i !== paging.index; }));
  $('counters-page').textContent = paging.pages.length > 1
    ? `${paging.index + 1}/${paging.pages.length}` : '';
  replay($('counters'), 'is-turning');
}

// A new call on a counter of another page brings that page up, so its tile lights up.
function showPageOf(tile) {
  const index = paging.pages.findIndex((page) => page.includes(tile));
  if (index >= 0 && index !== paging.index) showPage(index);
}

function updateTile(counter) {
  const tile = tiles.get(counter.id);
  if (!tile) return;
  tile.classList.toggle('is-closed', !counter.open && !counter.current);
  const now = counter.current
    ? h('span', { class: 'tile__number' }, counter.current.display_number)
    : label(counter.open ? 'board.counter_free' : 'board.counter_closed',
            {}, { className: 'tile__state' });
  fill(tile, h('span', { class: 'tile__badge', 'aria-hidden': 'true' }, counter.number),
       counterName(counter, 'tile__counter', { withNumber: false }), now);
}

// What is being called now: the latest call whose visitor its counter still has, so the
// headline always agrees with the counter boxes (a ticket finished or marked no-show
// since is history, in "최근 호출" only).
function nowCalling() {
  return state.recent.find((ticket) =>
    state.counters.get(ticket.counter_id)?.current?.id === ticket.id) || null;
}

let heroShown;  // "ticket@counter" in the headline, to redraw (and animate) only on change

function renderHero({ fresh = false, force = false } = {}) {
  const call = $('hero-call');
  const ticket = nowCalling();
  const shownNow = ticket ? `${ticket.id}@${ticket.counter_id}` : '';
  if (!fresh && !force && shownNow === heroShown) return;
  heroShown = shownNow;
  call.classList.remove('is-new');
  if (!ticket) {
    const anyCalled = state.recent.length > 0;
    fill(call, label(anyCalled ? 'board.none_now' : 'board.none_called', {},
                     { className: 'hero__empty' }));
    return;
  }
  fill(call,
       h('span', { class: 'hero__number' }, ticket.display_number),
       h('span', { class: 'hero__arrow', 'aria-hidden': 'true' }),
       counterName(state.counters.get(ticket.counter_id), 'hero__counter'));
  if (fresh) replay(call, 'is-new');
}

function renderRecent() {
  const hero = nowCalling();
  const earlier = state.recent.filter((ticket) => ticket !== hero).slice(0, RECENT_SHOWN);
  fill($('recent'), earlier.map((ticket) => {
    const counter = state.counters.get(ticket.counter_id);
    return h('li', { class: 'recent__item' },
             h('span', { class: 'recent__number' }, ticket.display_number),
             counter ? label('counter.number', { n: counter.number },
                             { className: 'recent__counter' }) : null);
  }));
}

function renderWaiting() {
  const ids = new Set();
  for (const counter of state.counters.values()) {
    if (shown(counter)) counter.service_ids.forEach((id) => ids.add(id));
  }
  const order = (id) => state.serviceInfo.get(id)?.sort_order ?? id;
  const list = [...ids].filter((id) => state.serviceInfo.has(id)).sort((a, b) => order(a) - order(b));
  fill($('waiting'), list.map((id) => {
    const info = state.serviceInfo.get(id);
    const queue = state.services.get(id) || { waiting: 0, estimated_minutes: 0 };
    const availability = queue.availability || { open: true };
    return h('li', { class: `waiting__item${availability.open ? '' : ' is-closed'}` },
             names(info.names, { className: 'waiting__name' }),
             label('board.waiting_people', { n: queue.waiting }, { className: 'waiting__count' }),
             waitingNote(queue, availability));
  }));
  document.body.dataset.services = list.length > 6 ? 'many' : 'few';
  paginateWaiting();
}

// Services that do not fit their block take turns like the counters, a page of whole rows
// at a time with "1/2" beside the heading: a row is never cut off at the bottom.
const waitingPaging = { pages: [], index: 0, timer: null };

function paginateWaiting() {
  const list = $('waiting');
  const items = [...list.children];
  items.forEach((item) => { item.hidden = false; });
  const room = list.getBoundingClientRect();
  const rows = [];   // items side by side (two columns) share a row
  for (const item of items) {
    const { top, bottom } = item.getBoundingClientRect();
    const row = rows.find((r) => Math.abs(r.top - top) < 1);
    if (row) {
      row.items.push(item);
      row.bottom = Math.max(row.bottom, bottom);
    } else {
      rows.push({ top, bottom, items: [item] });
    }
  }
  waitingPaging.pages = [];
  let pageTop = room.top;
  for (const row of rows) {
    if (!waitingPaging.pages.length || (row.bottom - pageTop > room.height + 1)) {
      waitingPaging.pages.push([]);
      pageTop = row.top;
    }
    waitingPaging.pages.at(-1).push(...row.items);
  }
  showWaitingPage(waitingPaging.index);
  clearInterval(waitingPaging.timer);
  waitingPaging.timer = waitingPaging.pages.length > 1
    ? setInterval(() => showWaitingPage(waitingPaging.index + 1), PAGE_SECONDS * 1000) : null;
}

function showWaitingPage(index) {
  const { pages } = waitingPaging;
  waitingPaging.index = pages.length ? index % pages.length : 0;
  pages.forEach((page, i) => page.forEach((item) => { item.hidden = i !== waitingPaging.index; }));
  $('waiting-page').textContent = pages.length > 1 ? `${waitingPaging.index + 1}/${pages.length}` : '';
}

// The expected wait, or why the service takes no one now.
function waitingNote(queue, availability) {
  const options = { className: 'waiting__eta' };
  if (!availability.open) return label(`service.${availability.reason}`, {}, options);
  const estimate = queue.estimate || { minutes: queue.estimated_minutes };
  // No open counter: no minutes, the reason (never "soon" or a figure).
  if (estimate.reason || estimate.minutes == null) return label('no_counter', {}, options);
  if (!queue.waiting) return label('service.open', {}, options);
  return label(...waitWords(estimate), options);
}

// "곧" rather than "약 0분", "3분 이내" rather than "0~3분".
function waitWords({ minutes, low, high }) {
  const ranged = low != null && high != null && low !== high;
  const most = ranged ? high : minutes;
  if (most <= 0) return ['soon', {}];
  if (!ranged) return ['minutes', { n: minutes }];
  return low <= 0 ? ['minutes_up_to', { n: high }] : ['minutes_range', { low, high }];
}

function renderAll() {
  renderTiles();
  renderHero({ force: true });
  renderRecent();
  renderWaiting();
}

// ---- live state -------------------------------------------------------------------

function onSnapshot(snapshot) {
  state.counters = new Map(snapshot.counters.map((c) => [c.id, { ...c }]));
  state.services = new Map(snapshot.services.map((s) => [s.service_id, s]));
  state.recent = snapshot.recent_calls
    .filter((ticket) => shown(state.counters.get(ticket.counter_id)))
    .slice(0, RECENT_KEPT);
  renderAll();
  loadCalmNotice();   // a snapshot stands for events missed, the calm notice's among them
}

function onEvent(event, { replayed }) {
  const { type, data } = event;
  for (const queue of data.queues || []) {
    state.services.set(queue.service_id, { ...state.services.get(queue.service_id), ...queue });
  }
  if (type === 'counter.opened' || type === 'counter.closed') {
    const counter = state.counters.get(data.counter.id);
    if (counter) Object.assign(counter, data.counter);
    renderTiles();
  } else if (type.startsWith('ticket.')) {
    applyTicket(type, data, replayed);
  } else if (type === 'lobby.calm_notice') {
    state.calmNotice = data.calm_notice;
    showNotices();
  }
  renderWaiting();
}

function applyTicket(type, data, replayed) {
  const { ticket } = data;
  const at = AT_COUNTER.has(ticket.status) ? ticket.counter_id : null;
  for (const counter of state.counters.values()) {
    if (counter.current && counter.current.id === ticket.id && counter.id !== at) {
      counter.current = null;
      updateTile(counter);
    }
  }
  const counter = at && state.counters.get(at);
  if (counter) {
    if (data.counter) Object.assign(counter, data.counter);
    counter.current = ticket;
    updateTile(counter);
  }
  if (type === 'ticket.transferred') state.recent = state.recent.filter((t) => t.id !== ticket.id);
  const isCall = type === 'ticket.called' || type === 'ticket.recalled';
  const called = isCall && counter && shown(counter);
  if (called) {
    state.recent = [ticket, ...state.recent.filter((t) => t.id !== ticket.id)].slice(0, RECENT_KEPT);
  }
  // Any ticket event may end what the headline shows (finished, no-show, transferred).
  renderHero({ fresh: called && !replayed });
  renderRecent();
  if (!called || replayed) return;  // caught up after a reconnect: shown, not read out as new
  showPageOf(tiles.get(counter.id));
  replay(tiles.get(counter.id), 'is-called');
  announcer.enqueue(ticket.id, counter.id);
}

// ---- static content: labels, notices, clock ----------------------------------------

// Called before the first event and again at every health re-sync.
async function load(me) {
  state.me = me;
  state.config = me.config || {};
  announcer.configure({ volume: state.config.volume ?? 1, muted: Boolean(state.config.muted),
                        alsoLanguage: state.config.second_language || null });
  fill($('title'), label('board.title'));
  fill($('hero-label'), label('board.now_calling'));
  fill($('counters-label'), label('board.counters'));
  fill($('recent-label'), label('board.recent'));
  fill($('waiting-label'), label('board.waiting'));
  fill($('notice-label'), label('board.notice'));
  const [{ services }, { notices }, { calm_notice: calm }] = await Promise.all([
    api(`/services?site_id=${me.site_id}`),
    api(`/notices?site_id=${me.site_id}&target=board`),
    api(`/lobby/calm-notice?site_id=${me.site_id}`),
  ]);
  state.notices = notices;
  state.calmNotice = calm;
  showNotices();
  state.serviceInfo = new Map(services.map((s) => [s.id, { names: s.names, sort_order: s.sort_order }]));
  renderWaiting();
}

let noticeTimer = null;

async function loadCalmNotice() {
  if (!state.me) return;
  try {
    state.calmNotice = (await api(`/lobby/calm-notice?site_id=${state.me.site_id}`)).calm_notice;
    showNotices();
  } catch (error) { /* offline: the next re-sync asks again */ }
}

// The site's notices from the admin console (Korean, and the second language where it
// is written), then any this board's own settings add (in one language). While an
// officer's alarm is open (and the site asks for it) only the calm notice shows.
function showNotices() {
  const config = state.config;
  const siteNotices = state.notices;
  if (state.calmNotice) {
    clearInterval(noticeTimer);
    // The default text has every language in the catalog; a site's own text is shown as
    // written (the admin console says so).
    fill($('notice'), state.calmNotice === textIn('ko', 'board.calm_notice')
      ? label('board.calm_notice', {}, { className: 'calm-notice' })
      : h('span', { class: 'calm-notice', lang: 'ko' }, state.calmNotice));
    return;
  }
  const notices = [
    ...siteNotices.filter((notice) => translation(notice.texts, 'ko'))
      .map((notice) => () => names(notice.texts)),
    ...(config.notices || []).filter((text) => typeof text === 'string' && text.trim())
      .map((text) => () => h('span', { lang: config.notices_lang || 'ko' }, text)),
  ];
  const show = (index) => fill($('notice'), notices.length
    ? notices[index % notices.length]() : label('board.default_notice'));
  clearInterval(noticeTimer);
  show(0);
  let index = 0;
  noticeTimer = notices.length > 1 ? setInterval(() => show(++index), NOTICE_SECONDS * 1000) : null;
}

function startClock() {
  const tick = () => {
    const now = new Date();
    const time = clockTime(now);
    if ($('clock-time').textContent !== time) {
      $('clock-time').textContent = time;
      $('clock-date').textContent = clockDate(now);
    }
  };
  tick();
  setInterval(tick, 1000);
}

async function main() {
  announcer = createAnnouncer();
  // The counters' room changes when the other blocks fill or the fonts arrive: page again.
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(paginateTiles);
  }).observe($('counters'));
  // The services' rows change height with the second language and the fonts.
  let pendingWaiting = 0;
  const repageWaiting = () => {
    cancelAnimationFrame(pendingWaiting);
    pendingWaiting = requestAnimationFrame(paginateWaiting);
  };
  new ResizeObserver(repageWaiting).observe($('waiting'));
  document.addEventListener(LABELS_TURNED, repageWaiting);
  document.fonts.addEventListener('loadingdone', repageWaiting);
  startClock();
  await startScreen({ title: 'board.title', load, onSnapshot, onEvent, idle: () => !announcer.busy });
}

main();
