// Keypad operation (KS X 9211): every control is reachable without touching the screen.
//   arrows      move to the next / previous control, in reading order
//   Tab         the same, as browsers do
//   Enter       press the focused control (native to buttons)
//   1-9         choose the item with that number on the screen (the number is shown);
//               with the voice guide on, the number it said, and 9 / 0 turn a long list's
//               pages (voice.js)
//   any key     starts the voice guide when it is off (modes.js, wakeVoiceByKey)
//   Escape, Backspace   back;  Home   home
// Kiosk keypads send these keys as a USB keyboard does.
// A screen that takes digits (the appointment code) marks an element with data-digits and
// gives it __accepts(key) / __digit(key) / __erase(): there the keys it accepts type (0-9,
// or a check-in code's letters and digits), and Backspace erases one (back once nothing
// is left). In a text field (search) letters, digits, Backspace and the
// left/right arrows edit the text; up/down still move between controls.
import { chooseByVoice } from './voice.js';

const FOCUSABLE = 'button:not([disabled]), a[href], [tabindex="0"]';

export function setupKeypad({ back, home, wakeVoice }) {
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (wakeVoice()) {
      event.preventDefault();
      return;
    }
    const key = event.key;
    if (event.target.matches?.('input, textarea') && /^(.|Backspace|Delete|ArrowLeft|ArrowRight|Home|End)$/u.test(key)) return;
    const digits = document.querySelector('#screen [data-digits]');
    if (digits?.__accepts && key.length === 1 && digits.__accepts(key)) {
      event.preventDefault();
      digits.__digit(key);
      return;
    }
    if (key === 'Backspace' && digits?.__erase?.()) {
      event.preventDefault();
      return;
    }
    if (/^[0-9]$/.test(key) && chooseByVoice(key)) {
      event.preventDefault();
      return;
    }
    if (key === 'ArrowDown' || key === 'ArrowRight') move(event, 1);
    else if (key === 'ArrowUp' || key === 'ArrowLeft') move(event, -1);
    else if (key === 'Escape' || key === 'Backspace') {
      event.preventDefault();
      back();
    } else if (key === 'Home') {
      event.preventDefault();
      home();
    } else if (/^[1-9]$/.test(key)) {
      const option = document.querySelector(`#screen [data-option="${key}"]`);
      if (option && visible(option)) {
        event.preventDefault();
        option.focus();
        option.click();
      }
    }
  });
}

function visible(el) {
  return el.getClientRects().length > 0 && !el.closest('[hidden]');
}

function move(event, step) {
  event.preventDefault();
  const items = [...document.querySelectorAll(FOCUSABLE)].filter(visible);
  if (!items.length) return;
  const at = items.indexOf(document.activeElement);
  let next;
  if (at === -1) {
    // From the screen title (or nothing), go to the first control after it.
    const after = items.findIndex((item) =>
      document.activeElement.compareDocumentPosition(item) & Node.DOCUMENT_POSITION_FOLLOWING);
    next = step > 0 ? items[after === -1 ? 0 : after] : items[(after === -1 ? 0 : after) - 1] || items.at(-1);
  } else {
    next = items[(at + step + items.length) % items.length];
  }
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
}
