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
import { released } from '/static/common/press.js';

const SNAP_PX = 10;   // a drawn point this close (on screen) to a point or place joins it
const DOOR_PX = 30;   // a door is placed on an office outline this close (on screen) to the click
const UNDO_LIMIT = 50;
const UNDO_WORDS = { done: ['되돌렸습니다', 'Undone'], nothing: ['되돌릴 것이 없습니다', 'Nothing to undo'],
  failed: ['되돌리지 못했습니다', 'Could not undo'] };
const REDO_WORDS = { done: ['다시 했습니다', 'Redone'], nothing: ['다시 할 것이 없습니다', 'Nothing to redo'],
  failed: ['다시 하지 못했습니다', 'Could not redo'] };
const STEP_PX = 5;    // the crosshair's step on screen; Shift: BIG_STEP_PX
const BIG_STEP_PX = 50;
const FACING_STEP = 15;
const HANDLE_PX = 44; // the facing handle's distance from its kiosk on screen
const en = (text) => h('span', { class: 'en', lang: 'en' }, text);
const bi = ([ko, english]) => [ko, ' ', en(english)];
const ko = (names) => (names && (names.ko || Object.values(names)[0])) || '';
const floorName = (ordinal) => (ordinal < 0 ? `지하 ${-ordinal}층` : `${ordinal}층`);
// "2층 민원동", or just "2층" when the level's name is its floor number again.
const levelLabel = (l) => [...new Set([floorName(l.ordinal), ko(l.names)])].join(' ').trim();

const UNIT_CATEGORIES = [['office', '사무실'], ['room', '방'], ['lobby', '로비'], ['meetingroom', '회의실'], ['restroom', '화장실']];
const AMENITY_CATEGORIES = [['elevator', '엘리베이터'], ['stairs', '계단'], ['escalator', '에스컬레이터'],
  ['restroom', '화장실'], ['certificate_machine', '무인 민원 발급기'], ['exit', '출구'], ['information', '안내']];
const VERTICAL = ['elevator', 'stairs', 'escalator'];
const SHORT = { elevator: 'EV', stairs: '계단', escalator: 'ES', restroom: 'WC', certificate_machine: '발급기',
  exit: '출구', information: '안내', office: '사무실', room: '방', lobby: '로비', meetingroom: '회의실', door: '문', entrance: '입구' };
const CATEGORY_KO = Object.fromEntries([...UNIT_CATEGORIES, ...AMENITY_CATEGORIES, ['kiosk', '키오스크'], ['door', '문'], ['entrance', '입구']]);
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
  const mapBox = h('div', { class: 'me-map', id: 'me-map', role: 'application', tabindex: 0,
    'aria-label': '평면도: 화살표로 십자선 이동, Enter로 놓기 · Floor plan: arrows move the crosshair, Enter places', 'aria-describedby': 'me-keys' });
  const crossReadout = h('span', { id: 'me-cross' });
  const keysHelp = h('p', { class: 'hint me-keys', id: 'me-keys' },
    '키보드: 평면도에서 화살표 = 십자선 이동 (Shift: 크게), Enter = 점·꼭짓점 놓기 / 고르기, Esc = 그리기 취소, Ctrl+Z = 되돌리기, Ctrl+Y = 다시 하기, +/− = 확대·축소; 선택·이동 도구에서 M = 고른 표시를 십자선으로 옮기기, V = 고른 윤곽의 가장 가까운 꼭짓점 옮기기; 키오스크의 방향 손잡이에서 화살표 = 15° 돌리기. · Keyboard: on the plan, arrows move the crosshair (Shift: larger steps), Enter places a point or vertex (or selects), Esc cancels the drawing, Ctrl+Z undoes, Ctrl+Y redoes, +/− zoom; with Select: M moves the selected mark to the crosshair, V moves the nearest vertex of the selected outline; on a kiosk\'s facing handle, arrows turn it by 15°. ',
    crossReadout);
  const undoButton = button(['되돌리기', 'Undo'], () => undo(), 'me-undo');
  undoButton.id = 'me-undo';
  const redoButton = button(['다시 하기', 'Redo'], () => redo(), 'me-undo');
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
    try {
      await api(`/admin/maps/levels/${s.levelId}/plan`, { method: 'POST', form: data, timeoutMs: 60000 });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      planError.textContent = error.offline ? '서버에 연결할 수 없습니다 · The server could not be reached.'
        : `평면도를 받지 않았습니다 · Plan refused: ${error.message}`;
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
      h('div', { class: 'me-map-wrap' }, noPlan, mapBox, keysHelp)),
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
      toast(error.message, { error: true });
      say(`⚠ ${error.message}`);
      throw error;
    }
  }
  const say = (text) => { status.textContent = text; };

  // ---- changes, each undoable and redoable -----------------------------------------------------
  // A user's action runs as change(label, (ops) => ...): every API call it makes through ops
  // is recorded with its inverse and with how to make it again. Undo applies the inverses
  // newest first, Redo the calls again in order; each then re-reads the map. A record made
  // again gets a new id: `renamed` leads from each id it had to the one it has now, so that
  // every recorded step still finds it.
  const undoStack = [];
  const redoStack = [];
  const renamed = new Map();
  const live = (kind, id) => {
    while (id != null && renamed.has(`${kind}:${id}`)) id = renamed.get(`${kind}:${id}`);
    return id;
  };
  // A new record's id leads nowhere (SQLite may give it the id of a removed one).
  const fresh = (kind, id) => { renamed.delete(`${kind}:${id}`); return id; };
  const rename = (kind, oldId, newId) => {
    const current = live(kind, oldId);
    fresh(kind, newId);
    if (current !== newId) renamed.set(`${kind}:${current}`, newId);
  };
  const post = (path, body) => api(path, { method: 'POST', body });
  const remove = (path) => api(path, { method: 'DELETE' });
  const patch = (path, body) => api(path, { method: 'PATCH', body });
  const FEATURE_FIELDS = ['level_id', 'feature_type', 'category', 'names', 'x', 'y', 'outline', 'facing',
    'node_id', 'department_id', 'device_id', 'unit_id'];
  const featureBody = (f) => Object.fromEntries(FEATURE_FIELDS.map((k) => [k,
    k === 'node_id' ? live('node', f.node_id) : k === 'unit_id' ? live('feature', f.unit_id) : f[k]])
    .filter(([, v]) => v != null));
  const liveRefs = (values) => ({ ...values,
    ...('node_id' in values ? { node_id: live('node', values.node_id) } : {}),
    ...('unit_id' in values ? { unit_id: live('feature', values.unit_id) } : {}),
    ...('from_node' in values ? { from_node: live('node', values.from_node) } : {}),
    ...('to_node' in values ? { to_node: live('node', values.to_node) } : {}) });
  const nodePath = (id) => `/admin/maps/nodes/${live('node', id)}`;
  const edgePath = (id) => `/admin/maps/edges/${live('edge', id)}`;
  const featurePath = (id) => `/admin/maps/features/${live('feature', id)}`;

  async function recreateFeature(f, changes = {}) {
    const { feature } = await post(`/admin/maps/features?site_id=${siteId}`, { ...featureBody(f), ...changes });
    rename('feature', f.id, feature.id);
    return feature;
  }
  async function recreateEdge(e) {
    const { edge } = await post(`/admin/maps/edges?site_id=${siteId}`, liveRefs({ from_node: e.from_node,
      to_node: e.to_node, kind: e.kind, length_m: e.length_m, step_free: e.step_free }));
    rename('edge', e.id, edge.id);
  }

  function recorder(journal) {
    const record = (undo, redo) => journal.push({ undo, redo });
    return {
      async addNode(body) {
        const { node } = await call(`/admin/maps/nodes?site_id=${siteId}`, body);
        fresh('node', node.id);
        record(() => remove(nodePath(node.id)),
          async () => rename('node', node.id, (await post(`/admin/maps/nodes?site_id=${siteId}`, body)).node.id));
        s.map.nodes.push(node);
        return node;
      },
      async moveNode(node, x, y) {
        await call(`/admin/maps/nodes/${node.id}`, { x, y }, 'PATCH');
        const before = { x: node.x, y: node.y };
        record(() => patch(nodePath(node.id), before), () => patch(nodePath(node.id), { x, y }));
        Object.assign(node, { x, y });
      },
      async removeNode(node) {
        const edges = s.map.edges.filter((e) => e.from_node === node.id || e.to_node === node.id);
        const places = s.map.features.filter((f) => f.node_id === node.id);
        await call(`/admin/maps/nodes/${node.id}`, undefined, 'DELETE');
        record(async () => {
          const { node: back } = await post(`/admin/maps/nodes?site_id=${siteId}`, { level_id: node.level_id, x: node.x, y: node.y });
          rename('node', node.id, back.id);
          for (const e of edges) await recreateEdge(e);
          for (const f of places) await patch(featurePath(f.id), { node_id: back.id });
        }, () => remove(nodePath(node.id)));   // its lines go with it
      },
      async addEdge(body) {
        const { edge } = await call(`/admin/maps/edges?site_id=${siteId}`, body);
        fresh('edge', edge.id);
        record(() => remove(edgePath(edge.id)),
          async () => rename('edge', edge.id, (await post(`/admin/maps/edges?site_id=${siteId}`, liveRefs(body))).edge.id));
        s.map.edges.push(edge);
        return edge;
      },
      async changeEdge(edge, body) {
        await call(`/admin/maps/edges/${edge.id}`, body, 'PATCH');
        const before = Object.fromEntries(Object.keys(body).map((k) => [k, edge[k]]));
        record(() => patch(edgePath(edge.id), before), () => patch(edgePath(edge.id), body));
        Object.assign(edge, body);
      },
      async removeEdge(edge) {
        await call(`/admin/maps/edges/${edge.id}`, undefined, 'DELETE');
        record(() => recreateEdge(edge), () => remove(edgePath(edge.id)));
      },
      async splitEdge(edge, x, y) {
        const split = await call(`/admin/maps/edges/${edge.id}/split`, { x, y });
        fresh('node', split.node.id);
        split.edges.forEach((half) => fresh('edge', half.id));
        record(async () => {
          await recreateEdge(edge);
          await remove(nodePath(split.node.id));   // its two halves go too
        }, async () => {
          const again = await post(`${edgePath(edge.id)}/split`, { x, y });
          rename('node', split.node.id, again.node.id);
          split.edges.forEach((half, i) => rename('edge', half.id, again.edges[i].id));
        });
        s.map.edges = s.map.edges.filter((e) => e.id !== edge.id).concat(split.edges);
        s.map.nodes.push(split.node);
        return split.node;
      },
      async addFeature(body) {
        const { feature } = await call(`/admin/maps/features?site_id=${siteId}`, body);
        fresh('feature', feature.id);
        record(() => remove(featurePath(feature.id)),
          async () => rename('feature', feature.id, (await post(`/admin/maps/features?site_id=${siteId}`, liveRefs(body))).feature.id));
        s.map.features.push(feature);
        return feature;
      },
      async changeFeature(f, body) {
        const { feature } = await call(`/admin/maps/features/${f.id}`, body, 'PATCH');
        // The display point follows an outline on the server: put it back too.
        const keys = 'outline' in body ? [...Object.keys(body), 'x', 'y'] : Object.keys(body);
        const before = Object.fromEntries(keys.map((k) => [k, f[k] ?? null]));
        record(() => patch(featurePath(f.id), liveRefs(before)), () => patch(featurePath(f.id), liveRefs(body)));
        Object.assign(f, feature);
        return feature;
      },
      async removeFeature(f) {
        const doors = s.map.features.filter((d) => d.unit_id === f.id);   // they go with their unit
        await call(`/admin/maps/features/${f.id}`, undefined, 'DELETE');
        record(async () => {
          const back = await recreateFeature(f);
          for (const door of doors) await recreateFeature(door, { unit_id: back.id });
        }, () => remove(featurePath(f.id)));
      },
    };
  }

  async function change(label, work) {
    const journal = [];
    try {
      return await inTurn(async () => {
        try {
          return await work(recorder(journal));
        } catch (error) {
          await takeBack(journal);   // an action is saved whole or not at all: no orphan points
          throw error;
        } finally {
          if (journal.length) {   // kept undoable: done whole, or what could not be taken back
            keep(undoStack, { label, journal });
            redoStack.length = 0;   // a new action: what was undone before it cannot be redone
          }
        }
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      say(`⚠ ${label[0]}: 저장하지 않았습니다 · ${label[1]}: not saved. ${error.message}`);
      return undefined;
    } finally {
      await reload();
    }
  }

  // The steps an action saved before one was refused, undone newest first; a step that
  // cannot be undone (the map changed meanwhile) stays in the journal with those before it.
  async function takeBack(journal) {
    while (journal.length) {
      try {
        await journal.at(-1).undo();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return;
      }
      journal.pop();
    }
  }

  function keep(stack, entry) {
    stack.push(entry);
    if (stack.length > UNDO_LIMIT) stack.shift();
  }

  // Actions save one after another, in the order they were made: each reads the values it
  // will undo to after the one before has saved, and Ctrl+Z pressed while an action is
  // still saving undoes that action, not the one before it.
  let turns = Promise.resolve();
  function inTurn(step) {
    const run = turns.then(step);
    turns = run.catch(() => {});
    return run;
  }

  const undo = () => replay(undoStack, redoStack, (entry) => [...entry.journal].reverse().map((step) => step.undo), UNDO_WORDS);
  const redo = () => replay(redoStack, undoStack, (entry) => entry.journal.map((step) => step.redo), REDO_WORDS);

  // Undo and Redo: the latest entry of one list, its steps in turn, then onto the other list.
  // A step the server refuses (another admin changed the map meanwhile) leaves both lists
  // without that entry: what it did is only partly true now.
  async function replay(from, to, steps, { done, nothing, failed }) {
    await inTurn(async () => {
      const entry = from.pop();
      if (!entry) { say(`${nothing[0]} · ${nothing[1]}`); return; }
      stopDrawing();
      try {
        for (const step of steps(entry)) await step();
        keep(to, entry);
        say(`${done[0]}: ${entry.label[0]} · ${done[1]}: ${entry.label[1]}`);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        toast(error.message, { error: true });
        say(`⚠ ${failed[0]} · ${failed[1]}: ${error.message}`);
      }
    });
    await reload();
  }

  // ---- drawing the page ---------------------------------------------------------------------

  function renderUndo() {
    for (const [el, stack, [ko, english]] of [[undoButton, undoStack, ['되돌리기', 'Undo']], [redoButton, redoStack, ['다시 하기', 'Redo']]]) {
      const last = stack.at(-1);
      el.disabled = !last;
      fill(el, bi(last ? [`${ko}: ${last.label[0]}`, `${english}: ${last.label[1]}`] : [ko, english]));
    }
  }

  let shownPlan = null;
  let fittedLevel = null;
  function render({ fit = false } = {}) {
    stopDrawing();
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
    renderTools(ready);
    drawLayers();
    drawRoute();
    renderSelection();
    renderRouteChoices();
    if (ready && !s.cross) s.cross = toLatLng(here.width / 2, here.height / 2);
    placeCrosshair();
  }

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
    renderUndo();
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
          h('div', { class: 'form-actions' }, button(['윤곽 마치기', 'Finish outline'], () => finishShape(), 'primary'),
            button(['취소', 'Cancel'], () => startTool())));
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
        h('div', { class: 'form-actions' }, button(['선 마치기', 'Finish line'], () => finishShape(), 'primary'),
          button(['취소', 'Cancel'], () => startTool())));
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

  const savePath = (latlngs) => change(['보행 경로 긋기', 'Draw walking path'], async (ops) => {
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
    const feature = await change(['표시 놓기', 'Place a mark'], (ops) => ops.addFeature(body));
    if (!feature) return;
    say(`${placeName(feature)}: 놓았습니다 (${feature.x}, ${feature.y}) · placed${feature.node_id ? ' (보행 경로에 연결됨 · joined)' : ''}`);
    s.selected = { kind: 'feature', id: feature.id };
    renderSelection();
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
    await change(['문 놓기', 'Place door'], async (ops) => {
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
        outline.on('edit', () => change(['윤곽 고치기', 'Edit outline'],
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
      marker.on('dragend', () => change(['점 옮기기', 'Move point'], (ops) => ops.moveNode(node, ...toPlan(marker.getLatLng()))));
      marker.addTo(drawn);
    }
    for (const f of featuresHere()) {
      const marker = L.marker(toLatLng(f.x, f.y), { icon: placeIcon(f), title: `${CATEGORY_KO[f.category] || f.category}: ${placeName(f)}`,
        keyboard: viewing, draggable: viewing, interactive: viewing, zIndexOffset: 500 });
      marker.on('click', () => choose('feature', f.id));
      marker.on('keypress', (e) => { if (e.originalEvent.key === 'Enter') choose('feature', f.id); });
      marker.on('dragend', () => {
        const [x, y] = toPlan(marker.getLatLng());
        return change(['표시 옮기기', 'Move mark'], (ops) => ops.changeFeature(f, { x, y }));
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
    const save = (deg) => change(['키오스크 방향 바꾸기', 'Turn kiosk'], (ops) => ops.changeFeature(f, { facing: deg }))
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
    renderSelection();
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
    if (s.selected?.kind === 'node') await change(['점 옮기기', 'Move point'], (ops) => ops.moveNode(item, x, y));
    else if (s.selected?.kind === 'feature') await change(['표시 옮기기', 'Move mark'], (ops) => ops.changeFeature(item, { x, y }));
    else { say('먼저 점이나 표시를 고르세요 · Select a point or a mark first.'); return; }
    say(`옮겼습니다 (${x}, ${y}) · Moved`);
  }
  async function moveVertex(p) {
    const unit = s.selected?.kind === 'feature' ? findSelected() : null;
    if (!unit?.outline?.length) { say('먼저 윤곽이 있는 사무실을 고르세요 · Select an office with an outline first.'); return; }
    const nearest = unit.outline.map((v, i) => [dist(v, p), i]).sort((a, b) => a[0] - b[0])[0][1];
    const outline = unit.outline.map((v, i) => (i === nearest ? p : v));
    await change(['윤곽 고치기', 'Edit outline'], (ops) => ops.changeFeature(unit, { outline }));
    say(`꼭짓점 ${nearest + 1}을 옮겼습니다 (${p[0]}, ${p[1]}) · Vertex ${nearest + 1} moved`);
  }

  // Ctrl+Z (undo), Ctrl+Y or Ctrl+Shift+Z (redo) anywhere in the editor except where typing
  // has its own undo.
  const onUndoKey = (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    const key = event.key.toLowerCase();
    const action = key === 'z' ? (event.shiftKey ? redo : undo) : key === 'y' && !event.shiftKey ? redo : null;
    if (!action) return;
    if (!root.isConnected || !root.contains(document.activeElement) && document.activeElement !== document.body) return;
    if (/^(INPUT|TEXTAREA)$/.test(document.activeElement?.tagName)) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onUndoKey);

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
          s.selected = null;
          await change(['표시 삭제', 'Remove mark'], (ops) => ops.removeFeature(f));
        }, 'danger')));
    form.onsubmit = async (event) => {
      event.preventDefault();
      const body = { names: { ...f.names, ko: name.value.trim() }, category: category.value };
      if (department) body.department_id = department.value ? Number(department.value) : null;
      if (device) body.device_id = device.value ? Number(device.value) : null;
      if (facing) body.facing = facing.value === '' ? null : Number(facing.value) % 360;
      if (await change(['표시 고치기', 'Edit mark'], (ops) => ops.changeFeature(f, body))) toast('저장했습니다 · Saved');
    };
    const node = f.node_id && nodeById(f.node_id);
    const joinNearest = button(['가장 가까운 점에 연결', 'Join to the nearest point'], async () => {
      const nearest = nodesHere().map((n) => [dist([n.x, n.y], [f.x, f.y]), n]).sort((a, b) => a[0] - b[0])[0];
      if (!nearest) { say('⚠ 이 층에 보행 경로의 점이 없습니다 · No walking-graph point on this floor.'); return; }
      await change(['보행 경로에 연결', 'Join walking graph'], (ops) => ops.changeFeature(f, { node_id: nearest[1].id }));
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
        const body = { from_node: f.node_id, to_node: other.node_id, kind: kind.value, step_free: stepFree.checked };
        if (await change(['층 연결', 'Join floors'], (ops) => ops.addEdge(body))) toast('층을 연결했습니다 · Floors joined');
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
        s.selected = null;
        await change(['점 삭제', 'Remove point'], (ops) => ops.removeNode(node));
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
        await change(['계단 표시 바꾸기', 'Mark steps'], (ops) => ops.changeEdge(e, { step_free: !e.step_free }));
      }),
      button(['선 삭제', 'Remove edge'], async () => {
        if (s.selected?.kind === 'edge') s.selected = null;
        await change(['선 삭제', 'Remove edge'], (ops) => ops.removeEdge(e));
      }, 'danger'));
  }

  // ---- levels -----------------------------------------------------------------------------------

  levelPick.onchange = () => { s.selected = null; reload(Number(levelPick.value), { fit: true }); };

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
    if (!s.route || !level()?.image || !hasView()) return;
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
    destroy() { clearTimeout(pending); stopDrawing(); document.removeEventListener('keydown', onUndoKey); map.remove(); },
  };
}

function dist(a, b) { return Math.hypot(a[0] - b[0], a[1] - b[1]); }

// The point of segment a-b nearest p, rounded as the API keeps plan pixels.
function nearestOnSegment(a, b, p) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const span = dx * dx + dy * dy;
  const share = span ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span)) : 0;
  return [Math.round((a[0] + share * dx) * 10) / 10, Math.round((a[1] + share * dy) * 10) / 10];
}

function inside([x, y], polygon) {
  let within = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i]; const [xj, yj] = polygon[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) within = !within;
  }
  return within;
}
