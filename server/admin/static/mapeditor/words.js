// The floor-map editor's words (Korean, with English) and its small form parts.
import { h } from '/static/common/dom.js';
import { bi } from '../words.js';

export { bi, en, refusal } from '../words.js';
export const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
export const floorName = (ordinal) => (ordinal < 0 ? `지하 ${-ordinal}층` : `${ordinal}층`);
// "2층 민원동", or just "2층" when the level's name is its floor number again.
export const levelLabel = (l) => [...new Set([floorName(l.ordinal), ko(l.names)])].join(' ').trim();

export const UNIT_CATEGORIES = [['office', '사무실'], ['room', '방'], ['lobby', '로비'], ['meetingroom', '회의실'], ['restroom', '화장실']];
export const AMENITY_CATEGORIES = [['elevator', '엘리베이터'], ['stairs', '계단'], ['escalator', '에스컬레이터'],
  ['restroom', '화장실'], ['certificate_machine', '무인 민원 발급기'], ['exit', '출구'], ['information', '안내']];
export const VERTICAL = ['elevator', 'stairs', 'escalator'];
export const SHORT = { elevator: 'EV', stairs: '계단', escalator: 'ES', restroom: 'WC', certificate_machine: '발급기',
  exit: '출구', information: '안내', office: '사무실', room: '방', lobby: '로비', meetingroom: '회의실', door: '문', entrance: '입구' };
export const CATEGORY_KO = Object.fromEntries([...UNIT_CATEGORIES, ...AMENITY_CATEGORIES, ['kiosk', '키오스크'], ['door', '문'], ['entrance', '입구']]);
export const EDGE_KO = { walkway: '통로', ramp: '경사로', elevator: '엘리베이터', stairs: '계단', escalator: '에스컬레이터' };

let uid = 0;
export function field(label, input) {
  input.id ||= `me${++uid}`;
  return h('label', { for: input.id }, bi(label), input);
}
export const select = (options, value, attrs = {}) => h('select', attrs, options.map(([v, text]) =>
  h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
// label: a catalog key (with its placeholders' `vars`)
export const button = (label, onclick, cls = '', vars = {}) => h('button', { type: 'button', class: cls, onclick }, bi(label, vars));
