// The floor-map editor's words and its small form parts. Its words are the console's one
// catalog (server/admin/labels.json, through ../words.js): categories and line kinds are
// choices (choice.map_category.*, choice.edge_kind.*), marks' short names map.short.*.
import { h } from '/static/common/dom.js';
import { hasMessage, t } from '/static/common/i18n.js';
import { bi, choice } from '../words.js';

export { bi, both, en, korean, pair, refusal } from '../words.js';
export const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
export const floorName = (ordinal) => t(ordinal < 0 ? 'map.basement_floor' : 'map.floor', { n: Math.abs(ordinal) }, 'ko');
// "2층 민원동", or just "2층" when the level's name is its floor number again.
export const levelLabel = (l) => [...new Set([floorName(l.ordinal), ko(l.names)])].join(' ').trim();

// The categories each tool offers, in their order.
export const UNIT_CATEGORIES = ['office', 'room', 'lobby', 'meetingroom', 'restroom'];
export const AMENITY_CATEGORIES = ['elevator', 'stairs', 'escalator', 'restroom', 'certificate_machine', 'exit', 'information'];
export const OPENING_CATEGORIES = ['door', 'entrance'];
export const VERTICAL = ['elevator', 'stairs', 'escalator'];
// A category's Korean word ("사무실"), and options that show it with the code ("사무실 office").
export const categoryName = (category) => choice('map_category', category);
export const categoryOptions = (categories) => categories.map((c) => [c, `${categoryName(c)} ${c}`]);
export const edgeKindName = (kind) => choice('edge_kind', kind);
export const edgeKindOptions = (kinds) => kinds.map((k) => [k, `${edgeKindName(k)} ${k}`]);
// The few letters a mark shows on the plan ("EV", "계단"); '' for a category without them.
export const shortName = (category) => (hasMessage(`map.short.${category}`) ? t(`map.short.${category}`, {}, 'ko') : '');

let uid = 0;
// label: a catalog key
export function field(label, input) {
  input.id ||= `me${++uid}`;
  return h('label', { for: input.id }, bi(label), input);
}
export const select = (options, value, attrs = {}) => h('select', attrs, options.map(([v, text]) =>
  h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
// label: a catalog key (with its placeholders' `vars`)
export const button = (label, onclick, cls = '', vars = {}) => h('button', { type: 'button', class: cls, onclick }, bi(label, vars));
