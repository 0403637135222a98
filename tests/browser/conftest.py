"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) headless.

Never skipped: `scripts/test.sh` installs Chromium, and a missing browser fails the run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test: `pytest -m "not browser"` skips them
    for a fast loop, and the README's test command runs them all."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    # Closed network: no background calls home, no component updates.
    "--disable-background-networking", "--disable-component-update", "--no-first-run",
    "--disable-sync", "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]

# Playwright runs wait_for_function's predicate inside the page with `new Function`, which
# our pages' Content-Security-Policy forbids ('unsafe-eval'); tests that script pages that
# way set the policy aside. tests/browser/test_csp.py runs every kind of page under it.
BYPASS_CSP = True

# Recorded so tests can see what a page asked to say or play (headless has no voices).
RECORD_MEDIA = """
window.__spoken = [];
window.__played = [];
if (window.speechSynthesis) {
  const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
  window.speechSynthesis.speak = (u) => {
    window.__spoken.push({text: u.text, lang: u.lang, volume: u.volume});
    setTimeout(() => u.onend && u.onend(new Event('end')), 10);
    try { speak(u); } catch (e) {}
  };
}
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.__played.push(this.currentSrc || this.src || 'audio');
  return Promise.resolve();
};
"""


@pytest.fixture(scope="session")
def playwright():
    """One Playwright for the whole run: a second sync Playwright in the same thread
    refuses to start while the first runs."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium")
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(width=1080, height=1920) -> a page in a fresh context that records speech."""
    contexts = []

    def make(width: int = 1080, height: int = 1920, **options):
        options.setdefault("bypass_csp", BYPASS_CSP)
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.add_init_script(RECORD_MEDIA)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations for the page as it is now (WCAG 2.x A and AA rules)."""
    if page.evaluate("typeof axe === 'undefined'"):
        # Evaluated as from the developer tools: the page's Content-Security-Policy allows
        # no inline script, so a script tag holding axe would be refused.
        page.evaluate(AXE.read_text())
    # A fade under way (a toast leaving on its timer) is measured at its end, not halfway,
    # where its colours are a blend no one reads.
    return page.evaluate("""async () => {
        for (const a of document.getAnimations()) {
            if (a.effect?.getComputedTiming().iterations !== Infinity) a.finish();
        }
        const result = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
