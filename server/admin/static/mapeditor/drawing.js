// The floor-map editor's drawing: the tools, the shapes they draw and save, the marks
// on the map, and drawing by keyboard with a crosshair.
import { ApiError } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';
import { dist, nearestOnSegment, inside } from './geometry.js';
import { AMENITY_CATEGORIES, bi, both, button, categoryName, categoryOptions, edgeKindOptions, field, ko, korean, OPENING_CATEGORIES, select,
  shortName, UNIT_CATEGORIES, VERTICAL } from './words.js';

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
  const TOOLS = ['view', 'scale', 'unit', 'door', 'amenity', 'kiosk', 'path'];   // words: tool.*
  const toolButtons = TOOLS.map((key) => {
    const pick = h('button', { type: 'button', id: `me-tool-${key}`, class: 'me-tool' }, bi(`tool.${key}`));
    pick.onclick = () => { s.tool = key; s.scaleLine = null; renderTools(Boolean(level()?.image)); };
    return pick;
  });
  // Walking paths and doors make walkways, whose length in metres comes from the floor's
  // scale: without it the server refuses them, so their tools wait for the scale.
  const NEEDS_SCALE = ['path', 'door'];
  const needsScale = h('p', { class: 'hint me-needs-scale', id: 'me-needs-scale', hidden: true },
    both('hint.needs_scale'));
  fill(toolBox, h('legend', {}, bi('title.tool')), h('div', { class: 'me-tool-buttons' }, toolButtons), needsScale, undoButton, redoButton);

  function renderTools(ready) {
    const scaled = Boolean(level()?.pixels_per_metre);
    const usable = (key) => key === 'view' || (ready && (scaled || !NEEDS_SCALE.includes(key)));
    if (!usable(s.tool)) s.tool = 'view';
    TOOLS.forEach((key, i) => {
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
      parts.push(h('p', { class: 'hint' }, both('hint.tool.view')));
    } else if (t === 'scale') {
      if (s.scaleLine) {
        const metres = h('input', { id: 'me-scale-metres', type: 'number', min: 0.01, step: 'any', required: true });
        const form = h('form', { 'aria-label': both('title.scale') },
          h('p', { class: 'hint' }, both('map.drawn_line', { px: Math.round(dist(s.scaleLine[0], s.scaleLine[1])) })),
          field('label.real_length', metres),
          h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi('button.save_scale')),
            button('button.draw_again', () => { s.scaleLine = null; startTool(); })));
        form.onsubmit = async (event) => {
          event.preventDefault();
          if (!(Number(metres.value) > 0)) { say(`⚠ ${both('map.enter_metres')}`); return; }
          await call(`/admin/maps/levels/${s.levelId}/scale`, { start: s.scaleLine[0], end: s.scaleLine[1], metres: Number(metres.value) });
          s.scaleLine = null;
          toast(both('toast.scale_saved'));
          await reload();
        };
        parts.push(form);
        fill(toolOptions, parts);
        metres.focus();
        return;
      }
      parts.push(h('p', { class: 'hint' }, both('hint.tool.scale')));
      draw(new L.Draw.Polyline(map, { maxPoints: 2, showLength: false, shapeOptions: { color: '#bd2c0f' } }));
    } else if (t === 'unit' || t === 'amenity' || t === 'kiosk') {
      if (t === 'unit') {
        toolInputs.category = remember('unitCategory', select(categoryOptions(UNIT_CATEGORIES), 'office', { id: 'me-unit-category' }));
        toolInputs.department = remember('department', select([['', '—'], ...departments.map((d) => [d.id, d.label])], '', { id: 'me-unit-department' }));
        toolInputs.shape = remember('unitShape', select(['rectangle', 'polygon', 'point'].map((shape) => [shape, `${korean(`choice.unit_shape.${shape}`)} ${shape}`]), 'rectangle', { id: 'me-unit-shape' }));
        toolInputs.shape.onchange = () => { s.memo.unitShape = toolInputs.shape.value; startTool(); };
        parts.push(field('label.kind', toolInputs.category), field('label.department', toolInputs.department),
          field('label.shape', toolInputs.shape));
      } else if (t === 'amenity') {
        toolInputs.category = remember('amenityCategory', select(categoryOptions(AMENITY_CATEGORIES), 'elevator', { id: 'me-amenity-category' }));
        parts.push(field('label.kind', toolInputs.category));
      } else {
        toolInputs.device = remember('device', select([['', '—'], ...s.devices.map((d) => [d.id, d.name])], '', { id: 'me-kiosk-device' }));
        toolInputs.facing = remember('facing', h('input', { id: 'me-kiosk-facing', type: 'number', min: 0, max: 359, step: 1, value: 0 }));
        parts.push(field('label.device', toolInputs.device), field('label.facing_clockwise', toolInputs.facing));
      }
      toolInputs.name = h('input', { id: 'me-place-name', maxlength: 100, autocomplete: 'off' });
      parts.push(field('label.name_optional', toolInputs.name));
      const shape = t === 'unit' ? toolInputs.shape.value : 'point';
      if (shape === 'rectangle') {
        parts.push(h('p', { class: 'hint' }, both('hint.tool.rectangle')));
        draw(new L.Draw.Rectangle(map, { showArea: false, shapeOptions: { color: '#0b50d0', weight: 3 } }));
      } else if (shape === 'polygon') {
        parts.push(h('p', { class: 'hint' }, both('hint.tool.polygon')),
          h('div', { class: 'form-actions' }, button('button.finish_outline', () => finishShape(), 'primary'),
            button('button.cancel', () => startTool())));
        draw(new L.Draw.Polygon(map, { showArea: false, allowIntersection: false, shapeOptions: { color: '#0b50d0', weight: 3 } }));
      } else {
        parts.push(h('p', { class: 'hint' }, both('hint.tool.point')));
        draw(new L.Draw.Marker(map, { icon: placeIcon({ feature_type: t, category: t === 'kiosk' ? 'kiosk' : '' }, true) }));
      }
    } else if (t === 'door') {
      toolInputs.category = remember('doorCategory', select(categoryOptions(OPENING_CATEGORIES), 'door', { id: 'me-door-category' }));
      parts.push(field('label.kind', toolInputs.category), h('p', { class: 'hint' }, both('hint.tool.door')));
      draw(new L.Draw.Marker(map, { icon: placeIcon({ feature_type: 'opening', category: 'door' }, true) }));
    } else if (t === 'path') {
      toolInputs.kind = remember('edgeKind', select(edgeKindOptions(['walkway', 'ramp']), 'walkway', { id: 'me-path-kind' }));
      toolInputs.stepFree = remember('stepFree', h('input', { type: 'checkbox', id: 'me-path-step-free', checked: true }));
      parts.push(field('label.kind_of_line', toolInputs.kind),
        h('label', { class: 'check', for: toolInputs.stepFree.id }, toolInputs.stepFree, bi('label.step_free_wheelchair')),
        h('p', { class: 'hint' }, both('hint.tool.path')),
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
    if (count < (s.handler instanceof L.Draw.Polygon ? 3 : 2)) { say(`⚠ ${both('map.more_points')}`); return; }
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

  const savePath = (latlngs) => ed.change('change.draw_path', async (ops) => {
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
    say(both(splits ? 'map.path_added_split' : 'map.path_added', { made, split: splits }));
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
    const feature = await ed.change('change.place_mark', (ops) => ops.addFeature(body));
    if (!feature) return;
    say(both(feature.node_id ? 'map.placed_joined' : 'map.placed', { name: placeName(feature), x: feature.x, y: feature.y }));
    s.selected = { kind: 'feature', id: feature.id };
    ed.savedWithout(feature);
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
    if (!side || side.d > DOOR_PX) { say(`⚠ ${both('map.click_near_outline')}`); return; }
    const [x, y] = side.on;
    await ed.change('change.place_door', async (ops) => {
      const nodeId = await joinDoor(ops, [x, y]);
      const door = await ops.addFeature({ level_id: s.levelId, feature_type: 'opening', category: toolInputs.category.value,
        x, y, unit_id: side.unit.id, ...(nodeId ? { node_id: nodeId } : {}) });
      if (nodeId && !side.unit.node_id) await ops.changeFeature(side.unit, { node_id: nodeId });
      say(both(nodeId ? 'map.door_joined' : 'map.door_not_joined', { name: placeName(side.unit), x, y }));
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
    const text = f.feature_type === 'kiosk' ? categoryName('kiosk') : f.feature_type === 'unit'
      ? (f.department_id ? deptName(f.department_id) : shortName(f.category) || f.category) : shortName(f.category);
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
        outline.on('edit', () => ed.change('change.edit_outline',
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
      marker.on('dragend', () => ed.change('change.move_point', (ops) => ops.moveNode(node, ...toPlan(marker.getLatLng()))));
      marker.addTo(drawn);
    }
    for (const f of featuresHere()) {
      const marker = L.marker(toLatLng(f.x, f.y), { icon: placeIcon(f), title: `${categoryName(f.category)}: ${placeName(f)}`,
        keyboard: viewing, draggable: viewing, interactive: viewing, zIndexOffset: 500 });
      marker.on('click', () => choose('feature', f.id));
      marker.on('keypress', (e) => { if (e.originalEvent.key === 'Enter') choose('feature', f.id); });
      marker.on('dragend', () => {
        const [x, y] = toPlan(marker.getLatLng());
        return ed.change('change.move_mark', (ops) => ops.changeFeature(f, { x, y }));
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
    const save = (deg) => ed.change('change.turn_kiosk', (ops) => ops.changeFeature(f, { facing: deg }))
      .then(() => say(both('map.kiosk_facing', { deg })));
    const handle = L.marker(spot(f.facing ?? 0), { icon: L.divIcon({ className: 'me-facing-handle', iconSize: [26, 26] }),
      draggable: true, keyboard: true, zIndexOffset: 800, bubblingMouseEvents: false });
    handle.addTo(drawn);
    const el = handle.getElement();
    Object.entries({ role: 'slider', 'aria-label': both('map.facing_label', { name: placeName(f) }), 'aria-valuemin': 0,
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
    crossReadout.textContent = both('map.crosshair', { x, y });
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
      say(both('map.drawing_cancelled'));
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
      else { say(both('map.nothing_here')); return; }
      say(both('map.selected', { what: selection.querySelector('h3')?.textContent || '' }));
    } else if (t === 'unit' && toolInputs.shape?.value === 'rectangle') {
      if (!s.corner) {
        s.corner = [x, y];
        L.circleMarker(latlng, { radius: 5, color: '#0b50d0', interactive: false }).addTo(cornerLayer);
        say(both('map.first_corner', { x, y }));
        return;
      }
      const [x0, y0] = s.corner;
      s.corner = null;
      cornerLayer.clearLayers();
      if (Math.abs(x - x0) < 1 || Math.abs(y - y0) < 1) { say(`⚠ ${both('map.opposite_corner')}`); return; }
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
      say(both(t === 'path' ? 'map.path_point' : 'map.vertex', { n: count, x: px, y: py }));
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
    if (s.selected?.kind === 'node') await ed.change('change.move_point', (ops) => ops.moveNode(item, x, y));
    else if (s.selected?.kind === 'feature') await ed.change('change.move_mark', (ops) => ops.changeFeature(item, { x, y }));
    else { say(both('map.select_first')); return; }
    say(both('map.moved', { x, y }));
  }
  async function moveVertex(p) {
    const unit = s.selected?.kind === 'feature' ? findSelected() : null;
    if (!unit?.outline?.length) { say(both('map.select_outlined')); return; }
    const nearest = unit.outline.map((v, i) => [dist(v, p), i]).sort((a, b) => a[0] - b[0])[0][1];
    const outline = unit.outline.map((v, i) => (i === nearest ? p : v));
    await ed.change('change.edit_outline', (ops) => ops.changeFeature(unit, { outline }));
    say(both('map.vertex_moved', { n: nearest + 1, x: p[0], y: p[1] }));
  }

  return { renderTools, startTool, stopDrawing, drawLayers, placeCrosshair, choose };
}
