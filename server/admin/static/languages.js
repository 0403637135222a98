// One field kept in every kiosk language (a name, a room, a duty, a page): Korean first,
// the other five after it, each marked "번역 없음 · Not translated" while it is empty and
// the Korean is not. Nothing here stops a save: the kiosk shows what is missing in Korean,
// and the server answers which translations a saved record lacks (missing_translations).
//
//   const field = languageFields({ id, title, value, required, long, lines });
//   field.element, field.read() -> {ko, en, ...}, field.inputs (lang -> input)
// `lines`: a list per language (documents to bring), one item a line: value and read()
// are {lang: [item, ...]}.
import { h } from '/static/common/dom.js';
import { LANGUAGES } from '/static/common/i18n.js';
import { bi, both, choice, en } from './words.js';

const OTHERS = LANGUAGES.filter((lang) => lang !== 'ko');
// The languages a record lacks, in the kiosk's order (the server's JSON sorts its keys).
const lacking = (missing) => OTHERS.filter((lang) => missing?.[lang]?.length);

// What a record lacks, as the server said it ({lang: [field]}): "베트남어 Vietnamese (업무 이름)";
// `title` names a field.
export function missingSummary(missing, title = (field) => field) {
  return lacking(missing).map((lang) =>
    `${choice('lang', lang, 'ko')} ${choice('lang', lang, 'en')} (${missing[lang].map(title).join(', ')})`).join(' · ');
}

// Saved, but not in every language: the notice each form shows after such a save, never
// in the way of saving; `onClose` hears it dismissed.
export function untranslatedNotice(missing, title, onClose = () => {}) {
  if (!lacking(missing).length) return '';
  const notice = h('div', { class: 'card translation-notice', role: 'status' },
    h('p', {}, bi('translations.saved_missing')),
    h('p', { class: 'translation-notice__what' }, missingSummary(missing, title)),
    h('button', { type: 'button', onclick: () => { notice.remove(); onClose(); } }, bi('button.close')));
  return notice;
}

// The small marker of a list's row: which languages a record lacks.
export function missingMarker(missing, title) {
  const langs = lacking(missing);
  if (!langs.length) return '';
  return h('span', { class: 'missing-translations', title: missingSummary(missing, title) },
    bi('translations.missing'), `: ${langs.join(', ')}`);
}

export function languageFields({ id, title, value = {}, required = false, long = false,
  lines = false, maxLength, described = {} }) {
  const inputs = new Map();
  const marks = new Map();
  const shown = (lang) => (lines ? (value?.[lang] || []).join('\n') : value?.[lang] ?? '');
  const box = (lang, attrs) => (long || lines
    ? h('textarea', { id: `${id}-${lang}`, maxlength: maxLength, rows: lines ? 4 : null, ...attrs }, shown(lang))
    : h('input', { id: `${id}-${lang}`, type: 'text', autocomplete: 'off', maxlength: maxLength,
      value: value?.[lang] ?? '', ...attrs }));

  const korean = box('ko', { required: required || null, lang: 'ko', ...described });
  inputs.set('ko', korean);
  const rows = OTHERS.map((lang) => {
    const input = box(lang, { lang, 'aria-describedby': `${id}-${lang}-mark` });
    const mark = h('span', { class: 'translation-missing', id: `${id}-${lang}-mark` });
    inputs.set(lang, input);
    marks.set(lang, mark);
    return h('div', { class: 'field' },
      h('label', { for: input.id }, choice('lang', lang, 'ko'), ' ', en(choice('lang', lang, 'en')), input), mark);
  });
  const count = h('span', { class: 'translation-count' });
  const others = h('details', { class: 'languages__others' },
    h('summary', {}, bi('translations.other_languages'), ' ', count),
    h('div', { class: long || lines ? 'languages__long' : 'grid' }, rows));

  // Marks follow the typing: an empty translation of a written Korean is marked.
  function mark() {
    const written = korean.value.trim() !== '';
    let missing = 0;
    for (const [lang, input] of inputs) {
      if (lang === 'ko') continue;
      const gap = written && input.value.trim() === '';
      missing += gap ? 1 : 0;
      marks.get(lang).textContent = gap ? both('translations.missing') : '';
    }
    count.textContent = missing ? both('translations.count', { n: missing }) : '';
    count.classList.toggle('is-missing', missing > 0);
  }
  for (const input of inputs.values()) input.addEventListener('input', mark);
  mark();
  // Short names show their translations; long texts fold them until asked.
  others.open = !long;

  const element = h('fieldset', { class: 'languages', dataset: { languages: '' } },
    h('legend', {}, title, lines ? h('span', { class: 'hint' }, ' (', bi('form.one_per_line'), ')') : ''),
    h('div', { class: 'field' }, h('label', { for: korean.id }, choice('lang', 'ko', 'ko'), ' ',
      en(choice('lang', 'ko', 'en')), korean)),
    others);
  return {
    element,
    inputs,
    read: () => Object.fromEntries([...inputs].map(([lang, input]) => [lang, lines
      ? input.value.split('\n').map((line) => line.trim()).filter(Boolean) : input.value])),
  };
}
