// Forms drawn from the API's own OpenAPI schemas (the pydantic models that validate the
// request), so a form cannot ask for what the server refuses or miss what it needs.
//
//   const form = await buildForm('ServiceIn', values, { options });
//   form.values()          -> the request body
//   form.showProblems(err) -> the server's refusal beside each field
import { api } from '/static/common/api.js';
import { h } from '/static/common/dom.js';
import { languageFields } from './languages.js';
import { bi, choice, choiceBoth, problem as problemText } from './words.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];  // words: choice.weekday.*
let components = null;

export async function schemas() {
  if (!components) components = await api('/admin/forms');
  return components;
}

// A field's label in Korean, as its form shows it ("업무 이름" for names of ServiceIn).
export function fieldTitle(modelName, name) {
  const title = components?.[modelName]?.properties?.[name]?.title;
  return title ? title.split(' · ')[0] : name;
}

// A field's own schema: references followed, "or null" noted.
function resolve(schema) {
  let nullable = false;
  let s = schema;
  if (s.anyOf) {
    nullable = s.anyOf.some((x) => x.type === 'null');
    s = { ...s, ...s.anyOf.find((x) => x.type !== 'null') };
    delete s.anyOf;
  }
  if (s.allOf) s = { ...s, ...s.allOf[0] };
  if (s.$ref) s = { ...components[s.$ref.split('/').pop()], ...s, $ref: undefined };
  return { s, nullable };
}

let uid = 0;
const bilingual = (title) => {
  const [ko, en] = String(title || '').split(' · ');
  return en ? [ko, ' ', h('span', { class: 'en', lang: 'en' }, en)] : [ko];
};

// options: {departments: [{id, label}], services: [...], counters: [...]}
export async function buildForm(modelName, values = {}, { options = {}, skip = [] } = {}) {
  await schemas();
  const readers = [];      // [name, () => value]
  const inputs = new Map();  // dotted name -> element to mark invalid

  function field(name, schema, value, required) {
    const { s, nullable } = resolve(schema);
    const id = `f${++uid}`;
    const title = bilingual(schema.title || s.title || name);
    // What a field means, when its name does not say it: a line under it, read with it.
    // (A group's model docstring is written for the API's readers, not shown.)
    const about = schema.description || (s.type === 'object' ? null : s.description);
    const help = about ? h('p', { class: 'field-help', id: `${id}-help` }, bilingual(about)) : null;
    const widget = s['x-widget'] || schema['x-widget'];
    const choices = s['x-options'] || schema['x-options'];
    const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    const described = { 'aria-describedby': help ? `${id}-help ${id}-error` : `${id}-error` };

    if (widget === 'hours') return hoursField(name, title, value, nullable, error);
    if (widget === 'hidden') return '';  // an older one-language field the API still accepts
    if (s['x-languages']) return translatedField(name, s, title, value, help, error);
    if (s.type === 'object' && s.properties) {
      const set = h('fieldset', {}, h('legend', {}, title), help);
      const grid = h('div', { class: 'grid' });
      for (const [key, sub] of Object.entries(s.properties)) {
        grid.append(field(`${name}.${key}`, sub, value?.[key], (s.required || []).includes(key)));
      }
      set.append(grid);
      return set;
    }
    if (choices && s.type === 'array') {
      const set = h('fieldset', {}, h('legend', {}, title));
      const chosen = new Set(value || []);
      const boxes = (options[choices] || []).map((o) => {
        const box = h('input', { type: 'checkbox', value: o.id, checked: chosen.has(o.id) });
        set.append(h('label', { class: 'check' }, box, o.label));
        return box;
      });
      readers.push([name, () => boxes.filter((b) => b.checked).map((b) => Number(b.value))]);
      set.append(error);
      inputs.set(name, set);
      return set;
    }
    if (s.type === 'array' && s.items && resolve(s.items).s.enum) {
      const set = h('fieldset', {}, h('legend', {}, title));
      const chosen = new Set(value || []);
      const boxes = resolve(s.items).s.enum.map((v) => {
        const box = h('input', { type: 'checkbox', value: v, checked: chosen.has(v) });
        set.append(h('label', { class: 'check' }, box, bi([choice(name, v, 'ko'), choice(name, v, 'en')])));
        return box;
      });
      readers.push([name, () => {
        const picked = boxes.filter((b) => b.checked).map((b) => b.value);
        return picked.length || !nullable ? picked : null;
      }]);
      set.append(help || '', error);
      inputs.set(name, set);
      return set;
    }
    let input;
    if (choices || s.enum) {
      const list = choices ? (options[choices] || []) : s.enum.map((v) => ({ id: v, label: choiceBoth(name, v) }));
      input = h('select', { id, ...described },
        (nullable || !required) ? h('option', { value: '' }, '—') : null,
        list.map((o) => h('option', { value: o.id, selected: String(o.id) === String(value ?? s.default) }, o.label)));
      readers.push([name, () => {
        if (input.value === '') return nullable ? null : undefined;
        return choices ? Number(input.value) : input.value;
      }]);
    } else if (s.type === 'boolean') {
      input = h('input', { type: 'checkbox', id, checked: Boolean(value ?? s.default), ...described });
      readers.push([name, () => input.checked]);
      const label = h('label', { class: 'check', for: id }, input, title);
      inputs.set(name, input);
      return h('div', {}, label, help, error);
    } else if (s.type === 'integer' || s.type === 'number') {
      input = h('input', { id, type: 'number', step: s.type === 'integer' ? 1 : 'any',
        min: s.minimum ?? s.exclusiveMinimum, max: s.maximum ?? s.exclusiveMaximum,
        value: value ?? s.default ?? '', required: required || null, ...described });
      readers.push([name, () => (input.value === '' ? (nullable ? null : undefined) : Number(input.value))]);
    } else if (s.type === 'array') {
      input = h('textarea', { id, ...described }, (value || []).join('\n'));
      readers.push([name, () => {
        const lines = input.value.split('\n').map((l) => l.trim()).filter(Boolean);
        return lines.length || !nullable ? lines : null;
      }]);
      title.push(h('span', { class: 'hint' }, ' (', bi('form.one_per_line'), ')'));
    } else if (widget === 'textarea' || (s.maxLength || 0) > 1000) {
      input = h('textarea', { id, maxlength: s.maxLength, ...described }, value ?? '');
      readers.push([name, () => input.value]);
    } else {
      input = h('input', { id, type: s.format === 'date' ? 'date' : widget === 'password' ? 'password' : 'text',
        autocomplete: widget === 'password' ? 'new-password' : 'off', maxlength: s.maxLength,
        placeholder: s.placeholder || schema.placeholder, value: value ?? (s.default ?? ''),
        required: required || null, ...described });
      readers.push([name, () => (input.value === '' && (nullable || s.format === 'date') ? null : input.value)]);
    }
    inputs.set(name, input);
    return h('div', { class: 'field' }, h('label', { for: id }, title, input), help, error);
  }

  // A text in every kiosk language: one widget for every such field (languages.js).
  function translatedField(name, s, title, value, help, error) {
    const korean = s.properties.ko;
    const lines = korean.type === 'array';     // a list per language: one item a line
    const long = korean.maxLength > 1000;
    const field = languageFields({ id: `f${++uid}`, title, value, long, lines,
      maxLength: lines ? undefined : korean.maxLength, required: (s.required || []).includes('ko') });
    field.element.append(help || '', error);
    for (const [lang, input] of field.inputs) {
      input.closest('.field').append(h('p', { class: 'field-error', hidden: true }));
      inputs.set(`${name}.${lang}`, input);
    }
    inputs.set(name, field.element);
    readers.push([name, field.read]);
    return field.element;
  }

  function hoursField(name, title, value, nullable, error) {
    const set = h('fieldset', {}, h('legend', {}, title),
      h('p', { class: 'hint' }, bi('form.hours_hint')));
    const grid = h('div', { class: 'grid' });
    const boxes = WEEKDAYS.map((day) => {
      const input = h('input', { value: (value?.[day] || []).map((p) => p.join('-')).join(', '),
        placeholder: '09:00-18:00' });
      grid.append(h('label', {}, `${choice('weekday', day)} `, h('span', { class: 'en', lang: 'en' }, day), input));
      return [day, input];
    });
    set.append(grid, error);
    inputs.set(name, set);
    readers.push([name, () => {
      if (nullable && boxes.every(([, i]) => !i.value.trim())) return null;
      return Object.fromEntries(boxes.map(([day, i]) => [day, i.value.split(',')
        .map((p) => p.trim()).filter(Boolean).map((p) => p.split('-').map((t) => t.trim()))]));
    }]);
    return set;
  }

  const model = components[modelName];
  const body = h('div', {});
  for (const [name, schema] of Object.entries(model.properties)) {
    if (skip.includes(name)) continue;
    body.append(field(name, schema, values[name], (model.required || []).includes(name)));
  }

  return {
    element: body,
    values() {
      const out = {};
      for (const [name, read] of readers) {
        const value = read();
        if (value === undefined) continue;
        const path = name.split('.');
        let target = out;
        for (const part of path.slice(0, -1)) target = (target[part] ??= {});
        target[path.at(-1)] = value;
      }
      return out;
    },
    // Marks each field the server named; returns the fields it could not place.
    showProblems(error) {
      body.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
      body.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
      const unplaced = [];
      for (const problem of error.details?.problems || []) {
        let name = problem.field;
        while (name && !inputs.has(name)) name = name.split('.').slice(0, -1).join('.');
        const el = name && inputs.get(name);
        if (!el) { unplaced.push(problem); continue; }
        const message = el.querySelector?.('.field-error') ||
          el.closest('div')?.querySelector('.field-error');
        el.setAttribute('aria-invalid', 'true');
        if (message) { message.textContent = problemText(problem); message.hidden = false; }
      }
      body.querySelector('[aria-invalid=true]')?.focus?.();
      return unplaced;
    },
  };
}
