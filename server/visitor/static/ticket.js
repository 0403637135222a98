// The visitor's live ticket on their phone. It polls its own ticket every 10 seconds
// (and at once when the phone wakes the page): a phone has no token to join the live
// rooms, and one small GET per visitor is cheap, so there is no anonymous socket.
import { addCatalog, listed, LOCALES, named as nameValue, showText, t as msg, translation,
  useLanguage } from '/static/common/i18n.js';
import { routeMaps } from '/static/common/routemap.js';

const POLL_MS = 10000;
const main = document.getElementById('main');
const code = main.dataset.code;
// The page's language and its catalog come with the page (server/visitor/i18n).
const pageLanguage = document.documentElement.lang;
addCatalog(pageLanguage, JSON.parse(document.getElementById('messages').textContent));
useLanguage(pageLanguage);
const $ = (id) => document.getElementById(id);
const api = `/api/v1/visitor/tickets/${encodeURIComponent(code)}`;

let ticket = null;
let spoken = '';      // the last sentence given to the live region: only changes are read
let timer = null;
// "I have stepped away" is the phone's own note (the server only needs to hear "on my way
// back"); it lasts as long as the page's tab.
const awayKey = `sunbeon.away.${code}`;
let steppedAway = remembered(awayKey);

function remembered(key) {
  try { return sessionStorage.getItem(key) === '1'; } catch { return false; }
}

function remember(key) {
  try { sessionStorage.setItem(key, '1'); } catch { /* private mode: this page only */ }
}

// A time on the site's clock (Korean time), with the zone named when the phone's own
// clock shows another time: a visitor abroad must not read 07:05 for 14:05.
function siteTime(date, zone) {
  const locale = LOCALES[document.documentElement.lang] || 'ko-KR';
  const time = date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
  const wallClock = (timeZone) => date.toLocaleString('en-GB', { timeZone });
  return wallClock(zone) === wallClock(undefined) ? time : msg('time.site_zone', { time });
}

// A name in the visitor's language, Korean where it is not translated (i18n.js decides,
// and tags such Korean lang="ko" so that it is read with a Korean voice).
function named(names, tag = 'span') {
  return showText(document.createElement(tag), nameValue(names));
}

// Words and names in one line, in a span.
function line(...parts) {
  const span = document.createElement('span');
  span.append(...parts);
  return span;
}

function place(view) {
  const dept = view.department;
  if (view.counter && ['called', 'serving', 'held'].includes(view.status)) {
    const { counter } = view;
    return line(`${msg('place.counter', { n: counter.number })} (${msg('place.floor', { n: counter.floor })}`,
                ...(counter.location ? [' · ', named(counter.locations || { ko: counter.location })] : []),
                ')');
  }
  const parts = [named(dept.names), msg('place.floor', { n: dept.floor }),
                 named(dept.rooms || { ko: dept.room })]
    .filter((part) => (typeof part === 'string' ? part : part.textContent));
  return line(...parts.flatMap((part, i) => (i ? [' · ', part] : [part])));
}

// The expected wait: why there is none, a range when it is wide, or one figure.
function waitFact(view) {
  const estimate = view.estimate || { minutes: view.estimated_minutes };
  if (estimate.minutes == null) return msg('fact.wait_no_counter');
  if (estimate.low != null && estimate.low !== estimate.high) {
    return msg('fact.wait_range', { low: estimate.low, high: estimate.high });
  }
  return estimate.minutes < 1 ? msg('fact.wait_soon') : msg('fact.wait_value', { n: estimate.minutes });
}

function sentence(view) {
  switch (view.status) {
    case 'waiting':
      if (view.estimated_minutes == null) return msg('state.waiting_no_counter');
      if (view.people_ahead === 0) return msg('state.waiting_next');
      // An estimate of 0 with people ahead means a free counter: "soon", not "0 min".
      return view.estimated_minutes < 1 ? msg('state.waiting_soon', { n: view.people_ahead })
        : msg('state.waiting', { n: view.people_ahead, m: view.estimated_minutes });
    case 'called': return msg('state.called', { n: view.counter?.number ?? '' });
    default: return msg(`state.${view.status}`);
  }
}

// One fact, its label above its value on a phone (a label beside it left the value a
// few letters wide). `half` facts sit two to a row.
function fact(term, value, { half = false, name = '' } = {}) {
  const group = document.createElement('div');
  group.className = `fact${half ? ' fact-half' : ''}`;
  if (name) group.dataset.fact = name;
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  if (value instanceof Node) dd.append(value);
  else dd.textContent = value;
  group.append(dt, dd);
  return group;
}

// The route from the kiosk where the ticket was taken, one step a line, and under it the
// kiosk's own route map (read once: the way does not change while the ticket waits).
let wayMap = null;
let wayMapAsked = false;

function way(steps) {
  const list = document.createElement('ol');
  list.className = 'way';
  list.replaceChildren(...steps.map((step) => {
    return named(step, 'li');
  }));
  const group = fact(msg('fact.way'), list, { name: 'way' });
  if (wayMap) group.querySelector('dd').append(wayMap);
  else loadWayMap();
  return group;
}

async function loadWayMap() {
  if (wayMapAsked) return;
  wayMapAsked = true;
  try {
    const response = await fetch(`${api}/route-map`, { headers: { Accept: 'application/json' },
      credentials: 'omit' });
    if (!response.ok) return;      // no map for this way: the steps say it all
    const { drawing } = await response.json();
    if (!drawing.length) return;
    wayMap = routeMaps(drawing);
    document.querySelector('[data-fact=way] dd')?.append(wayMap);
  } catch { /* offline: the steps remain */ }
}

// What to bring, the fee and who may apply, as the site wrote them for the service: the
// whole list (the paper ticket has the first few), Korean where it is not translated.
function guideFacts(view) {
  const facts = [];
  const documents = listed(view.documents, pageLanguage);
  if (documents.length) {
    const list = document.createElement('ul');
    list.className = 'documents';
    list.replaceChildren(...documents.map((item) => showText(document.createElement('li'), item)));
    facts.push(fact(msg('fact.documents'), list, { name: 'documents' }));
  }
  for (const name of ['fee', 'who_may_apply']) {
    if (translation(view[name], 'ko')) facts.push(fact(msg(`fact.${name}`), named(view[name]), { name }));
  }
  return facts;
}

// The office's number as a link that dials it, never broken across lines.
function phoneLink(number) {
  const link = document.createElement('a');
  link.className = 'tel';
  link.href = `tel:${number.replace(/[^0-9+]/g, '')}`;
  link.textContent = number;
  return link;
}

function render(view) {
  ticket = view;
  $('loading').hidden = true;
  $('ticket').hidden = false;
  $('number').textContent = view.display_number;
  showText($('service'), nameValue(view.service_names));
  const said = sentence(view);
  $('state').textContent = said;
  $('state').dataset.status = view.status;
  // The status sentence above says the status; the facts say the rest.
  const facts = [];
  if (view.status === 'waiting') {
    facts.push(fact(msg('fact.ahead'), msg('fact.ahead_value', { n: view.people_ahead }),
      { half: true, name: 'ahead' }));
    facts.push(fact(msg('fact.wait'), waitFact(view), { half: true, name: 'wait' }));
  }
  if (!['done', 'cancelled', 'no_show'].includes(view.status)) {
    facts.push(fact(msg('fact.place'), place(view), { name: 'place' }));
  }
  if (view.way?.length) facts.push(way(view.way));
  if (!['done', 'cancelled', 'no_show'].includes(view.status)) facts.push(...guideFacts(view));
  if (view.department.phone) {
    facts.push(fact(msg('fact.phone'), phoneLink(view.department.phone), { name: 'phone' }));
  }
  $('facts').replaceChildren(...facts);
  $('returning-note').hidden = !view.returning || !['waiting', 'called', 'held'].includes(view.status);
  $('actions').hidden = !(view.can_return || view.can_cancel);
  // When "on my way back" is offered is the server's rule (return_offer).
  const offer = view.return_offer;
  $('away').hidden = offer !== 'after_away' || steppedAway;
  $('away-note').hidden = offer !== 'after_away' || !steppedAway;
  $('return').hidden = !(offer === 'now' || (offer === 'after_away' && steppedAway));
  $('cancel').hidden = !view.can_cancel || !$('confirm').hidden;
  if (!view.can_cancel) $('confirm').hidden = true;
  renderRating(view.rating);
  $('feedback').hidden = false;
  if (said !== spoken) {        // a screen reader hears each change once
    if (view.status === 'called') $('alert').textContent = said;
    else $('announce').textContent = said;
    spoken = said;
  }
  $('updated').textContent = msg('status.updated', { time: siteTime(new Date(), view.timezone) });
}

function renderRating(rating) {
  $('rating').hidden = !rating.allowed;
  $('thanks').hidden = !rating.given;
  const box = $('reasons');
  if (rating.allowed && !box.childElementCount) {
    box.replaceChildren(...rating.reasons.map((reason) => {
      const label = document.createElement('label');
      label.className = 'reason';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.name = 'reasons';
      input.value = reason;
      label.append(input, ' ', msg(`rating.reason.${reason}`));
      return label;
    }));
  }
}

function expire() {
  // The link is over (day end, or an unknown code): show nothing of the ticket.
  clearTimeout(timer);
  for (const id of ['loading', 'ticket', 'actions', 'rating', 'thanks', 'feedback', 'updated']) $(id).hidden = true;
  $('number').textContent = '';
  $('facts').replaceChildren();
  $('expired').hidden = false;
  $('announce').textContent = msg('ticket.expired');
}

async function call(path = '', options = {}) {
  const response = await fetch(api + path, {
    // Every action is JSON, with or without a body, like every write to the API.
    headers: { Accept: 'application/json', ...(options.method ? { 'Content-Type': 'application/json' } : {}) },
    credentials: 'omit', cache: 'no-store', ...options,
  });
  const payload = await response.json().catch(() => ({}));
  if (response.status === 404) { expire(); return null; }
  if (!response.ok) throw Object.assign(new Error(payload.message), { code: payload.error });
  return payload;
}

async function refresh() {
  clearTimeout(timer);
  try {
    const payload = await call();
    if (!payload) return;
    render(payload.ticket);
  } catch (error) {
    $('updated').textContent = msg('status.offline');
  }
  timer = setTimeout(refresh, POLL_MS);
}

async function act(path, options, after) {
  try {
    const payload = await call(path, { method: 'POST', ...options });
    if (payload) { after?.(payload); await refresh(); }
  } catch (error) {
    $('alert').textContent = msg(`error.${error.code}`) === `error.${error.code}` ? msg('error.generic') : msg(`error.${error.code}`);
    await refresh();
  }
}

$('away').addEventListener('click', () => {
  steppedAway = true;
  remember(awayKey);
  if (ticket) render(ticket);
  $('away-note').focus();
});
$('return').addEventListener('click', () => act('/returning', {}, () => {
  $('announce').textContent = msg('return.recorded');
}));
$('cancel').addEventListener('click', () => {
  $('cancel').hidden = true;
  $('confirm').hidden = false;
  $('confirm-text').focus();
});
$('cancel-no').addEventListener('click', () => {
  $('confirm').hidden = true;
  $('cancel').hidden = false;
  $('cancel').focus();
});
$('cancel-yes').addEventListener('click', () => act('/cancel', {}, () => {
  $('confirm').hidden = true;
  $('announce').textContent = msg('cancel.done');
}));
$('rating-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { score: Number(form.get('score')), reasons: form.getAll('reasons') };
  act('/rating', { body: JSON.stringify(body) }, () => $('thanks').focus());
});
// Feedback: a complaint needs its ground; an address needs the visitor's consent.
$('feedback-open').addEventListener('click', () => {
  const open = $('feedback-form').hidden;
  $('feedback-form').hidden = !open;
  $('feedback-open').setAttribute('aria-expanded', String(open));
});
$('feedback-form').addEventListener('change', (event) => {
  if (event.target.name !== 'kind') return;
  const complaint = event.target.value === 'complaint';
  $('grounds').hidden = !complaint;
  for (const input of $('grounds').querySelectorAll('input')) input.required = complaint;
});
$('feedback-email').addEventListener('input', () => {
  $('feedback-consent').required = $('feedback-email').value.trim() !== '';
});
$('feedback-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const email = form.get('email').trim();
  const body = { kind: form.get('kind'), text: form.get('text').trim(),
    lang: document.documentElement.lang };
  if (body.kind === 'complaint') body.ground = form.get('ground');
  if (email) Object.assign(body, { email, consent: form.get('consent') === 'on' });
  act('/feedback', { body: JSON.stringify(body) }, () => {
    event.target.reset();
    event.target.hidden = true;
    $('feedback-open').hidden = true;
    $('feedback-thanks').hidden = false;
    $('feedback-thanks').focus();
  });
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') refresh();
});

refresh();
