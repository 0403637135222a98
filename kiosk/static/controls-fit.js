// At 200 % the controls bar is one row on a tall screen (back, home, the folded tools'
// button) with the countdown and "more time" below, and a column beside the screen on a
// wide one. Where a language's labels are too long for that (Vietnamese, Thai), buttons
// give way to their icons one by one, in this order, until the row holds them or the
// column fits; the label stays the button's name for screen readers (.btn-compact).
const root = document.documentElement;
const landscape = window.matchMedia('(orientation: landscape)');

// The row of a tall screen: the buttons that may give way, in order, and what must stand on
// one line. (The countdown's words wrap beside "more time", which keeps its label.)
const ROW = { compact: ['tools-toggle', 'nav-back', 'nav-home'], line: ['nav-back', 'nav-home', 'tools-toggle'] };
const COLUMN = ['tools-toggle', 'nav-back', 'nav-home', 'idle-extend'];

const byId = (id) => document.getElementById(id);
const shown = (el) => el.getClientRects().length > 0;

// True when the shown elements do not all share one line.
function broken(ids) {
  const boxes = ids.map(byId).filter(shown).map((el) => el.getBoundingClientRect());
  return boxes.some((box) => box.top >= boxes[0].bottom || box.bottom <= boxes[0].top);
}

function overflows() {
  const controls = document.querySelector('.controls');
  return controls.scrollHeight > controls.clientHeight + 1;
}

function giveWay(ids, crowded) {
  for (const id of ids) {
    if (!crowded()) return;
    byId(id).classList.add('btn-compact');
  }
}

export function fitControls() {
  for (const id of COLUMN) byId(id).classList.remove('btn-compact');
  if (!root.hasAttribute('data-enlarge')) return;
  if (landscape.matches) giveWay(COLUMN, overflows);
  else giveWay(ROW.compact, () => broken(ROW.line));
}

export function setupControlsFit() {
  // Labels change with the language, sizes with the modes, the buttons with the screen:
  // any of them changes the size of one of these boxes.
  const watch = new ResizeObserver(() => fitControls());
  for (const el of [document.querySelector('.controls'), byId('nav'), byId('idle'),
    document.querySelector('.idle-text')]) {
    watch.observe(el);
  }
  landscape.addEventListener('change', fitControls);
  fitControls();
}
