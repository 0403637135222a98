// The route on the floor plans, with Leaflet (served at /vendor/leaflet/, loaded only when
// a route has a plan to draw on). CRS.Simple over the plan image: a plan pixel (x, y), y
// downwards, is the map point [height - y, x]. The map is a picture, not a control: no
// zoom buttons, no dragging, no keyboard focus (the steps beside it say the same in words).
import { h } from '/static/common/dom.js';
import { bindAttr, msg, render } from '/static/common/i18n.js';

let leaflet = null;

function loadLeaflet() {
  leaflet ||= new Promise((resolve, reject) => {
    document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/leaflet/leaflet.css' }));
    const script = h('script', { src: '/vendor/leaflet/leaflet.js' });
    script.onload = () => resolve(window.L);
    script.onerror = () => { leaflet = null; reject(new Error('leaflet')); };
    document.head.append(script);
  });
  return leaflet;
}

// Levels of this route that have a plan: [{level, points: [[x, y], ...], units}], in route
// order; units are the level's offices and rooms drawn with an outline.
export function drawableLevels(siteMap, route) {
  if (!siteMap || !route?.found) return [];
  const levels = new Map(siteMap.levels.map((level) => [level.id, level]));
  const parts = [];
  for (const point of route.path) {
    const level = levels.get(point.level_id);
    if (!level?.image || !level.width || !level.height) continue;
    let part = parts.at(-1);
    if (part?.level !== level) {
      parts.push(part = { level, points: [], units: siteMap.features.filter((f) => f.level_id === level.id
        && f.feature_type === 'unit' && f.outline?.length >= 3) });
    }
    part.points.push([point.x, point.y]);
  }
  return parts;
}

// One map per floor of the route: the plan, the offices' outlines (the destination's
// filled), the way as a line, "you are here" at the start and the office at the end.
export async function drawRoute(box, parts, route) {
  if (!parts.length) return;
  const L = await loadLeaflet();
  const start = route.from, goal = route.to;
  for (const [index, { level, points, units }] of parts.entries()) {
    const at = ([x, y]) => [level.height - y, x];
    const mapBox = h('div', { class: 'route-map', role: 'img', 'data-level': level.ordinal });
    bindAttr(mapBox, 'aria-label', msg('route.map_label', { floor: level.ordinal }));
    box.append(h('section', { class: 'route-level' },
      h('h3', { text: msg('place.floor', { n: level.ordinal }) }), mapBox));
    const map = L.map(mapBox, { crs: L.CRS.Simple, zoomControl: false, attributionControl: false,
      dragging: false, scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false,
      keyboard: false, touchZoom: false, tap: false, zoomSnap: 0, inertia: false,
      fadeAnimation: false, zoomAnimation: false, markerZoomAnimation: false });
    const bounds = [[0, 0], [level.height, level.width]];
    L.imageOverlay(level.image, bounds, { alt: '', interactive: false }).addTo(map);
    map.fitBounds(bounds);
    for (const unit of units || []) {
      const isGoal = unit.id === goal?.id;
      L.polygon(unit.outline.map(at), { className: `route-unit${isGoal ? ' is-goal' : ''}`, interactive: false,
        color: isGoal ? '#0b50d0' : '#6d7882', weight: isGoal ? 5 : 2, fillColor: '#0b50d0',
        fillOpacity: isGoal ? 0.25 : 0 }).addTo(map);
    }
    L.polyline(points.map(at), { color: '#0b50d0', weight: 8, interactive: false }).addTo(map);
    if (index === 0) {
      const here = start?.level_id === level.id && start.x != null ? [start.x, start.y] : points[0];
      mark(L, map, at(here), msg('route.here'), 'here');
    }
    if (index === parts.length - 1) {
      const there = goal?.level_id === level.id && goal.x != null ? [goal.x, goal.y] : points.at(-1);
      mark(L, map, at(there), msg('route.there'), 'there');
    }
  }
}

function mark(L, map, latLng, text, kind) {
  L.circleMarker(latLng, { radius: 14, weight: 4, color: '#111', fillColor: kind === 'here' ? '#d62d20' : '#0b50d0',
    fillOpacity: 1, interactive: false }).addTo(map)
    .bindTooltip(render(text), { permanent: true, direction: 'top', offset: [0, -14],
      className: `route-tip route-tip-${kind}` });
}
