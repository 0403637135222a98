// The floor-map editor of the admin console (/admin#maps): levels and their plans, the
// scale from a line of known length, offices, amenities and kiosks placed as markers,
// the walking graph drawn as lines that snap to existing points, floors joined by their
// elevators and stairs, the map check in words and a test route drawn on the plan.
//
// Leaflet (CRS.Simple over the plan image) shows the plan; leaflet-draw's marker and
// polyline handlers do the drawing, started from ordinary buttons (keyboard reachable).
// Coordinates sent to the API are plan pixels, y downwards: latLng = [height - y, x].
//
//   const editor = await mountMapEditor(element, { siteId, departments });
//   editor.changed()   // a config.changed {what: "map"} arrived: re-read, keep the tool
//   editor.destroy()   // leaving the section
//
// This module mounts the page, the map and the data; the parts each do one thing with
// them: journal.js (changes, undo and redo), drawing.js (tools, shapes, marks, keyboard),
// panels.js (the selected mark, levels, the check), route.js (the test route),
// geometry.js and words.js. Each part gets the editor (`ed`) and adds its functions to it.
import { api, ApiError } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';
import { released } from '/static/common/press.js';
import { drawingPart } from './drawing.js';
import { journalPart } from './journal.js';
import { panelsPart } from './panels.js';
import { routePart } from './route.js';
import { bi, both, button, categoryName, field, floorName, ko, korean, levelLabel, refusal } from './words.js';

// ---- Leaflet, loaded once when the section first opens ----------------------------------------

let leaflet = null;
function loadLeaflet() {
  leaflet ??= (async () => {
    for (const href of ['/vendor/leaflet/leaflet.css', '/vendor/leaflet-draw/leaflet.draw.css']) {
      document.head.append(h('link', { rel: 'stylesheet', href }));
    }
    for (const src of ['/vendor/leaflet/leaflet.js', '/vendor/leaflet-draw/leaflet.draw.js']) {
      await new Promise((resolve, reject) => {
        const script = h('script', { src });
        script.onload = resolve;
        script.onerror = () => reject(new Error(`${src} did not load`));
        document.head.append(script);
      });
    }
    return window.L;
  })();
  return leaflet;
}

export async function mountMapEditor(root, { siteId, departments }) {
  const L = await loadLeaflet();
  const ed = {};   // the editor: its state, page, map and data, and each part's functions
  const s = {
    map: null, devices: [], levelId: Number(sessionStorage.getItem(`sunbeon.maps.level.${siteId}`)) || null,
    tool: 'view', selected: null, flagged: new Set(), route: null, scaleLine: null, handler: null, memo: {},
    untranslated: null,   // {id, missing}: the languages a place's last save left without its name
  };
  // A tool's inputs keep their values when the tool is drawn again (after each change).
  const remember = (key, el) => {
    if (key in s.memo) { if (el.type === 'checkbox') el.checked = s.memo[key]; else el.value = s.memo[key]; }
    el.addEventListener('change', () => { s.memo[key] = el.type === 'checkbox' ? el.checked : el.value; });
    return el;
  };
  const deptName = (id) => departments.find((d) => d.id === id)?.label.replace(/ \(.*\)$/, '') ?? '';
  const level = () => s.map.levels.find((l) => l.id === s.levelId);
  const levelOf = (id) => s.map.levels.find((l) => l.id === id);
  const nodesHere = () => s.map.nodes.filter((n) => n.level_id === s.levelId);
  const featuresHere = () => s.map.features.filter((f) => f.level_id === s.levelId);
  const nodeById = (id) => s.map.nodes.find((n) => n.id === id);
  const placeName = (f) => ko(f.names) || (f.department_id && deptName(f.department_id))
    || (f.device_id && s.devices.find((d) => d.id === f.device_id)?.name) || categoryName(f.category);

  // The page: levels, plan and scale, tools beside the map, the check and a test route.
  const status = h('p', { class: 'me-status', role: 'status' });
  const levelPick = h('select', { id: 'me-level' });
  const ordinal = h('input', { id: 'me-new-ordinal', type: 'number', min: -9, max: 99, step: 1, required: true });
  const levelNameInput = h('input', { id: 'me-new-name', maxlength: 100, autocomplete: 'off' });
  const levelError = h('p', { class: 'form-error', role: 'alert' });
  const planFile = h('input', { id: 'me-plan-file', type: 'file', accept: 'image/png,image/jpeg,image/svg+xml,.svg' });
  const planError = h('p', { class: 'form-error', role: 'alert', id: 'me-plan-error' });
  const planState = h('p', { class: 'hint', id: 'me-plan-state' });
  const toolBox = h('fieldset', { class: 'me-tools' });
  const toolOptions = h('div', { class: 'me-tool-options' });
  const selection = h('div', { class: 'me-selection', 'aria-live': 'polite' });
  const mapBox = h('div', { class: 'me-map', id: 'me-map', role: 'application', tabindex: 0,
    'aria-label': both('map.plan_label'), 'aria-describedby': 'me-keys' });
  const crossReadout = h('span', { id: 'me-cross' });
  const keysHelp = h('p', { class: 'hint me-keys', id: 'me-keys' },
    `${both('hint.map_keys')} `,
    crossReadout);
  const undoButton = button('button.undo', () => ed.undo(), 'me-undo');
  undoButton.id = 'me-undo';
  const redoButton = button('button.redo', () => ed.redo(), 'me-undo');
  redoButton.id = 'me-redo';
  const noPlan = h('p', { class: 'me-noplan hint' });
  const checkList = h('div', { id: 'me-check' });
  const routeFrom = h('select', { id: 'me-route-from' });
  const routeTo = h('select', { id: 'me-route-to' });
  const routeStepFree = h('input', { type: 'checkbox', id: 'me-route-step-free' });
  const routeResult = h('div', { id: 'me-route-result', 'aria-live': 'polite' });

  const levelForm = h('form', { class: 'me-inline', 'aria-label': both('title.new_level') },
    field('label.new_floor_number', ordinal),
    field('label.name_optional', levelNameInput),
    h('button', { type: 'submit' }, bi('button.add_level')));
  levelForm.onsubmit = async (event) => {
    event.preventDefault();
    levelError.textContent = '';
    try {
      const body = { ordinal: Number(ordinal.value) };
      if (ordinal.value === '') throw new ApiError(400, 'no_floor', 'Enter a floor number.');
      if (levelNameInput.value.trim()) body.names = { ko: levelNameInput.value.trim() };
      const { level: created } = await api(`/admin/maps/levels?site_id=${siteId}`, { method: 'POST', body });
      ordinal.value = ''; levelNameInput.value = '';
      toast(both('toast.level_added'));
      await reload(created.id);
    } catch (error) { if (!(error instanceof ApiError)) throw error; levelError.textContent = refusal(error, 'maps'); }
  };
  const planForm = h('form', { class: 'me-inline', 'aria-label': both('title.upload_plan') },
    field('label.plan_file', planFile),
    h('button', { type: 'submit', class: 'primary' }, bi('button.upload')));
  planForm.onsubmit = async (event) => {
    event.preventDefault();
    planError.textContent = '';
    if (!planFile.files[0]) { planError.textContent = both('error.no_file'); return; }
    const data = new FormData();
    data.append('plan', planFile.files[0]);
    try {
      await api(`/admin/maps/levels/${s.levelId}/plan`, { method: 'POST', form: data, timeoutMs: 60000 });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      planError.textContent = error.offline ? refusal(error, 'maps')
        : `${both('map.plan_refused')}: ${refusal(error, 'maps')}`;
      return;
    }
    planFile.value = '';
    toast(both('toast.plan_saved'));
    await reload(s.levelId, { fit: true });
  };

  fill(root, h('div', { class: 'map-editor' },
    h('section', { class: 'card', 'aria-labelledby': 'me-levels-title' },
      h('h2', { id: 'me-levels-title' }, bi('title.levels')),
      h('div', { class: 'me-inline' }, field('label.level_to_edit', levelPick),
        button('button.remove_this_level', () => ed.removeLevel(), 'danger')),
      levelForm, levelError),
    h('section', { class: 'card', 'aria-labelledby': 'me-plan-title' },
      h('h2', { id: 'me-plan-title' }, bi('title.plan_and_scale')),
      planState, planForm, planError),
    h('div', { class: 'me-work' },
      h('div', { class: 'me-side' }, toolBox, toolOptions, status, selection),
      h('div', { class: 'me-map-wrap' }, noPlan, mapBox, keysHelp)),
    h('section', { class: 'card', 'aria-labelledby': 'me-check-title' },
      h('h2', { id: 'me-check-title' }, bi('title.check')),
      h('p', { class: 'hint' }, both('hint.map_check')),
      h('div', { class: 'form-actions' }, button('button.check_the_map', () => ed.runCheck(), 'primary')),
      checkList),
    h('section', { class: 'card', 'aria-labelledby': 'me-route-title' },
      h('h2', { id: 'me-route-title' }, bi('title.test_route')),
      h('div', { class: 'me-inline' }, field('label.from_kiosk', routeFrom), field('label.to_office', routeTo),
        h('label', { class: 'check', for: routeStepFree.id }, routeStepFree, bi('label.without_steps'))),
      h('div', { class: 'form-actions' }, button('button.show_route', () => ed.showRoute(), 'primary')),
      routeResult)));

  // The map: CRS.Simple, one image overlay per level, layers redrawn from the data.
  const map = L.map(mapBox, { crs: L.CRS.Simple, minZoom: -5, maxZoom: 4, zoomSnap: 0.25, attributionControl: true, keyboard: false });
  map.attributionControl.setPrefix('Leaflet');
  const planLayer = L.layerGroup().addTo(map);
  const drawn = L.layerGroup().addTo(map);
  const routeLayer = L.layerGroup().addTo(map);
  const cornerLayer = L.layerGroup().addTo(map);
  const crosshair = h('div', { class: 'me-crosshair', 'aria-hidden': 'true' });
  mapBox.append(crosshair);
  // Until the map has a centre and zoom, nothing can be measured on screen; every drawing
  // waits for the first view (render() fits the map to the plan first).
  let viewed = false;
  map.whenReady(() => { viewed = true; });
  const hasView = () => viewed;
  const toLatLng = (x, y) => L.latLng((level()?.height || 0) - y, x);
  const toPlan = (latlng) => [Math.round(latlng.lng * 10) / 10, Math.round(((level()?.height || 0) - latlng.lat) * 10) / 10];

  // ---- data ----------------------------------------------------------------------------------

  // Re-reads come from this page's own saves, from config.changed events and from the test
  // route (which shows its first floor); only the latest one is drawn. A floor asked for
  // is kept until a re-read is drawn, so a newer re-read that overtakes it still shows it.
  let reloads = 0;
  let asked = { levelId: null, fit: false };
  async function reload(levelId = null, { fit = false } = {}) {
    if (levelId != null) asked.levelId = levelId;
    if (fit) asked.fit = true;
    const mine = ++reloads;
    const [siteMap, devices] = await Promise.all([api(`/maps?site_id=${siteId}`), api(`/admin/devices?site_id=${siteId}`)]);
    if (mine !== reloads) return;
    await released();   // a redraw now would pull a mark, handle or corner from under the pointer
    if (mine !== reloads) return;
    levelId = asked.levelId ?? s.levelId;
    fit = asked.fit;
    asked = { levelId: null, fit: false };
    s.map = siteMap;
    s.devices = devices.items.filter((d) => d.kind === 'kiosk');
    const changedLevel = levelId !== s.levelId;
    if (changedLevel) s.cross = null;
    s.levelId = s.map.levels.some((l) => l.id === levelId) ? levelId : s.map.levels[0]?.id ?? null;
    if (s.levelId) sessionStorage.setItem(`sunbeon.maps.level.${siteId}`, s.levelId);
    if (s.selected && (changedLevel || !findSelected())) s.selected = null;
    render({ fit: fit || changedLevel });
  }

  function findSelected() {
    const { kind, id } = s.selected || {};
    if (kind === 'feature') return s.map.features.find((f) => f.id === id);
    if (kind === 'node') return nodeById(id);
    if (kind === 'edge') return s.map.edges.find((e) => e.id === id);
    return null;
  }

  async function call(path, body, method = 'POST') {
    try {
      return await api(path, { method, body });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      toast(refusal(error, 'maps'), { error: true });
      say(`⚠ ${refusal(error, 'maps')}`);
      throw error;
    }
  }
  const say = (text) => { status.textContent = text; };

  // ---- the parts ---------------------------------------------------------------------------------
  Object.assign(ed, {
    L, s, siteId, departments, root, remember, deptName, level, levelOf, nodesHere, featuresHere,
    nodeById, placeName, status, levelPick, ordinal, levelNameInput, levelError, planFile,
    planError, planState, toolBox, toolOptions, selection, mapBox, crossReadout, keysHelp,
    undoButton, redoButton, noPlan, checkList, routeFrom, routeTo, routeStepFree, routeResult,
    levelForm, planForm, map, planLayer, drawn, routeLayer, cornerLayer, crosshair, hasView,
    toLatLng, toPlan, reload, findSelected, call, say,
  });
  for (const part of [journalPart, drawingPart, panelsPart, routePart]) Object.assign(ed, part(ed));

  let shownPlan = null;
  let fittedLevel = null;
  function render({ fit = false } = {}) {
    ed.stopDrawing();
    fill(levelPick, s.map.levels.length ? s.map.levels.map((l) => h('option', { value: l.id, selected: l.id === s.levelId },
      levelLabel(l))) : h('option', { value: '' }, both('map.no_levels')));
    levelPick.disabled = !s.map.levels.length;
    const here = level();
    planForm.querySelectorAll('input, button').forEach((el) => { el.disabled = !here; });
    fill(planState, !here ? both('hint.add_level_first') : [
      here.image ? korean('map.plan_size', { width: here.width, height: here.height }, 'ko') : both('map.no_plan'),
      ' · ', here.pixels_per_metre ? h('span', { id: 'me-scale' }, korean('map.scale', { ppm: here.pixels_per_metre.toFixed(1) }, 'ko'))
        : h('span', { id: 'me-scale' }, both('map.no_scale'))]);
    const ready = Boolean(here?.image);
    noPlan.textContent = ready ? '' : both('hint.plan_appears');
    // The map is positioned on the plan before any mark is drawn: marks measured on screen
    // (a kiosk's facing handle, the crosshair) need a view.
    const plan = ready ? { image: here.image, alt: both('map.plan_alt', { floor: floorName(here.ordinal) }), bounds: [[0, 0], [here.height, here.width]] } : null;
    if (ready) {
      const { bounds } = plan;
      map.setMaxBounds(L.latLngBounds(bounds).pad(0.5));
      if (fit || fittedLevel !== here.id || !hasView()) { map.fitBounds(bounds); fittedLevel = here.id; }
    }
    // The plan image is replaced only when it changed: a re-read does not make it flicker.
    const planKey = JSON.stringify(plan);
    if (planKey !== shownPlan) {
      planLayer.clearLayers();
      if (plan) L.imageOverlay(plan.image, plan.bounds, { alt: plan.alt, className: 'me-plan' }).addTo(planLayer);
      shownPlan = planKey;
    }
    ed.renderTools(ready);
    ed.drawLayers();
    ed.drawRoute();
    ed.renderSelection();
    ed.renderRouteChoices();
    if (ready && !s.cross) s.cross = toLatLng(here.width / 2, here.height / 2);
    ed.placeCrosshair();
  }

  // ---- levels -----------------------------------------------------------------------------------

  levelPick.onchange = () => { s.selected = null; reload(Number(levelPick.value), { fit: true }); };

  // ---- start -----------------------------------------------------------------------------------

  let pending = null;
  await reload(s.levelId, { fit: true });
  setTimeout(() => map.invalidateSize(), 0);
  return {
    changed() {   // someone (maybe this page) changed the map: re-read unless drawing
      clearTimeout(pending);
      pending = setTimeout(() => {
        const typing = root.contains(document.activeElement) && /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
        if (!s.handler && !typing) reload().catch(() => {});
      }, 400);
    },
    destroy() { clearTimeout(pending); ed.stopDrawing(); document.removeEventListener('keydown', ed.onUndoKey); map.remove(); },
  };
}
