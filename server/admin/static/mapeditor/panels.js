// The floor-map editor's panels: the selected mark's details and actions, the levels,
// and the map check.
import { fill, h, toast } from '/static/common/dom.js';
import { dist } from './geometry.js';
import { languageFields, untranslatedNotice } from '../languages.js';
import { AMENITY_CATEGORIES, bi, both, button, categoryName, categoryOptions, edgeKindName, edgeKindOptions, en, field, floorName, ko,
  korean, OPENING_CATEGORIES, select, UNIT_CATEGORIES, VERTICAL } from './words.js';

export function panelsPart(ed) {
  const { s, siteId, departments, level, levelOf, nodesHere, nodeById, placeName, selection,
    checkList, reload, findSelected, call, say } = ed;
  // ---- the selected mark: its details and actions ------------------------------------------

  function renderSelection() {
    const item = findSelected();
    if (!item) { fill(selection); return; }
    const close = button('button.deselect', () => { s.selected = null; ed.drawLayers(); renderSelection(); });
    if (s.selected.kind === 'feature') fill(selection, featurePanel(item), close);
    else if (s.selected.kind === 'node') fill(selection, nodePanel(item), close);
    else fill(selection, h('section', { class: 'me-panel' }, h('h3', {}, bi('title.map_edge')), edgeRow(item)), close);
  }

  // After a place is saved (placed, or its form saved) without every language, until dismissed
  // or another place is saved: the notice the console's other forms show.
  function savedWithout(feature) {
    const missing = feature?.missing_translations;
    s.untranslated = missing && Object.keys(missing).length ? { id: feature.id, missing } : null;
  }
  const notice = (f) => (s.untranslated?.id === f.id
    ? untranslatedNotice(s.untranslated.missing, () => korean('label.name'), () => { s.untranslated = null; }) : '');

  function featurePanel(f) {
    const types = { unit: UNIT_CATEGORIES, amenity: AMENITY_CATEGORIES, kiosk: ['kiosk'], opening: OPENING_CATEGORIES };
    // A room's name is read on the kiosk's map in the visitor's language.
    const name = languageFields({ id: `me-name-${f.id}`, title: bi('label.name'), value: f.names, maxLength: 100 });
    const category = select(categoryOptions(types[f.feature_type]), f.category);
    const extra = [];
    let department; let device; let facing;
    if (f.feature_type === 'unit') {
      department = select([['', '—'], ...departments.map((d) => [d.id, d.label])], f.department_id);
      extra.push(field('label.department', department));
    }
    if (f.feature_type === 'kiosk') {
      device = select([['', '—'], ...s.devices.map((d) => [d.id, d.name])], f.device_id);
      facing = h('input', { type: 'number', min: 0, max: 359, step: 1, value: f.facing ?? '' });
      extra.push(field('label.device', device), field('label.facing', facing));
    }
    const form = h('form', { 'aria-label': both('title.edit_mark') },
      name.element, field('label.kind', category), extra,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi('form.save')),
        button('button.remove', async () => {
          if (!confirm(both('list.remove_confirm'))) return;
          s.selected = null;
          await ed.change('change.remove_mark', (ops) => ops.removeFeature(f));
        }, 'danger')));
    form.onsubmit = async (event) => {
      event.preventDefault();
      const names = Object.fromEntries(Object.entries(name.read()).map(([lang, text]) => [lang, text.trim()]));
      const body = { names, category: category.value };
      if (department) body.department_id = department.value ? Number(department.value) : null;
      if (device) body.device_id = device.value ? Number(device.value) : null;
      if (facing) body.facing = facing.value === '' ? null : Number(facing.value) % 360;
      const saved = await ed.change('change.edit_mark', (ops) => ops.changeFeature(f, body));
      if (!saved) return;
      toast(both('form.saved'));
      savedWithout(saved);
      renderSelection();
    };
    const node = f.node_id && nodeById(f.node_id);
    const joinNearest = button('button.join_to_the_nearest_point', async () => {
      const nearest = nodesHere().map((n) => [dist([n.x, n.y], [f.x, f.y]), n]).sort((a, b) => a[0] - b[0])[0];
      if (!nearest) { say(`⚠ ${both('map.no_point_here')}`); return; }
      await ed.change('change.join_graph', (ops) => ops.changeFeature(f, { node_id: nearest[1].id }));
    });
    return h('section', { class: 'me-panel', 'aria-labelledby': 'me-selected-title' },
      h('h3', { id: 'me-selected-title' }, `${categoryName(f.category)}: ${placeName(f)}`), notice(f),
      h('p', { class: node ? 'state-on' : 'state-bad' }, node ? both('state.joined_to_point', { id: node.id })
        : both('state.not_joined')),
      node ? null : joinNearest, form,
      f.feature_type === 'amenity' && VERTICAL.includes(f.category) ? joinFloors(f) : null);
  }

  // Join floors: this elevator's (stairs', escalator's) point to the same amenity on another floor.
  function joinFloors(f) {
    const wrap = h('section', { class: 'me-join', 'aria-labelledby': 'me-join-title' },
      h('h4', { id: 'me-join-title' }, bi('title.join_floors')));
    if (!f.node_id) {
      wrap.append(h('p', { class: 'hint' }, both('hint.join_graph_first')));
      return wrap;
    }
    const joined = s.map.edges.filter((e) => VERTICAL.includes(e.kind) && (e.from_node === f.node_id || e.to_node === f.node_id));
    if (joined.length) wrap.append(h('ul', {}, joined.map((e) => h('li', {}, edgeRow(e)))));
    const others = s.map.features.filter((o) => o.feature_type === 'amenity' && VERTICAL.includes(o.category)
      && o.level_id !== f.level_id && o.node_id && !joined.some((e) => [e.from_node, e.to_node].includes(o.node_id)));
    if (!others.length) {
      wrap.append(h('p', { class: 'hint' }, both('hint.no_other_floor')));
      return wrap;
    }
    const sameFirst = [...others].sort((a, b) => (b.category === f.category) - (a.category === f.category));
    const target = select(sameFirst.map((o) => [o.id, `${floorName(levelOf(o.level_id).ordinal)} ${categoryName(o.category)} ${ko(o.names)}`.trim()]), sameFirst[0].id, { id: 'me-join-target' });
    const kind = select(edgeKindOptions(VERTICAL), f.category, { id: 'me-join-kind' });
    const stepFree = h('input', { type: 'checkbox', id: 'me-join-step-free', checked: f.category === 'elevator' });
    kind.onchange = () => { stepFree.checked = kind.value === 'elevator'; };
    wrap.append(field('label.join_to', target), field('label.kind', kind),
      h('label', { class: 'check', for: stepFree.id }, stepFree, bi('label.step_free')),
      h('div', { class: 'form-actions' }, button('button.join_floors', async () => {
        const other = s.map.features.find((o) => o.id === Number(target.value));
        const body = { from_node: f.node_id, to_node: other.node_id, kind: kind.value, step_free: stepFree.checked };
        if (await ed.change('change.join_floors', (ops) => ops.addEdge(body))) toast(both('toast.floors_joined'));
      }, 'primary')));
    return wrap;
  }

  function nodePanel(node) {
    const edges = s.map.edges.filter((e) => e.from_node === node.id || e.to_node === node.id);
    const places = s.map.features.filter((f) => f.node_id === node.id);
    return h('section', { class: 'me-panel' },
      h('h3', {}, bi('title.map_point', { id: node.id })),
      h('p', { class: 'hint' }, `(${node.x}, ${node.y}) px`, places.length ? ` · ${places.map(placeName).join(', ')}` : ''),
      edges.length ? h('ul', {}, edges.map((e) => h('li', {}, edgeRow(e)))) : h('p', { class: 'state-bad' }, both('state.no_edges')),
      h('div', { class: 'form-actions' }, button('button.remove_point', async () => {
        if (!confirm(both('confirm.remove_point'))) return;
        s.selected = null;
        await ed.change('change.remove_point', (ops) => ops.removeNode(node));
      }, 'danger')));
  }

  // One edge: what it is, and step-free toggled (the API has no edge PATCH: remove and add).
  function edgeRow(e) {
    const a = nodeById(e.from_node); const b = nodeById(e.to_node);
    const where = (n) => `#${n.id}${n.level_id !== s.levelId ? ` (${floorName(levelOf(n.level_id).ordinal)})` : ''}`;
    return h('div', { class: 'me-edge-row' },
      h('span', {}, `${edgeKindName(e.kind)} ${where(a)}–${where(b)}, ${e.length_m.toFixed(1)} m, `,
        h('strong', {}, both(e.step_free ? 'state.step_free' : 'state.has_steps'))),
      button(e.step_free ? 'button.mark_steps' : 'button.mark_step_free', async () => {
        await ed.change('change.mark_steps', (ops) => ops.changeEdge(e, { step_free: !e.step_free }));
      }),
      button('button.remove_edge', async () => {
        if (s.selected?.kind === 'edge') s.selected = null;
        await ed.change('change.remove_edge', (ops) => ops.removeEdge(e));
      }, 'danger'));
  }

  async function removeLevel() {
    const here = level();
    if (!here || !confirm(both('confirm.remove_level', { floor: floorName(here.ordinal) }))) return;
    await call(`/admin/maps/levels/${here.id}`, undefined, 'DELETE');
    toast(both('list.removed'));
    await reload(null);
  }

  // ---- the check -------------------------------------------------------------------------------

  async function runCheck() {
    const result = await call(`/maps/check?site_id=${siteId}`, undefined, 'GET');
    s.flagged = new Set();
    for (const p of result.problems) {
      (p.node_ids || []).forEach((id) => s.flagged.add(`node:${id}`));
      if (p.feature_id) s.flagged.add(`feature:${p.feature_id}`);
    }
    ed.drawLayers();
    if (result.ok) {
      fill(checkList, h('p', { class: 'state-on', id: 'me-check-ok' }, both('map.check_ok')));
      return;
    }
    fill(checkList, h('p', { class: 'state-bad' }, both('map.check_problems', { n: result.problems.length })),
      h('ul', { class: 'problems' }, result.problems.map((p) => {
        const where = problemLevel(p);
        return h('li', { class: 'state-bad', dataset: { code: p.code } }, p.ko, ' ', en(p.en),
          where && where !== s.levelId ? [' ', button('button.show_on_floor', () => reload(where, { fit: true }), '',
            { floor: floorName(levelOf(where).ordinal) })] : null);
      })),
      s.flagged.size ? h('p', { class: 'hint' }, both('hint.culprits_marked')) : null);
  }

  function problemLevel(p) {
    if (p.level_id) return p.level_id;
    if (p.feature_id) return s.map.features.find((f) => f.id === p.feature_id)?.level_id;
    if (p.node_ids?.length) return nodeById(p.node_ids[0])?.level_id;
    return null;
  }

  return { renderSelection, removeLevel, runCheck, savedWithout };
}
