// An office: where it is (floor, room, phone), the way there from this kiosk (steps in
// the visitor's language, a step-free choice and, when the floors have plans, the route
// on a map), and its staff as on the charter's nameplates: photo, name, duty, counter and
// whether they are at their desk (in words and with an icon). Names are shown but not
// read aloud. Reached from the directory and from search.
import { api } from '/static/common/api.js';
import { fill, h } from '/static/common/dom.js';
import { msg, named } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { routeMaps } from '/static/common/routemap.js';
import { current, go, redraw } from '../router.js';
import { departmentById, serviceById, servicesOf, siteTimeZone } from '../state.js';
import { button, loadingNotice, notice, place, screenHead, serviceName } from '../parts.js';
import { when } from '../format.js';
import { loadingPart, speakPart } from '../voice.js';

const PRESENCE = {
  available: { text: msg('presence.available'), iconName: 'check' },
  away: { text: msg('presence.away'), iconName: 'clock' },
  closed: { text: msg('presence.closed'), iconName: 'closed' },
};

// Route steps come from the API in every kiosk language.
const stepText = (step) => ({ render: (lang) => step[lang] || (lang === 'ko' ? step.ko : step.en) });

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    const dept = departmentById(params.departmentId);
    const service = params.serviceId && serviceById(params.serviceId);
    const entry = current();
    const list = h('div', { class: 'staff-list' });
    const way = h('div', { class: 'route', id: 'route' });
    loadInto(params, 'staff', `/staff?department_id=${params.departmentId}`, entry,
      () => fillStaff(list, params.staff, params.staffId), () => list.replaceChildren(loadingNotice()));
    // Low screen (a wheelchair user): the step-free way unless the visitor turns it off.
    params.stepFree ??= document.documentElement.hasAttribute('data-low');
    const routeKey = params.stepFree ? 'routeStepFree' : 'route';
    const routeSection = h('section', { class: 'office-section' });
    // The step-free choice sits with the office's other controls (the ticket), so that in
    // low-screen mode at 200 % it is within reach below the low line, not under the route.
    const stepFree = h('button', { type: 'button', class: 'btn btn-tertiary toggle', 'data-key': 'step-free',
      'aria-pressed': String(Boolean(params.stepFree)), hidden: !params[routeKey] || params[routeKey].missing,
      onclick: () => { params.stepFree = !params.stepFree; params.readRoute = true; redraw(); } },
    icon('stepfree'), h('span', { text: msg('route.step_free') }),
    h('span', { class: 'toggle-state', text: params.stepFree ? msg('tools.on') : msg('tools.off') }));
    loadInto(params, routeKey, routeUrl(params), entry, () => {
      fillRoute(way, stepFree, params[routeKey], params);
      // The step-free choice was pressed: the new way is read, not the whole screen.
      if (params.readRoute) speakPart(routeSection);
      delete params.readRoute;
    }, () => way.replaceChildren(loadingNotice()));
    return h('div', { class: 'office' },
      screenHead(named(dept?.names), dept && place(dept)),
      h('div', { class: 'card office-card' },
        service && h('p', { class: 'office-service' }, icon('ticket'), h('span', { text: serviceName(service) })),
        dept?.phone && h('p', { class: 'ticket-line' }, icon('phone'),
          h('span', { text: msg('directory.phone', { phone: dept.phone }) })),
        h('div', { class: 'actions' },
          dept && servicesOf(dept.id).length > 0
            && button({ label: msg('office.take'), iconName: 'ticket', kind: 'secondary', key: 'office-take',
              onClick: () => go('services', { departmentId: dept.id }) }),
          stepFree)),
      fill(routeSection, h('h2', { text: msg('route.title') }), way),
      h('section', { class: 'office-section' },
        h('h2', { text: msg('office.staff') }),
        h('p', { class: 'intro', text: msg('staff.intro') }),
        list));
  },
};

function routeUrl(params) {
  return `/maps/route?to_department=${params.departmentId}${params.stepFree ? '&step_free=true' : ''}`;
}

// Data the screen reads when shown, kept in its params so a redraw does not read it again.
function loadInto(params, name, url, entry, draw, waiting) {
  if (params[name]) {
    queueMicrotask(draw);
    return;
  }
  waiting();
  const read = name.startsWith('route') ? readRoute(url) : api(url).then((body) => body.staff);
  loadingPart(read.then((value) => {
    params[name] = value;
    if (current() === entry) draw();
  }).catch(() => {}));   // offline: the connection notice says so
}

// {route} (with its map drawn for each floor walked on); {missing: true} when the office
// or this kiosk is not on the map.
async function readRoute(url) {
  try {
    return { route: await api(url) };
  } catch (error) {
    if (error.status === 404) return { missing: true };
    throw error;
  }
}

function fillRoute(box, stepFree, { route, missing }, params) {
  box.replaceChildren();
  // The step-free choice only where there is a way to choose between.
  stepFree.toggleAttribute('hidden', Boolean(missing));
  if (missing) {
    box.append(notice(msg('route.not_on_map')));
    return;
  }
  if (!route.found) {
    const reason = route.reason === 'only_with_steps' ? msg('route.only_with_steps')
      : msg('route.unreachable');
    box.append(notice(reason, { iconName: 'warn', tone: 'warning' }));
    return;
  }
  // The steps with the QR code of the same way beside them, then the plans.
  const [steps, ...maps] = wayThere(route);
  box.append(h('div', { class: 'route-guide' }, steps, phoneWay(route, params)), ...maps);
}

// A route found: its steps, then the plan of each floor walked on (also the way to the
// certificate machine, machine.js).
export function wayThere(route) {
  const steps = h('ol', { class: 'route-steps' },
    route.steps.map((step) => h('li', { class: `route-step route-step-${step.kind}`, text: stepText(step) })));
  if (!route.drawing?.length) return [steps];
  // The plans are for the eye: the voice guide reads the steps above them.
  const maps = routeMaps(route.drawing);
  maps.dataset.noSpeak = '';
  return [steps, maps];
}

// The same way on the visitor's phone: the QR code of its page (/v/route), from this
// kiosk's place on the map, in the kiosk's language (it follows a change of language) and
// with the step-free choice of the moment (a new choice draws the route, and this, again).
function phoneWay(route, params) {
  const query = (lang) => new URLSearchParams({ from: route.from.id, to: params.departmentId, lang,
    ...(params.stepFree ? { step_free: '1' } : {}) }).toString();
  return h('figure', { class: 'route-qr', 'data-link': { render: (lang) => `/v/route?${query(lang)}` } },
    h('img', { src: { render: (lang) => `/v/route/qr.svg?${query(lang)}` }, alt: msg('route.phone_alt'),
      width: 240, height: 240 }),
    h('figcaption', { text: msg('route.phone') }));
}

function fillStaff(list, staff, highlight) {
  list.replaceChildren();
  if (!staff.length) list.append(notice(msg('staff.none')));
  for (const person of staff) {
    const presence = PRESENCE[person.presence] || PRESENCE.closed;
    const chosen = person.id === highlight;
    list.append(h('article', { class: `card person${chosen ? ' person-chosen' : ''}`, 'data-staff-id': person.id },
      person.photo
        // The name is printed beside the photo, so the image itself needs no text.
        ? h('img', { class: 'person-photo', src: person.photo, alt: '' })
        : icon('person'),
      h('div', { class: 'person-body' },
        chosen && h('p', { class: 'tag tag-priority' }, icon('search'), h('span', { text: msg('office.found') })),
        h('p', { class: 'person-name', 'data-private': '', text: person.name }),
        person.duty && h('p', { class: 'person-duty', text: named(person.duties || { ko: person.duty }) }),
        person.counter_number && h('p', { text: msg('staff.counter', { n: person.counter_number }) }),
        h('p', { class: 'person-presence' }, icon(presence.iconName), h('span', { text: presence.text }),
          person.presence === 'away' && person.away_until
            && h('span', { text: msg('presence.back_at', { time: when(person.away_until, siteTimeZone()) }) })))));
  }
}
