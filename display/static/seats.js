// The office seat chart at each office door (the charter's second promise): every
// officer's photo, name, duty and phone, and who is in or away, live from the staff
// consoles. Presence also changes when an officer opens or leaves a counter, which
// sends a counter event: the list is fetched again then.
import { api } from '/static/common/api.js';
import { fill, h } from '/static/common/dom.js';
import { label, names, translated } from './bilingual.js';
import { portrait, presenceBadge } from './nameplate.js';
import { startScreen } from './screen.js';

const departmentId = Number(document.body.dataset.departmentId);
const state = { siteId: null, department: null, staff: [] };
const $ = (id) => document.getElementById(id);

function renderHead() {
  const department = state.department;
  fill($('kind'), label('seats.title'));
  fill($('department'), department ? names(department.names) : null);
  fill($('where'), department
         ? translated(department.rooms, department.room, { className: 'seats-head__room' }) : null,
       department && department.phone
         ? label('phone', { phone: department.phone }, { className: 'seats-head__phone' }) : null);
}

function renderSeats() {
  const n = state.staff.length;
  document.body.dataset.seats = n <= 3 ? 'few' : n <= 5 ? 'five' : n <= 10 ? 'ten' : 'many';
  fill($('seats'), state.staff.length ? state.staff.map(seat)
    : h('li', { class: 'seats__empty' }, label('seats.nobody')));
}

function seat(person) {
  return h('li', { class: `seat seat--${person.presence}`, dataset: { staff: person.id } },
    portrait(person, 'portrait seat__photo'),
    h('div', { class: 'seat__text' },
      h('p', { class: 'seat__name', lang: 'ko' }, person.name),
      translated(person.duties, person.duty, { tag: 'p', className: 'seat__duty' }),
      person.counter_number ? label('counter.number', { n: person.counter_number },
                                    { tag: 'p', className: 'seat__counter' }) : null,
      person.phone ? h('p', { class: 'seat__phone' }, person.phone) : null,
      presenceBadge(person)));
}

async function loadStaff() {
  const { staff } = await api(`/staff?site_id=${state.siteId}&department_id=${departmentId}`);
  state.staff = staff;
  renderSeats();
}

async function load(me) {
  state.siteId = me.site_id;
  const { departments } = await api(`/departments?site_id=${me.site_id}`);
  state.department = departments.find((d) => d.id === departmentId) || null;
  renderHead();
  await loadStaff();
}

function onEvent(event) {
  const { type, data } = event;
  if (type === 'staff.presence' && data.staff.department_id === departmentId) {
    const index = state.staff.findIndex((p) => p.id === data.staff.id);
    if (index >= 0) state.staff[index] = data.staff;
    else state.staff.push(data.staff);
    renderSeats();
  } else if (type === 'counter.opened' || type === 'counter.closed') {
    loadStaff().catch(() => {});
  }
}

// A snapshot means the screen was away long enough to miss things: fetch the people again.
const onSnapshot = () => { if (state.siteId) loadStaff().catch(() => {}); };

startScreen({ title: 'seats.title', load, onSnapshot, onEvent });
