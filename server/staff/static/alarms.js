// The counter's silent bell. The officer presses 비상벨 (or Ctrl+Alt+E, wherever the focus
// is): one press sends, with no dialog an aggressor could read; the officer's own screen
// shows only a small "sent" mark, a 취소(오작동) button for the first minute, and the
// recording reminder when the site asks for it. Every other console of the site shows a red
// banner with the counter and its place on the floor map until a supervisor clears it;
// supervisors' consoles also sound (if the site says so). The raising counter never sounds
// and never shows the banner: the visitor at it must not learn of it.
import { api } from '/static/common/api.js';
import { alarm as soundAlarm } from './attention.js';
import { $, fill, h, toast } from '/static/common/dom.js';
import { bi, both, names, refusal } from './labels.js';
import { notify } from './notify.js';
import { load, on, state } from './state.js';

let known = null;      // alarm ids seen; null until the first load (no sound for old ones)
let mine = null;       // the alarm this console raised: {alarm, reminder}
let sentTimer = null;

const myCounterId = () => state.desk?.counter?.id ?? null;
const raisedHere = (a) => a.counter.id === myCounterId() || a.raised_by.id === state.me?.id;

export async function raiseAlarm() {
  const counterId = myCounterId();
  if (!counterId) return;
  try {
    const sent = await api(`/counters/${counterId}/alarm`, { method: 'POST' });
    mine = { alarm: sent.alarm, reminder: sent.recording_reminder };
  } catch (error) {
    toast(refusal(error), { error: true });
    return;
  }
  renderSent();
  load('alarms').catch(() => {});
}

async function takeBack() {
  if (!mine) return;
  try {
    await api(`/alarms/${mine.alarm.id}/false-alarm`, { method: 'POST' });
    mine = null;
    toast(both('alarm.taken_back'));
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  renderSent();
  load('alarms').catch(() => {});
}

async function clearAlarm(alarm) {
  try {
    await api(`/alarms/${alarm.id}/clear`, { method: 'POST' });
  } catch (error) {
    toast(refusal(error), { error: true });
  }
  await load('alarms').catch(() => {});
}

// The officer's own discreet state: small, in the top bar, no red.
function renderSent() {
  const sent = $('bell-sent');
  clearTimeout(sentTimer);
  sent.hidden = !mine;
  $('bell').hidden = Boolean(mine) || !myCounterId();
  if (!mine) { fill(sent); return; }
  const left = Date.parse(mine.alarm.false_alarm_until) - Date.now();
  fill(sent,
       h('span', { class: 'bell-sent__mark' }, bi('alarm.sent')),
       left > 0 ? h('button', { type: 'button', class: 'quiet small', id: 'bell-cancel', onclick: takeBack },
                    bi('alarm.false_alarm')) : null,
       mine.reminder ? h('span', { class: 'bell-sent__reminder' }, bi('alarm.record')) : null);
  if (left > 0) sentTimer = setTimeout(renderSent, left + 100);
}

// A small plan of the floor with the counter's room marked (the plan is the map's own).
function miniMap(place) {
  if (!place?.plan || !place.width || !place.height) return null;
  const dot = h('span', { class: 'alarm-map__dot', 'aria-hidden': 'true' });
  dot.style.left = `${(100 * place.x) / place.width}%`;
  dot.style.top = `${(100 * place.y) / place.height}%`;
  const frame = h('div', { class: 'alarm-map' },
                  h('img', { src: place.plan, alt: `${place.floor} ${place.room}` }), dot);
  frame.style.aspectRatio = `${place.width} / ${place.height}`;
  return frame;
}

function counterLabel(counter) {
  return [bi('setup.counter', { n: counter.number }), counter.names?.ko ? [' ', names(counter.names)] : null];
}

function render(alarms) {
  const banner = $('alarms');
  const shown = alarms.filter((a) => !raisedHere(a));
  banner.hidden = shown.length === 0;
  fill(banner, shown.map((a) => h('div', { class: 'banner__row', dataset: { alarmId: a.id } },
    h('span', { class: 'banner__icon', 'aria-hidden': 'true' }, '!'),
    h('p', { class: 'banner__text' },
      h('strong', {}, bi('alarm.banner'), ' · ', h('span', { class: 'alarm-counter' }, counterLabel(a.counter))),
      h('span', { class: 'banner__detail' },
        h('span', { class: 'ko alarm-place' }, a.place ? `${a.place.floor} ${a.place.room}` : a.counter.location), ' ',
        h('span', {}, a.raised_by.name), ' ',
        h('time', { class: 'wait', dataset: { since: a.raised_at } }))),
    miniMap(a.place),
    state.supervisor ? h('button', { type: 'button', class: 'primary', onclick: () => clearAlarm(a) },
                         bi('alarm.clear')) : null)));
  return shown;
}

export function setUpAlarms() {
  $('bell').addEventListener('click', raiseAlarm);
  // The chord works wherever the focus is (a field, a dialog): an emergency does not wait.
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey && event.altKey && !event.metaKey && !event.repeat && event.code === 'KeyE') {
      event.preventDefault();
      raiseAlarm();
    }
  }, { capture: true });
  on('desk', () => { if (!mine) $('bell').hidden = !myCounterId(); });
  on('alarms', (s) => {
    if (mine && !s.alarms.some((a) => a.id === mine.alarm.id)) { mine = null; renderSent(); }
    const shown = render(s.alarms);
    const fresh = known ? shown.filter((a) => !known.has(a.id)) : [];
    known = new Set(s.alarms.map((a) => a.id));
    if (!fresh.length) return;
    const title = both('alarm.banner');
    const where = `${both('setup.counter', { n: fresh[0].counter.number })} ${fresh[0].place?.room || fresh[0].counter.location}`;
    if (state.supervisor && s.alarmSettings.sound) soundAlarm(title, where, 'sunbeon-bell');
    else notify(title, where, 'sunbeon-bell');
  });
}
