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
import { api, ApiError } from '/static/common/api.js';
import { fill, h, toast } from '/static/common/dom.js';

const SNAP_PX = 10;   // a drawn point this close (on screen) to a point or place joins it
const en = (text) => h('span', { class: 'en', lang: 'en' }, text);
const bi = ([ko, english]) => [ko, ' ', en(english)];
const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
const floorName = (ordinal) => (ordinal < 0 ? `지하 ${-ordinal}층` : `${ordinal}층`);

const UNIT_CATEGORIES = [['office', '사무실'], ['room', '방'], ['lobby', '로비'], ['meetingroom', '회의실'], ['restroom', '화장실']];
const AMENITY_CATEGORIES = [['elevator', '엘리베이터'], ['stairs', '계단'], ['escalator', '에스컬레이터'],
  ['restroom', '화장실'], ['certificate_machine', '무인 민원 발급기'], ['exit', '출구'], ['information', '안내']];
const VERTICAL = ['elevator', 'stairs', 'escalator'];
const SHORT = { elevator: 'EV', stairs: '계단', escalator: 'ES', restroom: 'WC', certificate_machine: '발급기',
  exit: '출구', information: '안내', office: '사무실', room: '방', lobby: '로비', meetingroom: '회의실' };
const CATEGORY_KO = Object.fromEntries([...UNIT_CATEGORIES, ...AMENITY_CATEGORIES, ['kiosk', '키오스크']]);
const EDGE_KO = { walkway: '통로', ramp: '경사로', elevator: '엘리베이터', stairs: '계단', escalator: '에스컬레이터' };

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

let uid = 0;
function field(label, input) {
  input.id ||= `me${++uid}`;
  return h('label', { for: input.id }, bi(label), input);
}
const select = (options, value, attrs = {}) => h('select', attrs, options.map(([v, text]) =>
  h('option', { value: v, selected: String(v) === String(value ?? '') }, text)));
const button = (label, onclick, cls = '') => h('button', { type: 'button', class: cls, onclick }, bi(label));

// ---- the editor --------------------------------------------------------------------------------

export async function mountMapEditor(root, { siteId, departments }) {
  const L = await loadLeaflet();
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
  const mapBox = h('div', { class: 'me-map', id: 'me-map', role: 'region', 'aria-label': '평면도 Floor plan' });
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
      if (ordinal.value === '') throw new ApiError(400, 'invalid', '층 번호를 넣으세요 · Enter a floor number.');
      if (levelNameInput.value.trim()) body.names = { ko: levelNameInput.value.trim() };
      const { level: created } = await api(`/admin/maps/levels?site_id=${siteId}`, { method: 'POST', body });
      ordinal.value = ''; levelNameInput.value = '';
      toast('층을 추가했습니다 · Level added');
      await reload(created.id);
    } catch (error) { if (!(error instanceof ApiError)) throw error; levelError.textContent = error.message; }
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
    let response;
    try {
      response = await fetch(`/api/v1/admin/maps/levels/${s.levelId}/plan`, { method: 'POST', body: data, credentials: 'same-origin' });
    } catch (error) { planError.textContent = '서버에 연결할 수 없습니다 · The server could not be reached.'; return; }
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
      planError.textContent = `평면도를 받지 않았습니다 · Plan refused: ${payload.message || response.statusText}`;
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
        button(['이 층 삭제', 'Remove this level'], removeLevel, 'danger')),
      levelForm, levelError),
    h('section', { class: 'card', 'aria-labelledby': 'me-plan-title' },
      h('h2', { id: 'me-plan-title' }, bi(['평면도와 축척', 'Plan and scale'])),
      planState, planForm, planError),
    h('div', { class: 'me-work' },
      h('div', { class: 'me-side' }, toolBox, toolOptions, status, selection),
      h('div', { class: 'me-map-wrap' }, noPlan, mapBox)),
    h('section', { class: 'card', 'aria-labelledby': 'me-check-title' },
      h('h2', { id: 'me-check-title' }, bi(['점검', 'Check'])),
      h('p', { class: 'hint' }, '끊긴 보행 경로, 키오스크에서 갈 수 없는 사무실, 계단으로만 갈 수 있는 사무실 등을 찾습니다. · Finds a graph that falls apart, offices no kiosk reaches, offices reachable only by stairs.'),
      h('div', { class: 'form-actions' }, button(['지도 점검', 'Check the map'], runCheck, 'primary')),
      checkList),
    h('section', { class: 'card', 'aria-labelledby': 'me-route-title' },
      h('h2', { id: 'me-route-title' }, bi(['시험 경로', 'Test route'])),
      h('div', { class: 'me-inline' }, field(['출발 키오스크', 'From kiosk'], routeFrom), field(['도착 사무실', 'To office'], routeTo),
        h('label', { class: 'check', for: routeStepFree.id }, routeStepFree, bi(['계단 없이', 'Step-free']))),
      h('div', { class: 'form-actions' }, button(['경로 보기', 'Show route'], showRoute, 'primary')),
      routeResult)));

  // The map: CRS.Simple, one image overlay per level, layers redrawn from the data.
  const map = L.map(mapBox, { crs: L.CRS.Simple, minZoom: -5, maxZoom: 4, zoomSnap: 0.25, attributionControl: true });
  map.attributionControl.setPrefix('Leaflet');
  const planLayer = L.layerGroup().addTo(map);
  const drawn = L.layerGroup().addTo(map);
  const routeLayer = L.layerGroup().addTo(map);
  const toLatLng = (x, y) => L.latLng((level()?.height || 0) - y, x);
  const toPlan = (latlng) => [Math.round(latlng.lng * 10) / 10, Math.round(((level()?.height || 0) - latlng.lat) * 10) / 10];

  // ---- data ----------------------------------------------------------------------------------

  async function reload(levelId = s.levelId, { fit = false } = {}) {
    const [siteMap, devices] = await Promise.all([api(`/maps?site_id=${siteId}`), api(`/admin/devices?site_id=${siteId}`)]);
    s.map = siteMap;
    s.devices = devices.items.filter((d) => d.kind === 'kiosk');
    const changedLevel = levelId !== s.levelId;
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
      toast(error.message, { error: true });
      say(`⚠ ${error.message}`);
      throw error;
    }
  }
  const say = (text) => { status.textContent = text; };

  // ---- drawing the page ---------------------------------------------------------------------

  let fittedLevel = null;
  function render({ fit = false } = {}) {
    stopDrawing();
    fill(levelPick, s.map.levels.length ? s.map.levels.map((l) => h('option', { value: l.id, selected: l.id === s.levelId },
      `${floorName(l.ordinal)} ${ko(l.names)}`.trim())) : h('option', { value: '' }, '층이 없습니다 · No levels'));
    levelPick.disabled = !s.map.levels.length;
    const here = level();
    planForm.querySelectorAll('input, button').forEach((el) => { el.disabled = !here; });
    fill(planState, !here ? '먼저 층을 추가하세요. · Add a level first.' : [
      here.image ? `평면도: ${here.width}×${here.height} px` : '평면도 없음 · No plan yet',
      ' · ', here.pixels_per_metre ? h('span', { id: 'me-scale' }, `축척 ${here.pixels_per_metre.toFixed(1)} px/m`)
        : h('span', { id: 'me-scale' }, '축척 없음: 축척 도구로 길이를 아는 선을 그으세요 · No scale: draw a line of known length with the scale tool')]);
    const ready = Boolean(here?.image);
    noPlan.textContent = ready ? '' : '평면도를 올리면 여기에 나타납니다. · The plan appears here once uploaded.';
    renderTools(ready);
    planLayer.clearLayers();
    if (ready) {
      const bounds = [[0, 0], [here.height, here.width]];
      L.imageOverlay(here.image, bounds, { alt: `${floorName(here.ordinal)} 평면도 · floor plan`, className: 'me-plan' }).addTo(planLayer);
      map.setMaxBounds(L.latLngBounds(bounds).pad(0.5));
      if (fit || fittedLevel !== here.id) { map.fitBounds(bounds); fittedLevel = here.id; }
    }
    drawLayers();
    drawRoute();
    renderSelection();
    renderRouteChoices();
  }

  function renderTools(ready) {
    const tools = [['view', ['선택·이동', 'Select and move']], ['scale', ['축척 선', 'Scale line']],
      ['unit', ['사무실', 'Office']], ['amenity', ['편의시설', 'Amenity']], ['kiosk', ['키오스크', 'Kiosk']],
      ['path', ['보행 경로', 'Walking path']]];
    if (!ready) s.tool = 'view';
    fill(toolBox, h('legend', {}, bi(['도구', 'Tool'])), tools.map(([key, label]) => {
      const radio = h('input', { type: 'radio', name: 'me-tool', value: key, id: `me-tool-${key}`,
        checked: s.tool === key, disabled: !ready && key !== 'view' });
      radio.onchange = () => { s.tool = key; s.scaleLine = null; startTool(); };
      return h('label', { class: 'check', for: radio.id }, radio, bi(label));
    }));
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
            button(['다시 긋기', 'Draw again'], () => { s.scaleLine = null; startTool(); })));
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
        parts.push(field(['종류', 'Kind'], toolInputs.category), field(['부서', 'Department'], toolInputs.department));
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
      parts.push(field(['이름 (선택)', 'Name (optional)'], toolInputs.name),
        h('p', { class: 'hint' }, '평면도에서 놓을 곳을 누르세요. 10px 안에 보행 경로의 점이 있으면 그 점에 연결됩니다. · Click the plan to place it; a walking-graph point within 10 px joins it.'));
      draw(new L.Draw.Marker(map, { icon: placeIcon({ feature_type: t, category: t === 'kiosk' ? 'kiosk' : '' }, true) }));
    } else if (t === 'path') {
      toolInputs.kind = remember('edgeKind', select([['walkway', '통로 walkway'], ['ramp', '경사로 ramp']], 'walkway', { id: 'me-path-kind' }));
      toolInputs.stepFree = remember('stepFree', h('input', { type: 'checkbox', id: 'me-path-step-free', checked: true }));
      parts.push(field(['선의 종류', 'Kind of line'], toolInputs.kind),
        h('label', { class: 'check', for: toolInputs.stepFree.id }, toolInputs.stepFree, bi(['계단 없음 (휠체어 가능)', 'Step-free'])),
        h('p', { class: 'hint' }, '점을 차례로 누르고 "선 마치기"를 누르세요 (마지막 점을 다시 눌러도 됩니다). 기존 점이나 표시에서 10px 안이면 거기에 붙습니다. · Click the points, then "Finish line"; points within 10 px of a point or a place snap to it.'),
        h('div', { class: 'form-actions' }, button(['선 마치기', 'Finish line'], () => s.handler?.completeShape?.(), 'primary'),
          button(['취소', 'Cancel'], () => startTool())));
      const handler = new L.Draw.Polyline(map, { showLength: false, shapeOptions: { color: '#0b50d0', weight: 4 }, allowIntersection: true });
      handler.addVertex = (latlng) => L.Draw.Polyline.prototype.addVertex.call(handler, snap(latlng).latlng);
      draw(handler);
    }
    fill(toolOptions, parts);
  }

  function draw(handler) {
    s.handler = handler;
    handler.enable();
  }
  function stopDrawing() {
    if (s.handler) { const handler = s.handler; s.handler = null; handler.disable(); }
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
      } else if (['unit', 'amenity', 'kiosk'].includes(tool)) {
        await savePlace(tool, event.layer.getLatLng());
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await reload();
    }
  });

  // The nearest point or place within SNAP_PX on screen, else the latlng itself.
  function snap(latlng) {
    const at = map.latLngToContainerPoint(latlng);
    let best = null;
    const consider = (kind, item) => {
      const d = map.latLngToContainerPoint(toLatLng(item.x, item.y)).distanceTo(at);
      if (d <= SNAP_PX && (!best || d < best.d - 0.01)) best = { d, kind, item };
    };
    nodesHere().forEach((n) => consider('node', n));
    featuresHere().forEach((f) => consider('feature', f));
    return best ? { ...best, latlng: toLatLng(best.item.x, best.item.y) } : { latlng };
  }

  async function savePath(latlngs) {
    const ids = [];
    for (const latlng of latlngs) {
      const hit = snap(latlng);
      let id;
      if (hit.kind === 'node') id = hit.item.id;
      else if (hit.kind === 'feature' && hit.item.node_id) id = hit.item.node_id;
      else {
        const [x, y] = toPlan(latlng);
        id = (await call(`/admin/maps/nodes?site_id=${siteId}`, { level_id: s.levelId, x, y })).node.id;
        if (hit.kind === 'feature') {
          await call(`/admin/maps/features/${hit.item.id}`, { node_id: id }, 'PATCH');
          hit.item.node_id = id;
        }
        s.map.nodes.push({ id, level_id: s.levelId, x, y });
      }
      if (ids.at(-1) !== id) ids.push(id);
    }
    let made = 0;
    for (let i = 1; i < ids.length; i += 1) {
      const [a, b] = [ids[i - 1], ids[i]];
      if (s.map.edges.some((e) => (e.from_node === a && e.to_node === b) || (e.from_node === b && e.to_node === a))) continue;
      const body = { from_node: a, to_node: b, kind: toolInputs.kind?.value || 'walkway', step_free: toolInputs.stepFree?.checked ?? true };
      s.map.edges.push((await call(`/admin/maps/edges?site_id=${siteId}`, body)).edge);
      made += 1;
    }
    say(`보행 경로: 선 ${made}개를 더했습니다 · ${made} edge(s) added`);
    await reload();
  }

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
    const { feature } = await call(`/admin/maps/features?site_id=${siteId}`, body);
    say(`${placeName(feature)}: 놓았습니다 · placed${feature.node_id ? ' (보행 경로에 연결됨 · joined)' : ''}`);
    s.selected = { kind: 'feature', id: feature.id };
    await reload();
    startTool();   // ready for the next one
  }

  // ---- marks on the map -----------------------------------------------------------------------

  function placeIcon(f, preview = false) {
    const flagged = s.flagged.has(`feature:${f.id}`);
    const text = f.feature_type === 'kiosk' ? '키오스크' : f.feature_type === 'unit'
      ? (f.department_id ? deptName(f.department_id) : SHORT[f.category] || f.category) : SHORT[f.category] || '';
    const body = h('span', { class: 'me-place-label' }, preview ? '+' : text);
    if (f.feature_type === 'kiosk' && f.facing != null) {
      const arrow = h('span', { class: 'me-facing', 'aria-hidden': 'true' }, '↑');
      arrow.style.transform = `rotate(${f.facing}deg)`;
      body.prepend(arrow);
    }
    return L.divIcon({ className: `me-place me-${f.feature_type}${flagged ? ' is-flagged' : ''}${s.selected?.kind === 'feature' && s.selected.id === f.id ? ' is-selected' : ''}`,
      html: body, iconSize: null, iconAnchor: [0, 0] });
  }

  function drawLayers() {
    drawn.clearLayers();
    if (!level()?.image) return;
    const viewing = s.tool === 'view';
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
      marker.on('dragend', async () => {
        const [x, y] = toPlan(marker.getLatLng());
        try { await call(`/admin/maps/nodes/${node.id}`, { x, y }, 'PATCH'); } finally { await reload(); }
      });
      marker.addTo(drawn);
    }
    for (const f of featuresHere()) {
      const marker = L.marker(toLatLng(f.x, f.y), { icon: placeIcon(f), title: `${CATEGORY_KO[f.category] || f.category}: ${placeName(f)}`,
        keyboard: viewing, draggable: viewing, interactive: viewing, zIndexOffset: 500 });
      marker.on('click', () => choose('feature', f.id));
      marker.on('keypress', (e) => { if (e.originalEvent.key === 'Enter') choose('feature', f.id); });
      marker.on('dragend', async () => {
        const [x, y] = toPlan(marker.getLatLng());
        try { await call(`/admin/maps/features/${f.id}`, { x, y }, 'PATCH'); } finally { await reload(); }
      });
      marker.addTo(drawn);
    }
  }

  function choose(kind, id) {
    s.selected = { kind, id };
    drawLayers();
    renderSelection();
  }

  // ---- the selected mark: its details and actions ------------------------------------------

  function renderSelection() {
    const item = findSelected();
    if (!item) { fill(selection); return; }
    const close = button(['선택 해제', 'Deselect'], () => { s.selected = null; drawLayers(); renderSelection(); });
    if (s.selected.kind === 'feature') fill(selection, featurePanel(item), close);
    else if (s.selected.kind === 'node') fill(selection, nodePanel(item), close);
    else fill(selection, h('section', { class: 'me-panel' }, h('h3', {}, bi(['보행 경로 선', 'Walking-graph edge'])), edgeRow(item)), close);
  }

  function featurePanel(f) {
    const types = { unit: UNIT_CATEGORIES, amenity: AMENITY_CATEGORIES, kiosk: [['kiosk', '키오스크']], opening: [['door', '문'], ['entrance', '입구']] };
    const name = h('input', { value: ko(f.names), maxlength: 100, autocomplete: 'off' });
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
      field(['이름', 'Name'], name), field(['종류', 'Kind'], category), extra,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, bi(['저장', 'Save'])),
        button(['삭제', 'Remove'], async () => {
          if (!confirm('삭제할까요? · Remove?')) return;
          await call(`/admin/maps/features/${f.id}/remove`);
          s.selected = null;
          await reload();
        }, 'danger')));
    form.onsubmit = async (event) => {
      event.preventDefault();
      const body = { names: { ...f.names, ko: name.value.trim() }, category: category.value };
      if (department) body.department_id = department.value ? Number(department.value) : null;
      if (device) body.device_id = device.value ? Number(device.value) : null;
      if (facing) body.facing = facing.value === '' ? null : Number(facing.value) % 360;
      await call(`/admin/maps/features/${f.id}`, body, 'PATCH');
      toast('저장했습니다 · Saved');
      await reload();
    };
    const node = f.node_id && nodeById(f.node_id);
    const joinNearest = button(['가장 가까운 점에 연결', 'Join to the nearest point'], async () => {
      const nearest = nodesHere().map((n) => [dist([n.x, n.y], [f.x, f.y]), n]).sort((a, b) => a[0] - b[0])[0];
      if (!nearest) { say('⚠ 이 층에 보행 경로의 점이 없습니다 · No walking-graph point on this floor.'); return; }
      await call(`/admin/maps/features/${f.id}`, { node_id: nearest[1].id }, 'PATCH');
      await reload();
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
      h('div', { class: 'form-actions' }, button(['층 연결', 'Join floors'], async () => {
        const other = s.map.features.find((o) => o.id === Number(target.value));
        await call(`/admin/maps/edges?site_id=${siteId}`, { from_node: f.node_id, to_node: other.node_id, kind: kind.value, step_free: stepFree.checked });
        toast('층을 연결했습니다 · Floors joined');
        await reload();
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
      h('div', { class: 'form-actions' }, button(['점 삭제', 'Remove point'], async () => {
        if (!confirm('이 점과 이어진 선을 모두 삭제할까요? · Remove the point and its edges?')) return;
        await call(`/admin/maps/nodes/${node.id}/remove`);
        s.selected = null;
        await reload();
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
        await call(`/admin/maps/edges/${e.id}`, { step_free: !e.step_free }, 'PATCH');
        await reload();
      }),
      button(['선 삭제', 'Remove edge'], async () => {
        await call(`/admin/maps/edges/${e.id}/remove`);
        if (s.selected?.kind === 'edge') s.selected = null;
        await reload();
      }, 'danger'));
  }

  // ---- levels -----------------------------------------------------------------------------------

  levelPick.onchange = () => { s.selected = null; reload(Number(levelPick.value), { fit: true }); };

  async function removeLevel() {
    const here = level();
    if (!here || !confirm(`${floorName(here.ordinal)}: 평면도와 그 위의 모든 것을 삭제할까요? · Remove the level and all on it?`)) return;
    await call(`/admin/maps/levels/${here.id}/remove`);
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
    drawLayers();
    if (result.ok) {
      fill(checkList, h('p', { class: 'state-on', id: 'me-check-ok' }, '문제 없음: 지도를 쓸 수 있습니다 · No problems: the map is ready'));
      return;
    }
    fill(checkList, h('p', { class: 'state-bad' }, `문제 ${result.problems.length}개 · ${result.problems.length} problem(s)`),
      h('ul', { class: 'problems' }, result.problems.map((p) => {
        const where = problemLevel(p);
        return h('li', { class: 'state-bad', dataset: { code: p.code } }, p.ko, ' ', en(p.en),
          where && where !== s.levelId ? [' ', button([`${floorName(levelOf(where).ordinal)}에서 보기`, 'Show'], () => reload(where, { fit: true }))] : null);
      })),
      s.flagged.size ? h('p', { class: 'hint' }, '문제가 있는 점과 표시는 지도에 ⚠로 표시됩니다. · Culprits are marked ⚠ on the map.') : null);
  }

  function problemLevel(p) {
    if (p.level_id) return p.level_id;
    if (p.feature_id) return s.map.features.find((f) => f.id === p.feature_id)?.level_id;
    if (p.node_ids?.length) return nodeById(p.node_ids[0])?.level_id;
    return null;
  }

  // ---- a test route -----------------------------------------------------------------------------

  function renderRouteChoices() {
    const kiosks = s.map.features.filter((f) => f.feature_type === 'kiosk');
    const units = s.map.features.filter((f) => f.feature_type === 'unit');
    const label = (f) => `${placeName(f)} (${floorName(levelOf(f.level_id).ordinal)})`;
    const keep = (el) => el.value;
    const [from, to] = [keep(routeFrom), keep(routeTo)];
    fill(routeFrom, kiosks.length ? kiosks.map((f) => h('option', { value: f.id, selected: String(f.id) === from }, label(f))) : h('option', { value: '' }, '키오스크 없음 · No kiosk'));
    fill(routeTo, units.length ? units.map((f) => h('option', { value: f.id, selected: String(f.id) === to }, label(f))) : h('option', { value: '' }, '사무실 없음 · No office'));
  }

  async function showRoute() {
    if (!routeFrom.value || !routeTo.value) { fill(routeResult, h('p', { class: 'state-bad' }, '키오스크와 사무실을 먼저 놓으세요 · Place a kiosk and an office first.')); return; }
    let result;
    try {
      result = await api(`/maps/route?from_feature=${routeFrom.value}&to_feature=${routeTo.value}&step_free=${routeStepFree.checked}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      s.route = null; drawRoute();
      fill(routeResult, h('p', { class: 'state-bad', role: 'alert' }, error.message));
      return;
    }
    if (!result.found) {
      s.route = null; drawRoute();
      fill(routeResult, h('p', { class: 'state-bad', role: 'alert' }, result.message.ko, ' ', en(result.message.en)));
      return;
    }
    s.route = result;
    fill(routeResult, h('p', { class: 'state-on', id: 'me-route-found' }, `약 ${Math.round(result.length_m)} m · ${result.levels.map(floorName).join(' → ')}`,
      result.step_free ? ' · 계단 없음 step-free' : ''),
    h('ol', { class: 'me-steps' }, result.steps.map((step) => h('li', {}, step.ko, ' ', en(step.en)))));
    const first = result.path[0]?.level_id;
    if (first && first !== s.levelId) await reload(first, { fit: true }); else drawRoute();
  }

  function drawRoute() {
    routeLayer.clearLayers();
    if (!s.route || !level()?.image) return;
    let run = [];
    const flush = () => { if (run.length > 1) L.polyline(run, { className: 'me-route', color: '#267337', weight: 7, opacity: 0.85, interactive: false }).addTo(routeLayer); run = []; };
    for (const p of s.route.path) {
      if (p.level_id === s.levelId) run.push(toLatLng(p.x, p.y)); else flush();
    }
    flush();
  }

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
    destroy() { clearTimeout(pending); stopDrawing(); map.remove(); },
  };
}

function dist(a, b) { return Math.hypot(a[0] - b[0], a[1] - b[1]); }
