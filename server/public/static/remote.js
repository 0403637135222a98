// The remote ticket form: asks the relay for a number and opens the page of its answer.
// The token that page is known by is kept on this phone (localStorage) so that the
// entrance's QR code can check the number in later.
const form = document.getElementById("remote");
const error = document.getElementById("remote-error");

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  error.textContent = "";
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const response = await fetch(form.dataset.action, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        service_id: Number(form.dataset.service),
        phone: form.phone.value.trim() || null,
        consent: form.consent.checked,
        lang: form.dataset.lang,
      }),
    });
    const answer = await response.json();
    if (!response.ok) {
      error.textContent = answer.message;
      button.disabled = response.status === 503 || response.status === 429;
      return;
    }
    try {
      localStorage.setItem(`sunbeon.remote.${location.pathname.split("/")[2]}`, answer.token);
    } catch {
      // Private browsing: the page's address holds the token as well.
    }
    location.assign(answer.url);
  } catch {
    button.disabled = false;
  }
});
