// The entrance's QR code: the number this phone took (its token, kept by remote.js) is
// checked in, and the phone goes to the number's page, which says so once the internal
// server has done it. Without a token here, the visitor is told to use a kiosk.
const box = document.getElementById("checkin");
const state = document.getElementById("checkin-state");

async function checkIn() {
  let token = null;
  try {
    token = localStorage.getItem(`sunbeon.remote.${box.dataset.site}`);
  } catch {
    // Private browsing keeps nothing: the kiosk takes the code instead.
  }
  if (!token) {
    state.textContent = box.dataset.noToken;
    return;
  }
  try {
    const response = await fetch(box.dataset.action, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ entrance: box.dataset.entrance, token, lang: box.dataset.lang }),
    });
    const answer = await response.json();
    if (!response.ok) {
      state.textContent = answer.message;
      return;
    }
    location.assign(answer.url);
  } catch {
    state.textContent = box.dataset.noToken;
  }
}

if (box) checkIn();
