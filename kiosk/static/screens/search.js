// Find an office or a person by name or duty. A full on-screen Korean keyboard is heavy
// for a kiosk, so: type on a physical keyboard (any kiosk language, Hangul through the
// system's input method), or tap initial consonants on a compact pad (ㅁㅇ finds
// 민원지적과): the search API matches a consonant against any syllable that starts with it.
// Results (departments, services, staff) lead to the office screen (staff.js).
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { bindAttr, msg, named } from '/static/common/i18n.js';
import { icon } from '../icons.js';
import { current, go } from '../router.js';
import { notice, option, options, place, screenHead } from '../parts.js';
import { speakScreen } from '../voice.js';

const CONSONANTS = ['ㄱ', 'ㄴ', 'ㄷ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅅ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
const SHOWN = 9;            // digit keys choose results 1-9
const DEBOUNCE_MS = 250;

export default {
  timeout: 'screen',
  live: false,
  render(params) {
    params.q ||= '';
    const input = h('input', { type: 'search', id: 'search-input', class: 'search-input',
      autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'search', maxlength: '50' });
    bindAttr(input, 'aria-label', msg('search.label'));
    input.value = params.q;
    const results = h('div', { class: 'search-results', id: 'search-results', 'aria-live': 'polite' });
    const ui = { input, results, params, timer: null, entry: current() };
    input.addEventListener('input', () => changed(ui, input.value));
    const pad = h('div', { class: 'consonant-pad', role: 'group' },
      CONSONANTS.map((c) => h('button', { type: 'button', class: 'btn btn-secondary consonant',
        'data-key': `jamo-${c}`, lang: 'ko', onclick: () => changed(ui, input.value + c) }, c)),
      h('button', { type: 'button', class: 'btn btn-tertiary consonant-wide', 'data-key': 'search-erase',
        onclick: () => changed(ui, [...input.value].slice(0, -1).join('')) },
      icon('back'), h('span', { text: msg('search.erase') })),
      h('button', { type: 'button', class: 'btn btn-tertiary consonant-wide', 'data-key': 'search-clear',
        onclick: () => changed(ui, '') }, h('span', { text: msg('search.clear') })));
    bindAttr(pad, 'aria-label', msg('search.pad'));
    if (params.results) draw(ui, params.results);
    else results.append(notice(msg('search.hint')));
    return h('div', { class: 'search' },
      screenHead(msg('search.title'), msg('search.intro')),
      h('div', { class: 'search-box' }, icon('search'), input),
      pad,
      results);
  },
};

function changed(ui, value) {
  ui.input.value = value;
  ui.params.q = value;
  clearTimeout(ui.timer);
  ui.timer = setTimeout(() => find(ui), DEBOUNCE_MS);
}

async function find(ui) {
  const q = ui.params.q.trim();
  if (!q) {
    ui.params.results = null;
    ui.results.replaceChildren(notice(msg('search.hint')));
    return;
  }
  try {
    const { results } = await api(`/maps/search?q=${encodeURIComponent(q)}`);
    if (current() !== ui.entry || ui.params.q.trim() !== q) return;   // typed on meanwhile
    ui.params.results = results;
    draw(ui, results);
    speakScreen();
  } catch (error) {
    if (current() !== ui.entry) return;
    ui.results.replaceChildren(notice(msg('search.failed'), { iconName: 'warn', tone: 'warning' }));
  }
}

function draw(ui, results) {
  ui.results.replaceChildren();
  if (!results.length) {
    ui.results.append(notice(msg('search.none')));
    return;
  }
  ui.results.append(h('p', { class: 'intro', text: msg('search.count', { n: results.length }) }),
    options(results.slice(0, SHOWN).map((result, i) => resultOption(result, i + 1)), 'options-grid'));
  if (results.length > SHOWN) ui.results.append(notice(msg('search.more')));
}

function resultOption(result, n) {
  const where = place({ floor: result.floor, room: result.room, rooms: result.rooms });
  const open = (extra) => go('staff', { departmentId: result.department_id, ...extra });
  if (result.type === 'staff') {
    const item = option({ n, key: `result-staff-${result.id}`, iconName: 'person', label: result.name,
      details: [result.duty && named(result.duties || { ko: result.duty }), named(result.department_names), where],
      onClick: () => open({ staffId: result.id }) });
    item.querySelector('.option-label').setAttribute('data-private', '');   // names are not read aloud
    return item;
  }
  if (result.type === 'service') {
    return option({ n, key: `result-service-${result.id}`, iconName: 'ticket', label: named(result.names),
      details: [named(result.department_names), where], onClick: () => open({ serviceId: result.id }) });
  }
  return option({ n, key: `result-department-${result.id}`, iconName: 'map', label: named(result.names),
    details: [where, result.phone && msg('directory.phone', { phone: result.phone })], onClick: () => open({}) });
}
