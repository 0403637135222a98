// Time as the server sees it (the page corrects its own clock by the server's), in the
// site's time zone (Korea: UTC+9 all year), and the waiting times that grow each second.

const ZONE = 'Asia/Seoul';
const OFFSET = '+09:00';
let skewMs = 0;

export function syncClock(serverNowIso) {
  skewMs = Date.parse(serverNowIso) - Date.now();
}

export const now = () => Date.now() + skewMs;

export const secondsSince = (iso) => Math.max(0, Math.floor((now() - Date.parse(iso)) / 1000));

// 0:42, 12:05, 1:02:09
export function duration(seconds) {
  const s = seconds % 60;
  const m = Math.floor(seconds / 60) % 60;
  const hours = Math.floor(seconds / 3600);
  const pad = (n) => String(n).padStart(2, '0');
  return hours ? `${hours}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

const parts = (ms) => Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
  minute: '2-digit', hourCycle: 'h23',
}).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));

export function hhmm(iso) {
  const p = parts(Date.parse(iso));
  return `${p.hour}:${p.minute}`;
}

export function today(ms = now()) {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}`;
}

// For <input type="datetime-local"> and <input type="time">, in the site's zone.
export function localInput(ms) {
  const p = parts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export const fromLocalInput = (value) => `${value}:00${OFFSET}`;

// Minutes from now, rounded up to the next quarter hour: a sensible default time.
export function soon(minutes) {
  const quarter = 15 * 60 * 1000;
  return Math.ceil((now() + minutes * 60 * 1000) / quarter) * quarter;
}

// Every second: an element with data-since="ISO" shows the time since then (marked late
// past data-late-after seconds); one with data-due="ISO" is marked overdue once it passed.
export function startTicking(onTick = () => {}) {
  const tick = () => {
    for (const el of document.querySelectorAll('[data-since]')) {
      const seconds = secondsSince(el.dataset.since);
      el.textContent = duration(seconds);
      if (el.dataset.lateAfter) {
        el.classList.toggle('is-late', seconds >= Number(el.dataset.lateAfter));
      }
    }
    for (const el of document.querySelectorAll('[data-due]')) {
      el.classList.toggle('is-overdue', now() >= Date.parse(el.dataset.due));
    }
    onTick();
  };
  tick();
  return setInterval(tick, 1000);
}
