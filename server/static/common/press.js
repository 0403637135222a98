// A redraw between pressing a button and letting go of it replaces the button, and the
// tap or click is lost (the press was on the old one, the release on the new one). Live
// screens redraw whenever the lobby changes, so they wait: whenReleased(draw) draws now,
// or once the finger, mouse or pen is lifted (after the click that the release makes).
let pressed = false;
const waiting = new Set();

document.addEventListener('pointerdown', () => { pressed = true; }, true);
const lifted = () => {
  pressed = false;
  setTimeout(() => {
    if (pressed) return;   // pressed again at once: wait for that release
    const due = [...waiting];
    waiting.clear();
    due.forEach((draw) => draw());
  }, 0);
};
document.addEventListener('pointerup', lifted, true);
document.addEventListener('pointercancel', lifted, true);
window.addEventListener('blur', lifted);   // released somewhere this page cannot see

export function whenReleased(draw) {
  if (pressed) waiting.add(draw);
  else draw();
}

// Resolves at once, or once nothing is pressed.
export const released = () => new Promise((resolve) => whenReleased(resolve));
