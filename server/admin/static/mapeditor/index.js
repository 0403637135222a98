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
import { bi, button, CATEGORY_KO, field, floorName, ko, levelLabel, refusal } from './words.js';

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
    || (f.device_id && s.devices.find((d) => d.id === f.device_id)?.name) || CATEGORY_KO[f.category] || f.category;

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
    'aria-label': '평면도: 화살표로 십자선 이동, Enter로 놓기 · Floor plan: arrows move the crosshair, Enter places', 'aria-describedby': 'me-keys' });
  const crossReadout = h('span', { id: 'me-cross' });
  const keysHelp = h('p', { class: 'hint me-keys', id: 'me-keys' },
    '키보드: 평면도에서 화살표 = 십자선 이동 (Shift: 크게), Enter = 점·꼭짓점 놓기 / 고르기, Esc = 그리기 취소, Ctrl+Z = 되돌리기, Ctrl+Y = 다시 하기, +/− = 확대·축소; 선택·이동 도구에서 M = 고른 표시를 십자선으로 옮기기, V = 고른 윤곽의 가장 가까운 꼭짓점 옮기기; 키오스크의 방향 손잡이에서 화살표 = 15° 돌리기. · Keyboard: on the plan, arrows move the crosshair (Shift: larger steps), Enter places a point or vertex (or selects), Esc cancels the drawing, Ctrl+Z undoes, Ctrl+Y redoes, +/− zoom; with Select: M moves the selected mark to the crosshair, V moves the nearest vertex of the selected outline; on a kiosk\'s facing handle, arrows turn it by 15°. ',
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

  const levelForm = h('form', { class: 'me-inline', 'aria-label': '새 층 New level' },
    field(['새 층 번호 (지하 1층 = -1)', 'New floor number (B1 = -1)'], ordinal),
    field(['이름 (선택)', 'Name (optional)'], levelNameInput),
    h('button', { type: 'submit' }, bi(['층 추가', 'Add level'])));
  levelForm.onsubmit = async (event) => {
    event.preventDefault();
    levelError.textContent = '';
    try {
      const body = { ordinal: Number(ordinal.value) };
      if (ordinal.value === '') throw new ApiError(400, 'no_floor', 'Enter a floor number.');
      if (levelNameInput.value.trim()) body.names = { ko: levelNameInput.value.trim() };
      const { level: created } = await api(`/admin/maps/levels?site_id=${siteId}`, { method: 'POST', body });
      ordinal.value = ''; levelNameInput.value = '';
      toast('층을 추가했습니다 · Level added');
      await reload(created.id);
    } catch (error) { if (!(error instanceof ApiError)) throw error; levelError.textContent = refusal(error, 'maps'); }
  };
  const planForm = h('form', { class: 'me-inline', 'aria-label': '평면도 올리기 Upload a plan' },
    field(['평면도 파일 (PNG, JPEG, SVG, 10 MB까지)', 'Plan file (PNG, JPEG, SVG, up to 10 MB)'], planFile),
    h('button', { type: 'submit', class: 'primary' }, bi(['올리기', 'Upload'])));
  planForm.onsubmit = async (event) => {
    event.preventDefault();
    planError.textContent = '';
    if (!planFile.files[0]) { planError.textContent = '파일을 고르세요 · Choose a file.'; return; }
    const data = new FormData();
    data.append('plan', planFile.files[0]);
    try {
      await api(`/admin/maps/levels/${s.levelId}/plan`, { method: 'POST', form: data, timeoutMs: 60000 });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      planError.textContent = error.offline ? refusal(error, 'maps')
        : `평면도를 받지 않았습니다 · Plan refused: ${refusal(error, 'maps')}`;
      return;
    }
    planFile.value = '';
    toast('평면도를 올렸습니다 · Plan saved');
    await reload(s.levelId, { fit: true });
  };

  fill(root, h('div', { class: 'map-editor' },
    h('section', { class: 'card', 'aria-labelledby': 'me-levels-title' },
      h('h2', { id: 'me-levels-title' }, bi(['층', 'Levels'])),
      h('div', { class: 'me-inline' }, field(['편집할 층', 'Level to edit'], levelPick),
        button('button.remove_this_level', () => ed.removeLevel(), 'danger')),
      levelForm, levelError),
    h('section', { class: 'card', 'aria-labelledby': 'me-plan-title' },
      h('h2', { id: 'me-plan-title' }, bi(['평면도와 축척', 'Plan and scale'])),
      planState, planForm, planError),
    h('div', { class: 'me-work' },
      h('div', { class: 'me-side' }, toolBox, toolOptions, status, selection),
      h('div', { class: 'me-map-wrap' }, noPlan, mapBox, keysHelp)),
    h('section', { class: 'card', 'aria-labelledby': 'me-check-title' },
      h('h2', { id: 'me-check-title' }, bi(['점검', 'Check'])),
      h('p', { class: 'hint' }, '끊긴 보행 경로, 키오스크에서 갈 수 없는 사무실, 계단으로만 갈 수 있는 사무실 등을 찾습니다. · Finds a graph that falls apart, offices no kiosk reaches, offices reachable only by stairs.'),
      h('div', { class: 'form-actions' }, button('button.check_the_map', () => ed.runCheck(), 'primary')),
      checkList),
    h('section', { class: 'card', 'aria-labelledby': 'me-route-title' },
      h('h2', { id: 'me-route-title' }, bi(['시험 경로', 'Test route'])),
      h('div', { class: 'me-inline' }, field(['출발 키오스크', 'From kiosk'], routeFrom), field(['도착 사무실', 'To office'], routeTo),
        h('label', { class: 'check', for: routeStepFree.id }, routeStepFree, bi(['계단 없이', 'Step-free']))),
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
      levelLabel(l))) : h('option', { value: '' }, '층이 없습니다 · No levels'));
    levelPick.disabled = !s.map.levels.length;
    const here = level();
    planForm.querySelectorAll('input, button').forEach((el) => { el.disabled = !here; });
    fill(planState, !here ? '먼저 층을 추가하세요. · Add a level first.' : [
      here.image ? `평면도: ${here.width}×${here.height} px` : '평면도 없음 · No plan yet',
      ' · ', here.pixels_per_metre ? h('span', { id: 'me-scale' }, `축척 ${here.pixels_per_metre.toFixed(1)} px/m`)
        : h('span', { id: 'me-scale' }, '축척 없음: 축척 도구로 길이를 아는 선을 그으세요 · No scale: draw a line of known length with the scale tool')]);
    const ready = Boolean(here?.image);
    noPlan.textContent = ready ? '' : '평면도를 올리면 여기에 나타납니다. · The plan appears here once uploaded.';
    // The map is positioned on the plan before any mark is drawn: marks measured on screen
    // (a kiosk's facing handle, the crosshair) need a view.
    const plan = ready ? { image: here.image, alt: `${floorName(here.ordinal)} 평면도 · floor plan`, bounds: [[0, 0], [here.height, here.width]] } : null;
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
