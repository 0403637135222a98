// The route map, as the server draws it (server/maps/routemap.py), for the kiosk and the
// visitor's phone alike: one SVG for each floor the route walks on. Its size is the page's
// CSS (/static/common/routemap.css, linked in the page's head, so that no drawing is ever
// shown before it: unstyled, every language's labels would show at once); its labels come
// in every kiosk language and the stylesheet shows those of the page's language.
import { bindAttr } from '/static/common/i18n.js';
import { h } from '/static/common/dom.js';

// A server text in every language, shown in the page's (English, then Korean, where missing).
const inLanguages = (texts) => ({ render: (lang) => texts[lang] || texts.en || texts.ko || '' });

// The floors of `drawing` (the route's `drawing`), each with its name above its plan.
export function routeMaps(drawing) {
  const parser = new DOMParser();
  return h('div', { class: 'route-maps' }, drawing.map((floor) => {
    const svg = parser.parseFromString(floor.svg, 'image/svg+xml').documentElement;
    const plan = document.importNode(svg, true);
    bindAttr(plan, 'aria-label', inLanguages(floor.label));
    return h('section', { class: 'route-level', 'data-floor': floor.floor },
      h('h3', { class: 'route-floor', text: inLanguages(floor.floor_name) }), plan);
  }));
}
