// The floor-map editor's drawing: the tools, the shapes they draw and save, the marks
// on the map, and drawing by keyboard with a crosshair.
import { ApiError } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';
import { dist, nearestOnSegment, inside } from './geometry.js';
import { AMENITY_CATEGORIES, bi, button, CATEGORY_KO, field, ko, select, SHORT, UNIT_CATEGORIES, VERTICAL } from './words.js';

const SNAP_PX = 10;   // a drawn point this close (on screen) to a point or place joins it
const DOOR_PX = 30;   // a door is placed on an office outline this close (on screen) to the click
const STEP_PX = 5;    // the crosshair's step on screen; Shift: BIG_STEP_PX
const BIG_STEP_PX = 50;
const FACING_STEP = 15;
const HANDLE_PX = 44; // the facing handle's distance from its kiosk on screen

export function drawingPart(ed) {
  const { L, s, departments, remember, deptName, level, nodesHere, featuresHere, nodeById,
    placeName, toolBox, toolOptions, selection, mapBox, crossReadout, undoButton, redoButton, map,
    drawn, cornerLayer, crosshair, hasView, toLatLng, toPlan, reload, findSelected, call, say } = ed;
  // The tool buttons are made once and only updated: a re-read never replaces a button
  // under the pointer or the keyboard focus.
  const TOOLS = [['view', ['선택·이동', 'Select and move']], ['scale', ['축척 선', 'Scale line']],
    ['unit', ['사무실', 'Office']], ['door', ['문', 'Door']], ['amenity', ['편의시설', 'Amenity']],
    ['kiosk', ['키오스크', 'Kiosk']], ['path', ['보행 경로', 'Walking path']]];
  const toolButtons = TOOLS.map(([key, label]) => {
    const pick = h('button', { type: 'button', id: `me-tool-${key}`, class: 'me-tool' }, bi(label));
    pick.onclick = () => { s.tool = key; s.scaleLine = null; renderTools(Boolean(level()?.image)); };
    return pick;
  });
  // Walking paths and doors make walkways, whose length in metres comes from the floor's
  // scale: without it the server refuses them, so their tools wait for the scale.
  const NEEDS_SCALE = ['path', 'door'];
  const needsScale = h('p', { class: 'hint me-needs-scale', id: 'me-needs-scale', hidden: true },
    '보행 경로와 문은 축척을 정한 뒤에 그릴 수 있습니다: 먼저 축척 선 도구로 길이를 아는 선을 그으세요. · Walking paths and doors need the scale: draw a line of known length with the Scale line tool first.');
  fill(toolBox, h('legend', {}, bi(['도구', 'Tool'])), h('div', { class: 'me-tool-buttons' }, toolButtons), needsScale, undoButton, redoButton);

  function renderTools(ready) {
    const scaled = Boolean(level()?.pixels_per_metre);
    const usable = (key) => key === 'view' || (ready && (scaled || !NEEDS_SCALE.includes(key)));
    if (!usable(s.tool)) s.tool = 'view';
    TOOLS.forEach(([key], i) => {
      toolButtons[i].setAttribute('aria-pressed', String(s.tool === key));
      toolButtons[i].disabled = !usable(key);
      if (NEEDS_SCALE.includes(key) && ready && !scaled) toolButtons[i].setAttribute('aria-describedby', needsScale.id);
      else toolButtons[i].removeAttribute('aria-describedby');
    });
    needsScale.hidden = !ready || scaled;
    ed.renderUndo();
    startTool();
  }

  // Options of the current tool, and its leaflet-draw handler.
  const toolInputs = {};
  function startTool() {
    stopDrawing();
    drawLayers();
    const t = s.tool;
    const parts = [];
    if (t === 'view') {
      parts.push(h('p', { class: 'hint' }, '표시를 누르면 자세히 보고 고칠 수 있습니다. 끌어서 옮깁니다. · Select a mark to edit it; drag to move.'));
    } else if (t === 'scale') {
      if (s.scaleLine) {
        const metres = h('input', { id: 'me-scale-metres', type: 'number', min: 0.01, step: 'any', required: true });
        const form = h('form', { 'aria-label': '축척 Scale' },
          h('p', { class: 'hint' }, `그은 선: ${Math.round(dist(s.scaleLine[0], s.scaleLine[1]))} px`),
          field(['이 선의 실제 길이 (m)', 'Real length of this line (m)'], metres),
          h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi(['축척 저장', 'Save scale'])),
            button('button.draw_again', () => { s.scaleLine = null; startTool(); })));
        form.onsubmit = async (event) => {
          event.preventDefault();
          if (!(Number(metres.value) > 0)) { say('⚠ 길이를 미터로 넣으세요 · Enter the length in metres.'); return; }
          await call(`/admin/maps/levels/${s.levelId}/scale`, { start: s.scaleLine[0], end: s.scaleLine[1], metres: Number(metres.value) });
          s.scaleLine = null;
          toast('축척을 저장했습니다 · Scale saved');
          await reload();
        };
        parts.push(form);
        fill(toolOptions, parts);
        metres.focus();
        return;
      }
      parts.push(h('p', { class: 'hint' }, '평면도에서 길이를 아는 두 점을 차례로 누르세요. · Click the two ends of a line of known length.'));
      draw(new L.Draw.Polyline(map, { maxPoints: 2, showLength: false, shapeOptions: { color: '#bd2c0f' } }));
    } else if (t === 'unit' || t === 'amenity' || t === 'kiosk') {
      if (t === 'unit') {
        toolInputs.category = remember('unitCategory', select(UNIT_CATEGORIES.map(([v, k]) => [v, `${k} ${v}`]), 'office', { id: 'me-unit-category' }));
        toolInputs.department = remember('department', select([['', '—'], ...departments.map((d) => [d.id, d.label])], '', { id: 'me-unit-department' }));
        toolInputs.shape = remember('unitShape', select([['rectangle', '사각형 윤곽 rectangle'], ['polygon', '다각형 윤곽 polygon'],
          ['point', '점만 point only']], 'rectangle', { id: 'me-unit-shape' }));
        toolInputs.shape.onchange = () => { s.memo.unitShape = toolInputs.shape.value; startTool(); };
        parts.push(field(['종류', 'Kind'], toolInputs.category), field(['부서', 'Department'], toolInputs.department),
          field(['모양', 'Shape'], toolInputs.shape));
      } else if (t === 'amenity') {
        toolInputs.category = remember('amenityCategory', select(AMENITY_CATEGORIES.map(([v, k]) => [v, `${k} ${v}`]), 'elevator', { id: 'me-amenity-category' }));
        parts.push(field(['종류', 'Kind'], toolInputs.category));
      } else {
        toolInputs.device = remember('device', select([['', '—'], ...s.devices.map((d) => [d.id, d.name])], '', { id: 'me-kiosk-device' }));
        toolInputs.facing = remember('facing', h('input', { id: 'me-kiosk-facing', type: 'number', min: 0, max: 359, step: 1, value: 0 }));
        parts.push(field(['기기', 'Device'], toolInputs.device),
          field(['바라보는 방향 (도, 평면도 위쪽 = 0, 시계 방향)', 'Facing (degrees clockwise from up the plan)'], toolInputs.facing));
      }
      toolInputs.name = h('input', { id: 'me-place-name', maxlength: 100, autocomplete: 'off' });
      parts.push(field(['이름 (선택)', 'Name (optional)'], toolInputs.name));
      const shape = t === 'unit' ? toolInputs.shape.value : 'point';
      if (shape === 'rectangle') {
        parts.push(h('p', { class: 'hint' }, '평면도에서 사무실의 한 모서리부터 맞은편 모서리까지 끄세요 (키보드: 두 모서리에서 Enter). 표시 점은 윤곽의 가운데입니다. · Drag from one corner of the office to the opposite one (keyboard: Enter at both corners); its point is the outline\'s centre.'));
        draw(new L.Draw.Rectangle(map, { showArea: false, shapeOptions: { color: '#0b50d0', weight: 3 } }));
      } else if (shape === 'polygon') {
        parts.push(h('p', { class: 'hint' }, '윤곽의 꼭짓점을 차례로 누르고 "윤곽 마치기"를 누르세요 (첫 점을 다시 눌러도 됩니다). · Click the corners in turn, then "Finish outline" (or click the first corner again).'),
          h('div', { class: 'form-actions' }, button('button.finish_outline', () => finishShape(), 'primary'),
            button('button.cancel', () => startTool())));
        draw(new L.Draw.Polygon(map, { showArea: false, allowIntersection: false, shapeOptions: { color: '#0b50d0', weight: 3 } }));
      } else {
        parts.push(h('p', { class: 'hint' }, '평면도에서 놓을 곳을 누르세요. 10px 안에 보행 경로의 점이 있으면 그 점에 연결됩니다. · Click the plan to place it; a walking-graph point within 10 px joins it.'));
        draw(new L.Draw.Marker(map, { icon: placeIcon({ feature_type: t, category: t === 'kiosk' ? 'kiosk' : '' }, true) }));
      }
    } else if (t === 'door') {
      toolInputs.category = remember('doorCategory', select([['door', '문 door'], ['entrance', '입구 entrance']], 'door', { id: 'me-door-category' }));
      parts.push(field(['종류', 'Kind'], toolInputs.category),
        h('p', { class: 'hint' }, '사무실 윤곽 위를 누르세요: 문은 가장 가까운 윤곽 선에 놓이고, 가장 가까운 보행 경로의 점이나 선에 이어집니다. · Click on an office outline: the door goes on the nearest side and is joined to the nearest walking-graph point or line.'));
      draw(new L.Draw.Marker(map, { icon: placeIcon({ feature_type: 'opening', category: 'door' }, true) }));
    } else if (t === 'path') {
      toolInputs.kind = remember('edgeKind', select([['walkway', '통로 walkway'], ['ramp', '경사로 ramp']], 'walkway', { id: 'me-path-kind' }));
      toolInputs.stepFree = remember('stepFree', h('input', { type: 'checkbox', id: 'me-path-step-free', checked: true }));
      parts.push(field(['선의 종류', 'Kind of line'], toolInputs.kind),
        h('label', { class: 'check', for: toolInputs.stepFree.id }, toolInputs.stepFree, bi(['계단 없음 (휠체어 가능)', 'Step-free'])),
        h('p', { class: 'hint' }, '점을 차례로 누르고 "선 마치기"를 누르세요 (마지막 점을 다시 눌러도 됩니다). 기존 점이나 표시에서 10px 안이면 거기에 붙고, 선의 중간에 붙으면 그 선을 나눕니다. · Click the points, then "Finish line"; points within 10 px of a point or a place snap to it, and on the middle of a line split it.'),
        h('div', { class: 'form-actions' }, button('button.finish_line', () => finishShape(), 'primary'),
          button('button.cancel', () => startTool())));
      const handler = new L.Draw.Polyline(map, { showLength: false, shapeOptions: { color: '#0b50d0', weight: 4 }, allowIntersection: true });
      handler.addVertex = (latlng) => L.Draw.Polyline.prototype.addVertex.call(handler, snap(latlng, { edges: true }).latlng);
      draw(handler);
    }
    fill(toolOptions, parts);
  }

  function draw(handler) {
    s.handler = handler;
    handler.enable();
  }
  function stopDrawing() {
    s.corner = null;
    cornerLayer.clearLayers();
    if (s.handler) { const handler = s.handler; s.handler = null; handler.disable(); }
  }
  // Finish the line or outline being drawn (it needs 2 points, an outline 3).
  function finishShape() {
    const count = s.handler?._markers?.length || 0;
    if (count < (s.handler instanceof L.Draw.Polygon ? 3 : 2)) { say('⚠ 점이 더 필요합니다 · More points are needed.'); return; }
    s.handler.completeShape();
  }

  map.on(L.Draw.Event.CREATED, async (event) => {
    const tool = s.tool;
    s.handler = null;
    try {
      if (tool === 'scale') {
        const [a, b] = event.layer.getLatLngs();
        s.scaleLine = [toPlan(a), toPlan(b)];
        startTool();
      } else if (tool === 'path') {
        await savePath(event.layer.getLatLngs());
      } else if (tool === 'unit' && event.layer.getLatLngs) {
        await saveOutlined(event.layer.getLatLngs()[0].map(toPlan));
      } else if (tool === 'door') {
        await saveDoor(event.layer.getLatLng());
      } else if (['unit', 'amenity', 'kiosk'].includes(tool)) {
        await savePlace(tool, event.layer.getLatLng());
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await reload();
    }
  });

  // The nearest point or place within SNAP_PX on screen, else (with edges) the nearest point
  // on the middle of an edge, else the latlng itself.
  function snap(latlng, { edges = false } = {}) {
    const at = map.latLngToContainerPoint(latlng);
    let best = null;
    const consider = (kind, item) => {
      const d = map.latLngToContainerPoint(toLatLng(item.x, item.y)).distanceTo(at);
      if (d <= SNAP_PX && (!best || d < best.d - 0.01)) best = { d, kind, item };
    };
    nodesHere().forEach((n) => consider('node', n));
    featuresHere().filter((f) => f.feature_type !== 'opening').forEach((f) => consider('feature', f));
    if (best) return { ...best, latlng: toLatLng(best.item.x, best.item.y) };
    if (edges) {
      const [edge] = edgesNear(toPlan(latlng));
      if (edge && map.latLngToContainerPoint(toLatLng(edge.x, edge.y)).distanceTo(at) <= SNAP_PX) {
        return { kind: 'edge', item: edge.edge, at: [edge.x, edge.y], latlng: toLatLng(edge.x, edge.y) };
      }
    }
    return { latlng };
  }

  // Edges of this floor by their distance from a plan point, each with the nearest point
  // on its middle (ends excluded: a point there is the node itself).
  function edgesNear(p) {
    const out = [];
    for (const edge of s.map.edges) {
      const a = nodeById(edge.from_node); const b = nodeById(edge.to_node);
      if (a.level_id !== s.levelId || b.level_id !== s.levelId) continue;
      const [x, y] = nearestOnSegment([a.x, a.y], [b.x, b.y], p);
      if (Math.min(dist([x, y], [a.x, a.y]), dist([x, y], [b.x, b.y])) < 1) continue;
      out.push({ edge, x, y, d: dist([x, y], p) });
    }
    return out.sort((m, n) => m.d - n.d);
  }

  const savePath = (latlngs) => ed.change(['보행 경로 긋기', 'Draw walking path'], async (ops) => {
    const ids = [];
    let splits = 0;
    for (const latlng of latlngs) {
      const hit = snap(latlng, { edges: true });
      let id;
      if (hit.kind === 'node') id = hit.item.id;
      else if (hit.kind === 'feature' && hit.item.node_id) id = hit.item.node_id;
      else if (hit.kind === 'edge') {
        const split = await ops.splitEdge(hit.item, ...hit.at);
        id = split.id;
        splits += 1;
      } else {
        const [x, y] = toPlan(latlng);
        id = (await ops.addNode({ level_id: s.levelId, x, y })).id;
        if (hit.kind === 'feature') await ops.changeFeature(hit.item, { node_id: id });
      }
      if (ids.at(-1) !== id) ids.push(id);
    }
    let made = 0;
    for (let i = 1; i < ids.length; i += 1) {
      const [a, b] = [ids[i - 1], ids[i]];
      if (s.map.edges.some((e) => (e.from_node === a && e.to_node === b) || (e.from_node === b && e.to_node === a))) continue;
      await ops.addEdge({ from_node: a, to_node: b, kind: toolInputs.kind?.value || 'walkway', step_free: toolInputs.stepFree?.checked ?? true });
      made += 1;
    }
    say(`보행 경로: 선 ${made}개를 더했습니다${splits ? `, 선 ${splits}개를 나눴습니다` : ''} · ${made} edge(s) added${splits ? `, ${splits} split` : ''}`);
  });

  async function savePlace(tool, latlng) {
    const [x, y] = toPlan(latlng);
    const body = { level_id: s.levelId, feature_type: tool, x, y };
    if (tool === 'unit') {
      body.category = toolInputs.category.value;
      if (toolInputs.department.value) body.department_id = Number(toolInputs.department.value);
    } else if (tool === 'amenity') {
      body.category = toolInputs.category.value;
    } else {
      body.category = 'kiosk';
      if (toolInputs.device.value) body.device_id = Number(toolInputs.device.value);
      if (toolInputs.facing.value !== '') body.facing = Number(toolInputs.facing.value) % 360;
    }
    if (toolInputs.name.value.trim()) body.names = { ko: toolInputs.name.value.trim() };
    const near = snap(latlng);
    if (near.kind === 'node') body.node_id = near.item.id;
    await placeFeature(body);
  }

  // An office drawn as an outline: the server puts its point at the outline's centroid.
  async function saveOutlined(outline) {
    const body = { level_id: s.levelId, feature_type: 'unit', category: toolInputs.category.value, outline };
    if (toolInputs.department.value) body.department_id = Number(toolInputs.department.value);
    if (toolInputs.name.value.trim()) body.names = { ko: toolInputs.name.value.trim() };
    await placeFeature(body);
  }

  async function placeFeature(body) {
    const feature = await ed.change(['표시 놓기', 'Place a mark'], (ops) => ops.addFeature(body));
    if (!feature) return;
    say(`${placeName(feature)}: 놓았습니다 (${feature.x}, ${feature.y}) · placed${feature.node_id ? ' (보행 경로에 연결됨 · joined)' : ''}`);
    s.selected = { kind: 'feature', id: feature.id };
    ed.renderSelection();
    startTool();   // ready for the next one
  }

  // A door: on the nearest side of an office outline near the click, joined to the walking
  // graph by a short walkway from a point at the door to the nearest point or the nearest
  // line's middle (split there). An office not yet joined is joined at its door.
  async function saveDoor(latlng) {
    const at = map.latLngToContainerPoint(latlng);
    const p = toPlan(latlng);
    const [side] = featuresHere().filter((f) => f.feature_type === 'unit' && f.outline?.length)
      .flatMap((unit) => unit.outline.map((a, i) => ({ unit, on: nearestOnSegment(a, unit.outline[(i + 1) % unit.outline.length], p) })))
      .map((c) => ({ ...c, d: map.latLngToContainerPoint(toLatLng(...c.on)).distanceTo(at) }))
      .sort((a, b) => a.d - b.d);
    if (!side || side.d > DOOR_PX) { say('⚠ 사무실 윤곽 가까이를 누르세요 · Click near an office outline.'); return; }
    const [x, y] = side.on;
    await ed.change(['문 놓기', 'Place door'], async (ops) => {
      const nodeId = await joinDoor(ops, [x, y]);
      const door = await ops.addFeature({ level_id: s.levelId, feature_type: 'opening', category: toolInputs.category.value,
        x, y, unit_id: side.unit.id, ...(nodeId ? { node_id: nodeId } : {}) });
      if (nodeId && !side.unit.node_id) await ops.changeFeature(side.unit, { node_id: nodeId });
      say(`${placeName(side.unit)}: 문을 놓았습니다 (${x}, ${y})${nodeId ? ' · 보행 경로에 연결됨' : ' · 보행 경로가 없어 연결되지 않음'} · door placed${nodeId ? ', joined' : ', not joined'}`);
      s.selected = { kind: 'feature', id: door.id };
    });
    startTool();
  }

  async function joinDoor(ops, p) {
    const screen = (x, y) => map.latLngToContainerPoint(toLatLng(x, y));
    const near = (x, y) => screen(x, y).distanceTo(screen(...p)) <= SNAP_PX;
    const [node] = nodesHere().map((n) => ({ n, d: dist([n.x, n.y], p) })).sort((a, b) => a.d - b.d);
    const [edge] = edgesNear(p);
    if (node && near(node.n.x, node.n.y)) return node.n.id;   // the graph passes the door already
    if (edge && near(edge.x, edge.y)) return (await ops.splitEdge(edge.edge, edge.x, edge.y)).id;
    if (!node) return null;
    const doorNode = await ops.addNode({ level_id: s.levelId, x: p[0], y: p[1] });
    const target = edge && edge.d < node.d ? (await ops.splitEdge(edge.edge, edge.x, edge.y)).id : node.n.id;
    await ops.addEdge({ from_node: doorNode.id, to_node: target, kind: 'walkway', step_free: true });
    return doorNode.id;
  }

  // ---- marks on the map -----------------------------------------------------------------------

  function placeIcon(f, preview = false) {
    const flagged = s.flagged.has(`feature:${f.id}`);
    const text = f.feature_type === 'kiosk' ? '키오스크' : f.feature_type === 'unit'
      ? (f.department_id ? deptName(f.department_id) : SHORT[f.category] || f.category) : SHORT[f.category] || '';
    const body = h('span', { class: 'me-place-label' }, preview ? '+' : text);
    if (f.feature_type === 'kiosk' && !preview) {
      const arrow = h('span', { class: `me-facing${f.facing == null ? ' is-unset' : ''}`, 'aria-hidden': 'true' }, '↑');
      arrow.style.transform = `rotate(${f.facing ?? 0}deg)`;
      body.prepend(arrow);
    }
    return L.divIcon({ className: `me-place me-${f.feature_type}${flagged ? ' is-flagged' : ''}${s.selected?.kind === 'feature' && s.selected.id === f.id ? ' is-selected' : ''}`,
      html: body, iconSize: null, iconAnchor: [0, 0] });
  }

  function drawLayers() {
    // A re-read (after this page's own save, or another admin's change) redraws every mark:
    // a focused facing handle gets its keyboard focus back on the redrawn one.
    const focusedHandle = document.activeElement?.closest?.('#me-map [data-facing]')?.dataset.facing;
    drawn.clearLayers();
    if (!level()?.image || !hasView()) return;
    const viewing = s.tool === 'view';
    for (const unit of featuresHere().filter((f) => f.feature_type === 'unit' && f.outline?.length)) {
      const selected = s.selected?.kind === 'feature' && s.selected.id === unit.id;
      const outline = L.polygon(unit.outline.map(([x, y]) => toLatLng(x, y)), {
        className: `me-outline${selected ? ' is-selected' : ''}`, color: '#0b50d0', weight: selected ? 4 : 2,
        fillOpacity: selected ? 0.15 : 0.06, interactive: viewing });
      outline.on('click', () => choose('feature', unit.id));
      outline.addTo(drawn);
      if (viewing && selected) {   // leaflet-draw's vertex editing; each moved vertex is saved
        outline.editing.enable();
        outline.on('edit', () => ed.change(['윤곽 고치기', 'Edit outline'],
          (ops) => ops.changeFeature(unit, { outline: outline.getLatLngs()[0].map(toPlan) })));
      }
    }
    const here = new Set(nodesHere().map((n) => n.id));
    for (const edge of s.map.edges) {
      const a = nodeById(edge.from_node); const b = nodeById(edge.to_node);
      if (!here.has(a.id) || !here.has(b.id)) continue;
      const selected = s.selected?.kind === 'edge' && s.selected.id === edge.id;
      const line = L.polyline([toLatLng(a.x, a.y), toLatLng(b.x, b.y)], {
        className: `me-edge${edge.step_free ? '' : ' has-steps'}${selected ? ' is-selected' : ''}`,
        color: edge.step_free ? '#0b50d0' : '#8a4b00', weight: selected ? 8 : 5, dashArray: edge.step_free ? null : '8 6',
        interactive: viewing });
      line.on('click', () => choose('edge', edge.id));
      line.addTo(drawn);
    }
    for (const node of nodesHere()) {
      const vertical = s.map.edges.some((e) => VERTICAL.includes(e.kind) && (e.from_node === node.id || e.to_node === node.id));
      const flagged = s.flagged.has(`node:${node.id}`);
      const selected = s.selected?.kind === 'node' && s.selected.id === node.id;
      const marker = L.marker(toLatLng(node.x, node.y), {
        icon: L.divIcon({ className: `me-node${vertical ? ' is-vertical' : ''}${flagged ? ' is-flagged' : ''}${selected ? ' is-selected' : ''}`, iconSize: [14, 14] }),
        keyboard: false, draggable: viewing, interactive: viewing, bubblingMouseEvents: false });
      marker.on('click', () => choose('node', node.id));
      marker.on('dragend', () => ed.change(['점 옮기기', 'Move point'], (ops) => ops.moveNode(node, ...toPlan(marker.getLatLng()))));
      marker.addTo(drawn);
    }
    for (const f of featuresHere()) {
      const marker = L.marker(toLatLng(f.x, f.y), { icon: placeIcon(f), title: `${CATEGORY_KO[f.category] || f.category}: ${placeName(f)}`,
        keyboard: viewing, draggable: viewing, interactive: viewing, zIndexOffset: 500 });
      marker.on('click', () => choose('feature', f.id));
      marker.on('keypress', (e) => { if (e.originalEvent.key === 'Enter') choose('feature', f.id); });
      marker.on('dragend', () => {
        const [x, y] = toPlan(marker.getLatLng());
        return ed.change(['표시 옮기기', 'Move mark'], (ops) => ops.changeFeature(f, { x, y }));
      });
      marker.addTo(drawn);
      if (f.feature_type === 'kiosk' && viewing) facingHandle(f, marker);
    }
    if (focusedHandle) mapBox.querySelector(`[data-facing="${focusedHandle}"]`)?.focus();
  }

  // A kiosk's facing: a handle around it, dragged (or turned with the arrow keys) to the
  // direction a visitor reading the screen looks; degrees clockwise from up the plan.
  function facingHandle(f, kioskMarker) {
    const centre = () => map.latLngToContainerPoint(toLatLng(f.x, f.y));
    const spot = (deg) => {
      const c = centre(); const r = (deg * Math.PI) / 180;
      return map.containerPointToLatLng([c.x + HANDLE_PX * Math.sin(r), c.y - HANDLE_PX * Math.cos(r)]);
    };
    const show = (deg) => {
      const arrow = kioskMarker.getElement()?.querySelector('.me-facing');
      if (arrow) { arrow.style.transform = `rotate(${deg}deg)`; arrow.classList.remove('is-unset'); }
      const el = handle.getElement();
      el.setAttribute('aria-valuenow', deg);
      el.setAttribute('aria-valuetext', `${deg}°`);
    };
    const save = (deg) => ed.change(['키오스크 방향 바꾸기', 'Turn kiosk'], (ops) => ops.changeFeature(f, { facing: deg }))
      .then(() => say(`키오스크 방향 ${deg}° · Kiosk facing ${deg}°`));
    const handle = L.marker(spot(f.facing ?? 0), { icon: L.divIcon({ className: 'me-facing-handle', iconSize: [26, 26] }),
      draggable: true, keyboard: true, zIndexOffset: 800, bubblingMouseEvents: false });
    handle.addTo(drawn);
    const el = handle.getElement();
    Object.entries({ role: 'slider', 'aria-label': `${placeName(f)} 바라보는 방향 · facing`, 'aria-valuemin': 0,
      'aria-valuemax': 359, 'data-facing': f.id }).forEach(([k, v]) => el.setAttribute(k, v));
    el.removeAttribute('title');
    show(f.facing ?? 0);
    const angle = () => {
      const c = centre(); const p = map.latLngToContainerPoint(handle.getLatLng());
      return Math.round(((Math.atan2(p.x - c.x, c.y - p.y) * 180) / Math.PI + 360) % 360);
    };
    handle.on('drag', () => show(angle()));
    handle.on('dragend', () => { const deg = angle(); handle.setLatLng(spot(deg)); save(deg); });
    el.addEventListener('keydown', (event) => {
      const turn = { ArrowRight: FACING_STEP, ArrowUp: FACING_STEP, ArrowLeft: -FACING_STEP, ArrowDown: -FACING_STEP }[event.key];
      if (!turn) return;
      event.preventDefault();
      event.stopPropagation();
      const deg = (((Number(el.getAttribute('aria-valuenow')) + turn) % 360) + 360) % 360;
      show(deg);
      handle.setLatLng(spot(deg));
      save(deg);
    });
  }

  function choose(kind, id) {
    s.selected = { kind, id };
    drawLayers();
    ed.renderSelection();
  }

  // ---- drawing by keyboard: a crosshair on the plan ----------------------------------------

  function placeCrosshair() {
    const shown = Boolean(level()?.image && s.cross && hasView());
    crosshair.hidden = !shown;
    if (!shown) { crossReadout.textContent = ''; return; }
    const p = map.latLngToContainerPoint(s.cross);
    crosshair.style.transform = `translate(${p.x}px, ${p.y}px)`;
    const [x, y] = toPlan(s.cross);
    crossReadout.textContent = `십자선 Crosshair: (${x}, ${y}) px`;
    crossReadout.dataset.x = x; crossReadout.dataset.y = y;
  }
  map.on('move zoom resize', placeCrosshair);
  map.on('zoomend', () => { if (s.tool === 'view' && !s.handler) drawLayers(); });

  const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  mapBox.addEventListener('keydown', (event) => {
    if (event.target !== mapBox || !level()?.image || !hasView() || event.ctrlKey || event.metaKey || event.altKey) return;
    const here = level();
    if (ARROWS[event.key]) {
      const step = event.shiftKey ? BIG_STEP_PX : STEP_PX;
      const p = map.latLngToContainerPoint(s.cross).add(L.point(ARROWS[event.key]).multiplyBy(step));
      const [x, y] = toPlan(map.containerPointToLatLng(p));
      s.cross = toLatLng(Math.min(Math.max(x, 0), here.width), Math.min(Math.max(y, 0), here.height));
      map.panInside(s.cross, { padding: [30, 30], animate: false });
      placeCrosshair();
    } else if (event.key === 'Enter') {
      placeByKeyboard(s.cross);
    } else if (event.key === 'Escape') {
      if (s.tool === 'scale') s.scaleLine = null;
      startTool();
      say('그리기를 취소했습니다 · Drawing cancelled');
    } else if (event.key === '+' || event.key === '=') {
      map.zoomIn();
    } else if (event.key === '-') {
      map.zoomOut();
    } else if ((event.key === 'm' || event.key === 'M') && s.tool === 'view') {
      moveSelected(toPlan(s.cross));
    } else if ((event.key === 'v' || event.key === 'V') && s.tool === 'view') {
      moveVertex(toPlan(s.cross));
    } else {
      return;
    }
    event.preventDefault();
  });

  // Enter on the plan does what a click would do with the current tool.
  async function placeByKeyboard(latlng) {
    const [x, y] = toPlan(latlng);
    const t = s.tool;
    const handler = s.handler;
    if (t === 'view') {
      const hit = snap(latlng, { edges: true });
      const outlined = featuresHere().find((f) => f.outline?.length && inside([x, y], f.outline));
      if (hit.kind === 'edge') choose('edge', hit.item.id);
      else if (hit.kind) choose(hit.kind, hit.item.id);
      else if (outlined) choose('feature', outlined.id);
      else { say('이곳에는 고를 표시가 없습니다 · Nothing here to select'); return; }
      say(`골랐습니다 · Selected: ${selection.querySelector('h3')?.textContent || ''}`);
    } else if (t === 'unit' && toolInputs.shape?.value === 'rectangle') {
      if (!s.corner) {
        s.corner = [x, y];
        L.circleMarker(latlng, { radius: 5, color: '#0b50d0', interactive: false }).addTo(cornerLayer);
        say(`첫 모서리 (${x}, ${y}) · First corner placed; move to the opposite corner and press Enter`);
        return;
      }
      const [x0, y0] = s.corner;
      s.corner = null;
      cornerLayer.clearLayers();
      if (Math.abs(x - x0) < 1 || Math.abs(y - y0) < 1) { say('⚠ 맞은편 모서리로 옮기세요 · Move to the opposite corner first.'); return; }
      await saveOutlined([[x0, y0], [x, y0], [x, y], [x0, y]]);
    } else if (handler instanceof L.Draw.Polyline) {   // scale line, outline polygon or walking path
      const snapped = t === 'path' ? snap(latlng, { edges: true }).latlng : latlng;
      const last = handler._markers.at(-1)?.getLatLng();
      if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(snapped)) < 1) {
        finishShape();   // Enter twice on the same spot finishes, like clicking the last point again
        return;
      }
      handler.addVertex(latlng);
      const count = handler._markers.length;
      const [px, py] = toPlan(handler._markers.at(-1).getLatLng());
      say(`${t === 'path' ? '경로의 점' : '꼭짓점'} ${count} (${px}, ${py}) · ${t === 'path' ? 'Path point' : 'Vertex'} ${count} placed`);
      if (t === 'scale' && count >= 2) handler.completeShape();
    } else if (t === 'door') {
      await saveDoor(latlng);
    } else if (['unit', 'amenity', 'kiosk'].includes(t)) {
      await savePlace(t, latlng);
    }
  }

  // Keyboard moves in the select tool: the selected point or place to the crosshair, or the
  // selected outline's nearest vertex.
  async function moveSelected([x, y]) {
    const item = findSelected();
    if (s.selected?.kind === 'node') await ed.change(['점 옮기기', 'Move point'], (ops) => ops.moveNode(item, x, y));
    else if (s.selected?.kind === 'feature') await ed.change(['표시 옮기기', 'Move mark'], (ops) => ops.changeFeature(item, { x, y }));
    else { say('먼저 점이나 표시를 고르세요 · Select a point or a mark first.'); return; }
    say(`옮겼습니다 (${x}, ${y}) · Moved`);
  }
  async function moveVertex(p) {
    const unit = s.selected?.kind === 'feature' ? findSelected() : null;
    if (!unit?.outline?.length) { say('먼저 윤곽이 있는 사무실을 고르세요 · Select an office with an outline first.'); return; }
    const nearest = unit.outline.map((v, i) => [dist(v, p), i]).sort((a, b) => a[0] - b[0])[0][1];
    const outline = unit.outline.map((v, i) => (i === nearest ? p : v));
    await ed.change(['윤곽 고치기', 'Edit outline'], (ops) => ops.changeFeature(unit, { outline }));
    say(`꼭짓점 ${nearest + 1}을 옮겼습니다 (${p[0]}, ${p[1]}) · Vertex ${nearest + 1} moved`);
  }

  return { renderTools, startTool, stopDrawing, drawLayers, placeCrosshair, choose };
}
