// Line icons drawn inline, so they need no font glyphs (the KRDS font subset has no
// arrows or media symbols) and follow the text colour in every contrast mode.
// Icons are decoration: every control also says what it does in words.
const PATHS = {
  back: 'M15 5l-7 7 7 7',
  home: 'M3 11l9-8 9 8M5 9.5V21h5v-6h4v6h5V9.5',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  plus: 'M12 5v14M5 12h14',
  minus: 'M5 12h14',
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18',
  contrast: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 3v18M12 7h4M12 11h6M12 15h5',
  enlarge: 'M10.5 3a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM16 16l5 5M10.5 7v7M7 10.5h7',
  low: 'M12 3v12M6 9l6 6 6-6M4 20h16',
  voice: 'M4 9h4l5-4v14l-5-4H4zM16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12',
  help: 'M6 17v-6a6 6 0 0 1 12 0v6l2 2H4zM10 21h4',
  access: 'M12 2.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM4 8.5l8 2 8-2M12 10.5v4.5M12 15l-3.5 6.5M12 15l3.5 6.5',
  replay: 'M4 12a8 8 0 1 0 2.5-5.8M4 4v5h5',
  pause: 'M8 5v14M16 5v14',
  ticket: 'M4 6h16v4a2 2 0 0 0 0 4v4H4v-4a2 2 0 0 0 0-4zM14 6v12',
  map: 'M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zM12 7.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  check: 'M5 12.5l4.5 4.5L19 7',
  search: 'M10.5 3a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15zM16 16l5 5',
  stepfree: 'M9 4a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM9 9v6h6l3 5M9 12h5M7 11.5a5.5 5.5 0 1 0 7.5 7',
  yes: 'M7 10v10H4V10zM7 10l4-7a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.4 6A2 2 0 0 1 17.6 20H7',
  no: 'M7 14V4H4v10zM7 14l4 7a2 2 0 0 0 3-2l-1-5h6a2 2 0 0 0 2-2.3l-1.4-6A2 2 0 0 0 17.6 4H7',
  closed: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM5.6 5.6l12.8 12.8',
  info: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 11v6M12 7.5v.5',
  warn: 'M12 3L2 20h20zM12 9v5M12 17v.5',
  offline: 'M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 5-2.6M14 10.4a10 10 0 0 1 5 2.6M2 9.5a15 15 0 0 1 4.5-2.8M11 5a15 15 0 0 1 11 4.5M12 20v.5',
  person: 'M12 4a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM4 21a8 8 0 0 1 16 0',
  star: 'M12 3l2.7 5.6 6.1.8-4.5 4.2 1.1 6.1L12 16.8l-5.4 2.9 1.1-6.1-4.5-4.2 6.1-.8z',
  printer: 'M7 8V3h10v5M7 17H4v-7h16v7h-3M7 14h10v7H7z',
  mail: 'M3 6h18v12H3zM3 6l9 7 9-7',
  // A raised open hand: sign language (수어).
  sign: 'M8 12.5V6a1.5 1.5 0 0 1 3 0v5M11 10.5V4.5a1.5 1.5 0 0 1 3 0v6M14 10.5V6a1.5 1.5 0 0 1 3 0v7.5a7.5 7.5 0 0 1-7.5 7.5A6 6 0 0 1 4.6 18L2.8 14a1.5 1.5 0 0 1 2.6-1.5L8 16',
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a1 1 0 0 1-1 1A16 16 0 0 1 4 5a1 1 0 0 1 1-1z',
};

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `icon icon-${name}`);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name] || PATHS.info);
  svg.append(path);
  return svg;
}

// Elements written in the page template say which icon they carry with data-icon.
export function placeIcons(root = document) {
  for (const el of root.querySelectorAll('[data-icon]')) {
    if (!el.querySelector(':scope > svg.icon')) el.prepend(icon(el.dataset.icon));
  }
}
