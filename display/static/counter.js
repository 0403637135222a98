// The counter display: the number served at this counter and the officer on duty, as
// the charter's nameplate (photo, name, department, duty, phone), with "away until" and
// where to go meanwhile. Its device receives only this counter's events, so the officer
// and the other counters are fetched at start, on counter and presence changes, and at
// every health re-sync.
import { api } from '/static/common/api.js';
import { fill, h, replay } from '/static/common/dom.js';
import { clockTime, label, names, translated } from './bilingual.js';
import { portrait, presenceBadge } from './nameplate.js';
import { startScreen } from './screen.js';

const AT_COUNTER = new Set(['called', 'serving']);
const counterId = Number(document.body.dataset.counterId);
const state = { siteId: null, counters: [], staff: [], departments: new Map() };
const $ = (id) => document.getElementById(id);

const counter = () => state.counters.find((c) => c.id === counterId) || null;
const officer = () => {
  const here = counter();
  return here && here.open ? state.staff.find((p) => p.counter_number === here.number) || null : null;
};

// ---- rendering --------------------------------------------------------------------

function render() {
  const here = counter();
  if (!here) return;
  fill($('badge'), here.number);
  fill($('counter-name'), here.names && here.names.ko
    ? names(here.names) : label('counter.number', { n: here.number }));
  fill($('now-label'), label('counterscreen.now_serving'));
  renderNumber(false);
  fill($('officer-label'), label('counterscreen.officer'));
  renderOfficer();
  renderNotice();
}

function renderNumber(fresh) {
  const here = counter();
  const current = here?.current;
  const number = $('number');
  fill(number, current ? h('span', { class: 'cs-now__digits' }, current.display_number)
                       : label(here?.open ? 'counterscreen.none' : 'board.counter_closed', {},
                               { className: 'cs-now__none' }));
  if (fresh) replay(number, 'is-new');
}

function renderOfficer() {
  const person = officer();
  document.body.dataset.presence = person ? person.presence : 'none';
  $('officer').parentElement.hidden = !person;  // nobody on duty: no empty nameplate
  if (!person) {
    fill($('officer'));
    return;
  }
  const department = state.departments.get(person.department_id);
  fill($('officer'),
       portrait(person, 'portrait nameplate__photo'),
       h('div', { class: 'nameplate__text' },
         h('p', { class: 'nameplate__name', lang: 'ko' }, person.name),
         department ? names(department.names, { tag: 'p', className: 'nameplate__dept' }) : null,
         translated(person.duties, person.duty, { tag: 'p', className: 'nameplate__duty' }),
         person.phone ? label('phone', { phone: person.phone }, { tag: 'p', className: 'nameplate__phone' }) : null,
         presenceBadge(person)));
}

// Closed, or the officer is away: say so, when they return, and where to go meanwhile.
function renderNotice() {
  const here = counter();
  const person = officer();
  const notice = $('notice');
  const away = person && person.presence === 'away';
  if (here.open && !away) {
    notice.hidden = true;
    fill(notice);
    return;
  }
  const others = state.counters.filter((c) => c.id !== here.id && c.open
    && c.service_ids.some((id) => here.service_ids.includes(id)));
  const department = person && state.departments.get(person.department_id);
  fill(notice,
       h('p', { class: 'cs-notice__title' },
         label(away ? 'counterscreen.away' : 'counterscreen.closed'),
         away && person.away_until
           ? label('counterscreen.back_at', { time: clockTime(new Date(person.away_until)) },
                   { className: 'cs-notice__until' }) : null),
       others.length || department
         ? h('div', { class: 'cs-notice__meanwhile' },
             label('counterscreen.meanwhile', {}, { className: 'cs-notice__label' }),
             h('ul', { class: 'cs-notice__places' },
               others.map((c) => h('li', {}, c.names && c.names.ko
                 ? names(c.names) : label('counter.number', { n: c.number }),
                 translated(c.locations, c.location, { className: 'cs-notice__where' }))),
               !others.length && department
                 ? h('li', {}, label('counterscreen.ask', { phone: department.phone })) : null))
         : null);
  notice.hidden = false;
}

// ---- data -------------------------------------------------------------------------

async function load(me) {
  state.siteId = me.site_id;
  const [{ counters }, { departments }] = await Promise.all([
    api(`/counters?site_id=${me.site_id}`), api(`/departments?site_id=${me.site_id}`)]);
  state.counters = counters;
  state.departments = new Map(departments.map((d) => [d.id, d]));
  await loadStaff();
}

async function loadStaff() {
  state.staff = (await api(`/staff?site_id=${state.siteId}`)).staff;
  render();
}

function onSnapshot(snapshot) {
  state.counters = snapshot.counters;
  render();
}

function onEvent(event, { replayed }) {
  const { type, data } = event;
  const here = counter();
  if (!here) return;
  if (type === 'counter.opened' || type === 'counter.closed') {
    const changed = state.counters.find((c) => c.id === data.counter.id);
    if (changed) Object.assign(changed, data.counter);
    loadStaff().catch(() => {});  // who sits here now; presence changed with it
    render();
  } else if (type === 'staff.presence') {
    const index = state.staff.findIndex((p) => p.id === data.staff.id);
    if (index >= 0) state.staff[index] = data.staff;
    else state.staff.push(data.staff);
    render();
  } else if (type.startsWith('ticket.')) {
    const { ticket } = data;
    if (AT_COUNTER.has(ticket.status) && ticket.counter_id === here.id) {
      here.current = ticket;
      const isCall = type === 'ticket.called' || type === 'ticket.recalled';
      renderNumber(isCall && !replayed);
    } else if (here.current && here.current.id === ticket.id) {
      here.current = null;
      renderNumber(false);
    }
  }
}

startScreen({ title: 'counterscreen.now_serving', load, onSnapshot, onEvent });
