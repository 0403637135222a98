// The floor-map editor's panels: the selected mark's details and actions, the levels,
// and the map check.
import { fill, h, toast } from '/static/common/dom.js';
import { dist } from './geometry.js';
import { languageFields } from '../languages.js';
import { AMENITY_CATEGORIES, bi, button, CATEGORY_KO, EDGE_KO, en, field, floorName, ko, select, UNIT_CATEGORIES, VERTICAL } from './words.js';

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
    else fill(selection, h('section', { class: 'me-panel' }, h('h3', {}, bi(['보행 경로 선', 'Walking-graph edge'])), edgeRow(item)), close);
  }

  function featurePanel(f) {
    const types = { unit: UNIT_CATEGORIES, amenity: AMENITY_CATEGORIES, kiosk: [['kiosk', '키오스크']], opening: [['door', '문'], ['entrance', '입구']] };
    // A room's name is read on the kiosk's map in the visitor's language.
    const name = languageFields({ id: `me-name-${f.id}`, title: bi(['이름', 'Name']), value: f.names, maxLength: 100 });
    const category = select(types[f.feature_type].map(([v, k]) => [v, `${k} ${v}`]), f.category);
    const extra = [];
    let department; let device; let facing;
    if (f.feature_type === 'unit') {
      department = select([['', '—'], ...departments.map((d) => [d.id, d.label])], f.department_id);
      extra.push(field(['부서', 'Department'], department));
    }
    if (f.feature_type === 'kiosk') {
      device = select([['', '—'], ...s.devices.map((d) => [d.id, d.name])], f.device_id);
      facing = h('input', { type: 'number', min: 0, max: 359, step: 1, value: f.facing ?? '' });
      extra.push(field(['기기', 'Device'], device), field(['바라보는 방향 (도)', 'Facing (degrees)'], facing));
    }
    const form = h('form', { 'aria-label': '표시 고치기 Edit place' },
      name.element, field(['종류', 'Kind'], category), extra,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi(['저장', 'Save'])),
        button('button.remove', async () => {
          if (!confirm('삭제할까요? · Remove?')) return;
          s.selected = null;
          await ed.change(['표시 삭제', 'Remove mark'], (ops) => ops.removeFeature(f));
        }, 'danger')));
    form.onsubmit = async (event) => {
      event.preventDefault();
      const names = Object.fromEntries(Object.entries(name.read()).map(([lang, text]) => [lang, text.trim()]));
      const body = { names, category: category.value };
      if (department) body.department_id = department.value ? Number(department.value) : null;
      if (device) body.device_id = device.value ? Number(device.value) : null;
      if (facing) body.facing = facing.value === '' ? null : Number(facing.value) % 360;
      if (await ed.change(['표시 고치기', 'Edit mark'], (ops) => ops.changeFeature(f, body))) toast('저장했습니다 · Saved');
    };
    const node = f.node_id && nodeById(f.node_id);
    const joinNearest = button('button.join_to_the_nearest_point', async () => {
      const nearest = nodesHere().map((n) => [dist([n.x, n.y], [f.x, f.y]), n]).sort((a, b) => a[0] - b[0])[0];
      if (!nearest) { say('⚠ 이 층에 보행 경로의 점이 없습니다 · No walking-graph point on this floor.'); return; }
      await ed.change(['보행 경로에 연결', 'Join walking graph'], (ops) => ops.changeFeature(f, { node_id: nearest[1].id }));
    });
    return h('section', { class: 'me-panel', 'aria-labelledby': 'me-selected-title' },
      h('h3', { id: 'me-selected-title' }, `${CATEGORY_KO[f.category] || f.category}: ${placeName(f)}`),
      h('p', { class: node ? 'state-on' : 'state-bad' }, node ? `보행 경로의 점 #${node.id}에 연결됨 · Joined to point #${node.id}`
        : '보행 경로에 연결되지 않았습니다 · Not joined to the walking graph'),
      node ? null : joinNearest, form,
      f.feature_type === 'amenity' && VERTICAL.includes(f.category) ? joinFloors(f) : null);
  }

  // Join floors: this elevator's (stairs', escalator's) point to the same amenity on another floor.
  function joinFloors(f) {
    const wrap = h('section', { class: 'me-join', 'aria-labelledby': 'me-join-title' },
      h('h4', { id: 'me-join-title' }, bi(['층 연결', 'Join floors'])));
    if (!f.node_id) {
      wrap.append(h('p', { class: 'hint' }, '먼저 이 표시를 보행 경로에 연결하세요. · Join it to the walking graph first.'));
      return wrap;
    }
    const joined = s.map.edges.filter((e) => VERTICAL.includes(e.kind) && (e.from_node === f.node_id || e.to_node === f.node_id));
    if (joined.length) wrap.append(h('ul', {}, joined.map((e) => h('li', {}, edgeRow(e)))));
    const others = s.map.features.filter((o) => o.feature_type === 'amenity' && VERTICAL.includes(o.category)
      && o.level_id !== f.level_id && o.node_id && !joined.some((e) => [e.from_node, e.to_node].includes(o.node_id)));
    if (!others.length) {
      wrap.append(h('p', { class: 'hint' }, '다른 층에 보행 경로에 연결된 엘리베이터·계단이 없습니다. · No joined elevator or stairs on another floor yet.'));
      return wrap;
    }
    const sameFirst = [...others].sort((a, b) => (b.category === f.category) - (a.category === f.category));
    const target = select(sameFirst.map((o) => [o.id, `${floorName(levelOf(o.level_id).ordinal)} ${CATEGORY_KO[o.category]} ${ko(o.names)}`.trim()]), sameFirst[0].id, { id: 'me-join-target' });
    const kind = select(VERTICAL.map((k) => [k, `${EDGE_KO[k]} ${k}`]), f.category, { id: 'me-join-kind' });
    const stepFree = h('input', { type: 'checkbox', id: 'me-join-step-free', checked: f.category === 'elevator' });
    kind.onchange = () => { stepFree.checked = kind.value === 'elevator'; };
    wrap.append(field(['연결할 곳', 'Join to'], target), field(['종류', 'Kind'], kind),
      h('label', { class: 'check', for: stepFree.id }, stepFree, bi(['계단 없음', 'Step-free'])),
      h('div', { class: 'form-actions' }, button('button.join_floors', async () => {
        const other = s.map.features.find((o) => o.id === Number(target.value));
        const body = { from_node: f.node_id, to_node: other.node_id, kind: kind.value, step_free: stepFree.checked };
        if (await ed.change(['층 연결', 'Join floors'], (ops) => ops.addEdge(body))) toast('층을 연결했습니다 · Floors joined');
      }, 'primary')));
    return wrap;
  }

  function nodePanel(node) {
    const edges = s.map.edges.filter((e) => e.from_node === node.id || e.to_node === node.id);
    const places = s.map.features.filter((f) => f.node_id === node.id);
    return h('section', { class: 'me-panel' },
      h('h3', {}, `보행 경로의 점 #${node.id} `, en(`Point #${node.id}`)),
      h('p', { class: 'hint' }, `(${node.x}, ${node.y}) px`, places.length ? ` · ${places.map(placeName).join(', ')}` : ''),
      edges.length ? h('ul', {}, edges.map((e) => h('li', {}, edgeRow(e)))) : h('p', { class: 'state-bad' }, '이어진 선이 없습니다 · No edges'),
      h('div', { class: 'form-actions' }, button('button.remove_point', async () => {
        if (!confirm('이 점과 이어진 선을 모두 삭제할까요? · Remove the point and its edges?')) return;
        s.selected = null;
        await ed.change(['점 삭제', 'Remove point'], (ops) => ops.removeNode(node));
      }, 'danger')));
  }

  // One edge: what it is, and step-free toggled (the API has no edge PATCH: remove and add).
  function edgeRow(e) {
    const a = nodeById(e.from_node); const b = nodeById(e.to_node);
    const where = (n) => `#${n.id}${n.level_id !== s.levelId ? ` (${floorName(levelOf(n.level_id).ordinal)})` : ''}`;
    return h('div', { class: 'me-edge-row' },
      h('span', {}, `${EDGE_KO[e.kind] || e.kind} ${where(a)}–${where(b)}, ${e.length_m.toFixed(1)} m, `,
        h('strong', {}, e.step_free ? '계단 없음 · step-free' : '계단 있음 · has steps')),
      button(e.step_free ? ['계단 있음으로', 'Mark steps'] : ['계단 없음으로', 'Mark step-free'], async () => {
        await ed.change(['계단 표시 바꾸기', 'Mark steps'], (ops) => ops.changeEdge(e, { step_free: !e.step_free }));
      }),
      button('button.remove_edge', async () => {
        if (s.selected?.kind === 'edge') s.selected = null;
        await ed.change(['선 삭제', 'Remove edge'], (ops) => ops.removeEdge(e));
      }, 'danger'));
  }

  async function removeLevel() {
    const here = level();
    if (!here || !confirm(`${floorName(here.ordinal)}: 평면도와 그 위의 모든 것을 삭제할까요? · Remove the level and all on it?`)) return;
    await call(`/admin/maps/levels/${here.id}`, undefined, 'DELETE');
    toast('삭제했습니다 · Removed');
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
      fill(checkList, h('p', { class: 'state-on', id: 'me-check-ok' }, '문제 없음: 지도를 쓸 수 있습니다 · No problems: the map is ready'));
      return;
    }
    fill(checkList, h('p', { class: 'state-bad' }, `문제 ${result.problems.length}개 · ${result.problems.length} problem(s)`),
      h('ul', { class: 'problems' }, result.problems.map((p) => {
        const where = problemLevel(p);
        return h('li', { class: 'state-bad', dataset: { code: p.code } }, p.ko, ' ', en(p.en),
          where && where !== s.levelId ? [' ', button('button.show_on_floor', () => reload(where, { fit: true }), '',
            { floor: floorName(levelOf(where).ordinal) })] : null);
      })),
      s.flagged.size ? h('p', { class: 'hint' }, '문제가 있는 점과 표시는 지도에 ⚠로 표시됩니다. · Culprits are marked ⚠ on the map.') : null);
  }

  function problemLevel(p) {
    if (p.level_id) return p.level_id;
    if (p.feature_id) return s.map.features.find((f) => f.id === p.feature_id)?.level_id;
    if (p.node_ids?.length) return nodeById(p.node_ids[0])?.level_id;
    return null;
  }

  return { renderSelection, removeLevel, runCheck };
}
