// Who this screen is. A kiosk or screen enrols once by opening its page with ?token=T:
// the token is kept in this browser's storage and taken out of the address bar, so it
// never shows on screen or in a screenshot.
// One token per page address, so a kiosk and a board tried in one browser keep their own.
const STORAGE_KEY = `sunbeon.token:${window.location.pathname}`;

export function deviceToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    localStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return localStorage.getItem(STORAGE_KEY);
}
