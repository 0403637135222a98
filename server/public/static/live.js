// Asks the relay for the figures every few seconds and puts them in place of the old
// ones (the same HTML the page was served with). Nothing here reaches anything but the
// relay itself.
const current = () => document.getElementById("waits");

async function refresh() {
  const waits = current();
  try {
    const response = await fetch(waits.dataset.part, { cache: "no-store" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html")
      .getElementById("waits");
    if (!fresh) return;
    // The status line is kept (a screen reader hears only when its words change).
    const state = waits.querySelector("#link-state");
    const freshState = fresh.querySelector("#link-state");
    if (state && freshState) {
      if (state.textContent !== freshState.textContent) state.textContent = freshState.textContent;
      freshState.replaceWith(state);
    }
    waits.replaceWith(document.adoptNode(fresh));
  } catch {
    // The relay itself is unreachable: keep what is shown; the next round tries again.
  }
}

const seconds = Number(current()?.dataset.refresh) || 5;
if (current()) setInterval(refresh, seconds * 1000);
