// The floor directory by each elevator (the charter's first promise): this floor's
// offices with their rooms, phones and services, "you are here", and the other floors.
// Live: people waiting per office and whether each service takes visitors now.
// Above the list, this floor's plan from the floor map (when it has one) with "you are
// here" and the offices. "You are here" is where the admin placed this screen on the map,
// else this floor's elevator (directory screens hang by it); each office of this floor
// has its way from there, the same route steps a kiosk gives.
import { api } from '/static/common/api.js';
import { fill, h } from '/static/common/dom.js';
import { label, names, textIn, translated } from './bilingual.js';
import { startScreen } from './screen.js';

const floor = Number(document.body.dataset.floor);
// When this floor's offices do not fit the screen, they are shown a page at a time.
const PAGE_SECONDS = 12;
const state = { config: {}, departments: [], services: [], queues: new Map(), counters: [],
                level: null, features: [], here: null, routes: new Map(), page: 0 };
const $ = (id) => document.getElementById(id);

function render() {
  fill($('floor-label'), label('floor', { n: floor }));
  fill($('title'), label('directory.title'));
  fill($('here'), h('span', { class: 'dir-here__pin', 'aria-hidden': 'true' }),
       label('directory.you_are_here', {}, { className: 'dir-here__label' }),
       hereName());
  fill($('offices-label'), label('directory.offices'));
  renderMap();
  fill($('floors-label'), label('directory.other_floors'));
  renderOffices();
  renderFloors();
}

// The admin's words for this place, else the placed screen's name, else "by the elevator".
function hereName() {
  if (state.config.place) return h('span', { class: 'dir-here__place', lang: 'ko' }, state.config.place);
  if (state.here?.placed && state.here.names?.ko) {
    return names(state.here.names, { className: 'dir-here__place' });
  }
  return label('directory.elevator', {}, { className: 'dir-here__place' });
}

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

// The plan as an image, with an SVG layer of the same size (plan pixels) for the marks.
function renderMap() {
  const level = state.level;
  $('map-section').hidden = !level?.image;
  if (!level?.image) return;
  fill($('map-label'), label('directory.map'));
  const here = state.here?.level_id === level.id ? state.here
    : state.features.find((f) => f.feature_type === 'amenity' && f.category === 'elevator');
  const offices = state.features.filter((f) => f.feature_type === 'unit' && f.department_id);
  const byId = new Map(state.departments.map((d) => [d.id, d]));
  const size = Math.max(level.width, level.height) / 60;      // marks scale with the plan
  const marks = svg('svg', { class: 'dir-map__marks', viewBox: `0 0 ${level.width} ${level.height}`,
                             'aria-hidden': 'true' },
    ...offices.map((f) => svg('g', { class: 'dir-map__office', 'data-department': f.department_id },
      svg('circle', { cx: f.x, cy: f.y, r: size * 0.6 }),
      svg('text', { x: f.x, y: f.y + size * 1.8, 'font-size': size, 'text-anchor': 'middle' },
          byId.get(f.department_id)?.names?.ko || f.names?.ko || ''))),
    here ? svg('g', { class: 'dir-map__here', 'data-placed': String(Boolean(here.placed)) },
      svg('circle', { cx: here.x, cy: here.y, r: size }),
      svg('text', { x: here.x, y: here.y + size * 2.4, 'font-size': size * 1.2, 'text-anchor': 'middle' },
          textIn('ko', 'directory.you_are_here'))) : '');
  const plan = fill($('map'), h('img', { src: level.image, alt: '' }), marks);
  // As large as its frame allows with the plan's proportions, so that the marks' layer
  // lies exactly over the image.
  plan.style.aspectRatio = `${level.width} / ${level.height}`;
  plan.style.width = `min(100cqw, 100cqh * ${level.width} / ${level.height})`;
}

function renderOffices() {
  const here = state.departments.filter((d) => d.floor === floor);
  fill($('offices'), here.length ? here.map(office)
    : h('li', { class: 'dir-empty' }, label('directory.no_offices')));
  paginate();
}

// A wall screen cannot scroll, and a directory shows the whole floor at a glance: when the
// offices with their services do not all fit, the cards drop the service rows (each keeps
// its room, phone, open counters and people waiting); only when even that does not fit
// are they split into pages shown in turn, with "1/2" beside the heading.
// In portrait the floor plan then gives way, as far as needed, down to PLAN_LEAST_SHARE of
// the screen's height.
const PLAN_LEAST_SHARE = 0.18;

function paginate() {
  const list = $('offices');
  const cards = [...list.children];
  cards.forEach((card) => { card.hidden = false; });
  document.body.style.removeProperty('--dir-map-height');
  list.classList.remove('is-compact');
  const fits = () => {
    const bottom = list.parentElement.getBoundingClientRect().bottom;
    return cards.every((card) => card.getBoundingClientRect().bottom <= bottom + 1);
  };
  if (!fits()) list.classList.add('is-compact');
  const frame = document.querySelector('.dir-map__frame');
  if (!fits() && frame && frame.getClientRects().length
      && matchMedia('(orientation: portrait)').matches) {
    // Only as much as the offices need: the plan stays as large as the screen allows.
    const bottom = list.parentElement.getBoundingClientRect().bottom;
    const over = Math.max(...cards.map((card) => card.getBoundingClientRect().bottom)) - bottom;
    const least = innerHeight * PLAN_LEAST_SHARE;
    const height = Math.max(least, frame.getBoundingClientRect().height - over - 8);
    document.body.style.setProperty('--dir-map-height', `${Math.floor(height)}px`);
  }
  const bottom = list.parentElement.getBoundingClientRect().bottom;
  const room = bottom - list.getBoundingClientRect().top;
  const pages = [];
  if (fits()) {
    pages.push(cards);
  } else {
    const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    let used = Infinity;
    for (const card of cards) {
      const height = card.offsetHeight;
      if (used + gap + height > room) { pages.push([]); used = -gap; }
      pages.at(-1).push(card);
      used += gap + height;
    }
  }
  state.page %= Math.max(pages.length, 1);
  pages.forEach((page, i) => page.forEach((card) => { card.hidden = i !== state.page; }));
  fill($('offices-page'), pages.length > 1 ? `${state.page + 1}/${pages.length}` : '');
  list.dataset.pages = pages.length;
}

setInterval(() => {
  if (Number($('offices').dataset.pages) > 1) {
    state.page += 1;
    paginate();
  }
}, PAGE_SECONDS * 1000);

function office(department) {
  const services = state.services.filter((s) => s.department_id === department.id);
  const waiting = services.reduce((sum, s) => sum + (state.queues.get(s.id)?.waiting || 0), 0);
  const serviceIds = new Set(services.map((s) => s.id));
  const open = state.counters.filter((c) => c.open && c.service_ids.some((id) => serviceIds.has(id)));
  return h('li', { class: 'office', dataset: { department: department.id } },
    h('div', { class: 'office__head' },
      h('h3', { class: 'office__name' }, names(department.names)),
      h('p', { class: 'office__where' },
        translated(department.rooms, department.room, { className: 'office__room' }),
        department.phone ? label('phone', { phone: department.phone }, { className: 'office__phone' }) : null),
      services.length ? h('p', { class: 'office__live' },
        label('board.waiting_people', { n: waiting }, { className: 'office__waiting' }),
        label('directory.counters_open', { n: open.length }, { className: 'office__counters' })) : null),
    way(state.routes.get(department.id)),
    services.length ? h('ul', { class: 'office__services' }, services.map(serviceRow)) : null);
}

// The way from this screen, step by step, each step in Korean and the second language.
function way(route) {
  if (!route?.steps?.length) return null;
  return h('div', { class: 'office__way' },
    label('directory.way', {}, { className: 'office__way-label' }),
    h('ol', { class: 'office__steps' },
      route.steps.map((step) => h('li', { class: `office__step office__step--${step.kind}` }, names(step)))));
}

function serviceRow(service) {
  const queue = state.queues.get(service.id) || { waiting: 0 };
  const availability = queue.availability || service.availability || { open: true };
  return h('li', { class: `service${availability.open ? '' : ' is-closed'}` },
    h('span', { class: 'service__icon', 'aria-hidden': 'true' }),
    names(service.names, { className: 'service__name' }),
    label(availability.open ? 'service.open' : `service.${availability.reason}`, {},
          { className: 'service__state' }),
    label('board.waiting_people', { n: queue.waiting }, { className: 'service__waiting' }));
}

function renderFloors() {
  const floors = [...new Set(state.departments.map((d) => d.floor))].filter((f) => f !== floor)
    .sort((a, b) => a - b);
  fill($('floors'), floors.map((other) => h('li', { class: 'floor' },
    label('floor', { n: other }, { className: 'floor__number' }),
    h('ul', { class: 'floor__offices' }, state.departments.filter((d) => d.floor === other).map((d) =>
      h('li', {}, names(d.names, { className: 'floor__office' }),
        translated(d.rooms, d.room, { className: 'floor__room' })))))));
}

async function load(me) {
  state.me = me;
  state.config = me.config || {};
  const [{ departments }, { services }, map, directory] = await Promise.all([
    api(`/departments?site_id=${me.site_id}`), api(`/services?site_id=${me.site_id}`),
    api(`/maps?site_id=${me.site_id}`),
    api(`/maps/directory?from_device=${me.id}&floor=${floor}`)]);
  state.departments = departments;
  state.services = services;
  state.here = directory.here;
  state.routes = new Map(directory.floors.flatMap((f) => f.departments)
    .filter((d) => d.route).map((d) => [d.id, d.route]));
  state.level = map.levels.find((l) => l.ordinal === floor) || null;
  state.features = map.features.filter((f) => f.level_id === state.level?.id);
  render();
}

function onSnapshot(snapshot) {
  state.queues = new Map(snapshot.services.map((s) => [s.service_id, s]));
  state.counters = snapshot.counters;
  renderOffices();
}

function onEvent(event) {
  const { type, data } = event;
  for (const queue of data.queues || []) {
    state.queues.set(queue.service_id, { ...state.queues.get(queue.service_id), ...queue });
  }
  if (type === 'counter.opened' || type === 'counter.closed') {
    const changed = state.counters.find((c) => c.id === data.counter.id);
    if (changed) Object.assign(changed, data.counter);
  }
  if (data.queues || data.counter) renderOffices();
}

// The offices' room changes when the plan and the fonts arrive: measure again then.
let measuring = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(measuring);
  measuring = requestAnimationFrame(paginate);
}).observe($('offices').parentElement);

startScreen({ title: 'directory.title', load, onSnapshot, onEvent });
