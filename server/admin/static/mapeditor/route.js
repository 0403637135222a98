// The floor-map editor's test route: from a kiosk to an office, drawn on the plan.
import { api, ApiError } from '/static/common/api.js';
import { fill, h } from '/static/common/dom.js';
import { both, en, floorName, refusal } from './words.js';

export function routePart(ed) {
  const { L, s, level, levelOf, placeName, routeFrom, routeTo, routeStepFree, routeResult,
    routeLayer, hasView, toLatLng, reload } = ed;
  // ---- a test route -----------------------------------------------------------------------------

  function renderRouteChoices() {
    const kiosks = s.map.features.filter((f) => f.feature_type === 'kiosk');
    const units = s.map.features.filter((f) => f.feature_type === 'unit');
    const label = (f) => `${placeName(f)} (${floorName(levelOf(f.level_id).ordinal)})`;
    const keep = (el) => el.value;
    const [from, to] = [keep(routeFrom), keep(routeTo)];
    fill(routeFrom, kiosks.length ? kiosks.map((f) => h('option', { value: f.id, selected: String(f.id) === from }, label(f))) : h('option', { value: '' }, both('map.no_kiosk')));
    fill(routeTo, units.length ? units.map((f) => h('option', { value: f.id, selected: String(f.id) === to }, label(f))) : h('option', { value: '' }, both('map.no_office')));
  }

  async function showRoute() {
    if (!routeFrom.value || !routeTo.value) { fill(routeResult, h('p', { class: 'state-bad' }, both('map.route_needs_places'))); return; }
    let result;
    try {
      result = await api(`/maps/route?from_feature=${routeFrom.value}&to_feature=${routeTo.value}&step_free=${routeStepFree.checked}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      s.route = null; drawRoute();
      fill(routeResult, h('p', { class: 'state-bad', role: 'alert' }, refusal(error, 'maps')));
      return;
    }
    if (!result.found) {
      s.route = null; drawRoute();
      fill(routeResult, h('p', { class: 'state-bad', role: 'alert' }, result.message.ko, ' ', en(result.message.en)));
      return;
    }
    s.route = result;
    fill(routeResult, h('p', { class: 'state-on', id: 'me-route-found' }, `${both('map.route_length', { metres: Math.round(result.length_m) })} · ${result.levels.map(floorName).join(' → ')}`,
      result.step_free ? ` · ${both('map.step_free')}` : ''),
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

  return { renderRouteChoices, showRoute, drawRoute };
}
