// Plan geometry for the floor-map editor: points are plan pixels [x, y], y downwards.

export function dist(a, b) { return Math.hypot(a[0] - b[0], a[1] - b[1]); }

// The point of segment a-b nearest p, rounded as the API keeps plan pixels.
export function nearestOnSegment(a, b, p) {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const span = dx * dx + dy * dy;
  const share = span ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / span)) : 0;
  return [Math.round((a[0] + share * dx) * 10) / 10, Math.round((a[1] + share * dy) * 10) / 10];
}

// Whether a point lies within a polygon (even-odd rule).
export function inside([x, y], polygon) {
  let within = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i, i += 1) {
    const [xi, yi] = polygon[i]; const [xj, yj] = polygon[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) within = !within;
  }
  return within;
}
