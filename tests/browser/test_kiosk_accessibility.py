"""KS X 9211 on every kiosk screen, in every mode and both layouts, measured in Chromium:
axe-core finds no violation; every control is at least 12 mm a side and 2.5 mm from the
next, from the kiosk's configured screen size; text contrast is at least 4.5:1; nothing
moves; a mode that is on says so in words; in low-screen mode every control is in the
lower part of the screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.kiosk_walk import kiosk_screens
from tests.browser.test_kiosk import (LANDSCAPE, PORTRAIT, add_info_page, new_kiosk_page,
                                      service_id, sql, start_server)

# The 1st-floor kiosk's sample screen: 1080 px across 477 mm.
PX_PER_MM = 1080 / 477
# Low-screen mode keeps every control below this share of the screen's height.
LOW_SCREEN_TOP = {"portrait": 0.42, "landscape": 0.33}
MODES = {"normal": [], "high-contrast": ["contrast"], "enlarged": ["enlarge"],
         "low-screen": ["low"], "voice": ["voice"]}

CONTROLS = ("button, a[href], input, select, textarea, [role=button], "
            "[tabindex]:not([tabindex='-1'])")

MEASURE = """([selector, ppm]) => {
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]');
  const name = (el) => el.id || el.dataset.key || el.dataset.mode || el.textContent.trim().slice(0, 20);
  const controls = [...document.querySelectorAll(selector)].filter(shown);
  const boxes = controls.map((el) => [name(el), el.getBoundingClientRect()]);
  // Spacing and place are measured where controls can be touched: the part of a
  // scrolling area (the screen, the controls column) that is in view.
  const touchable = controls.map((el, i) => {
    const r = boxes[i][1];
    const area = el.parentElement.closest('#screen, .controls');
    const view = area ? area.getBoundingClientRect() : r;
    const top = Math.max(r.top, view.top), bottom = Math.min(r.bottom, view.bottom);
    return bottom > top ? [boxes[i][0], {left: r.left, right: r.right, top, bottom}] : null;
  }).filter(Boolean);
  const small = boxes.filter(([, r]) => r.width < 12 * ppm - 0.5 || r.height < 12 * ppm - 0.5)
    .map(([n, r]) => `${n}: ${r.width.toFixed(1)}x${r.height.toFixed(1)}`);
  const close = [];
  for (let i = 0; i < touchable.length; i++) {
    for (let j = i + 1; j < touchable.length; j++) {
      const [a, ra] = touchable[i], [b, rb] = touchable[j];
      const dx = Math.max(0, rb.left - ra.right, ra.left - rb.right);
      const dy = Math.max(0, rb.top - ra.bottom, ra.top - rb.bottom);
      if (Math.max(dx, dy) < 2.5 * ppm - 0.5) close.push(`${a} / ${b}: ${Math.max(dx, dy).toFixed(1)}px`);
    }
  }
  return {count: controls.length, small, close, tops: touchable.map(([n, r]) => [n, r.top])};
}"""

# Text contrast at least 4.5:1 against the nearest opaque background, for all text
# (stricter than WCAG AA, which lets large text have 3:1).
CONTRAST = """() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const failures = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest('[hidden]')) continue;
    const fg = lum(parse(getComputedStyle(el).color)), bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) failures.push(`${node.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


class AxeOnce:
    """The page as axe_violations() sees it, injecting axe-core only the first time: the
    kiosk is one page for all its screens."""

    def __init__(self, page):
        self.page = page

    def add_script_tag(self, **script):
        if self.page.evaluate("typeof axe === 'undefined'"):
            self.page.add_script_tag(**script)

    def evaluate(self, expression, *args):
        return self.page.evaluate(expression, *args)


@pytest.fixture(scope="module")
def a11y_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    # A closed service, for the closed screen.
    sql(process, "UPDATE services SET paused = 1 WHERE id = ?", (service_id(process, "토지 민원"),))
    add_info_page(process)
    yield process
    process.stop()


CASES = [(layout, mode) for layout in ("portrait", "landscape") for mode in MODES
         if not (mode == "voice" and layout == "landscape")]   # voice adds controls only


@pytest.mark.parametrize("layout, mode", CASES)
def test_every_screen_meets_the_kiosk_criteria(browser, a11y_server, layout, mode):
    viewport = PORTRAIT if layout == "portrait" else LANDSCAPE
    page = new_kiosk_page(browser, a11y_server, viewport)
    try:
        assert page.evaluate("window.__pxPerMm") == pytest.approx(PX_PER_MM)
        for tile in MODES[mode]:
            page.click(f"[data-mode={tile}]")
            assert page.get_attribute(f"[data-mode={tile}]", "aria-pressed") == "true"
            assert "켜짐" in page.inner_text(f"[data-mode={tile}]")   # said in words
        problems = {}
        axe_page = AxeOnce(page)
        for name in kiosk_screens(page, a11y_server, priority=False, code_by="keypad",
                                  consonants="ㅁㅇ", satisfied=True, language=True,
                                  notify=True, closed=True, call_help=True):
            found = {}
            violations = axe_violations(axe_page)
            if violations:
                found["axe"] = violations
            measured = page.evaluate(MEASURE, [CONTROLS, PX_PER_MM])
            if measured["small"]:
                found["smaller than 12 mm"] = measured["small"]
            if measured["close"]:
                found["closer than 2.5 mm"] = measured["close"]
            contrast = page.evaluate(CONTRAST)
            if contrast:
                found["contrast below 4.5:1"] = contrast
            if page.evaluate("document.getAnimations().length"):
                found["moving"] = page.evaluate("document.getAnimations().length")
            if mode == "low-screen":
                high = [n for n, top in measured["tops"] if top < viewport["height"] * LOW_SCREEN_TOP[layout] - 1]
                if high:
                    found["above the low-screen line"] = high
            if found:
                problems[name] = found
        assert problems == {}
    finally:
        page.context.close()
