// Desktop notifications, for when the console is not the window in front.

export function askPermission() {
  if ('Notification' in window && Notification.permission === 'default') {
    Notification.requestPermission().catch(() => {});
  }
}

export function inBackground() {
  return document.visibilityState === 'hidden' || !document.hasFocus();
}

export function notify(title, body, tag) {
  if (!('Notification' in window) || Notification.permission !== 'granted' || !inBackground()) {
    return;
  }
  try {
    const note = new Notification(title, { body, tag, renotify: true, requireInteraction: true });
    note.onclick = () => { window.focus(); note.close(); };
  } catch (error) { /* notifications unavailable here: the banner and the sound remain */ }
}
