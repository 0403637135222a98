"""The kiosk's screen atlas: a visitor's walk through every kiosk screen in every mode
(normal, high contrast, enlarged, low screen, voice, enlarged and low together) in Korean,
and in normal mode in every language, on the portrait (1080x1920) and the landscape
(1920x1080) screen. Each screen is photographed (SUNBEON_ATLAS=<folder>, see
tests/browser/atlas.py) and measured:

- KS X 9211: axe-core finds no violation; every control is at least 12 mm a side and
  2.5 mm from the next, from the kiosk's configured screen size; text contrast is at
  least 4.5:1; nothing moves; a mode that is on says so in words; in low-screen mode
  every control is in the lower part of the screen;
- the layout rules of tests/browser/atlas.py: every control inside the screen and none
  reached only by scrolling the whole screen, the first choice in view, no text
  overflowing or cut off, no text under 24 px (48 px enlarged).

KNOWN lists what still breaks a rule, screen by screen; a screen that breaks a rule not
listed fails the test, and so does a listed problem that is gone (take it off the list).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.browser.atlas import CONTROLS, Atlas, layout_problems
from tests.browser.conftest import axe_violations
from tests.browser.kiosk_walk import (kiosk_screens, remote_checkin_screens, start_walk_server,
                                      survey_screens, use_tool)
from tests.browser.test_kiosk_survey import add_survey
from tests.browser.test_fonts import choose_language
from tests.browser.test_kiosk_sign import first_service, give_sign_guide
from tests.browser.test_kiosk import (LANDSCAPE, PORTRAIT, new_kiosk_page, open_confirm, sql,
                                      wait_screen)

# The 1st-floor kiosk's sample screen: 1080 px across 477 mm.
PX_PER_MM = 1080 / 477
KIOSK_CATALOGS = Path(__file__).resolve().parents[2] / "kiosk" / "i18n"
# Low-screen mode keeps every control below this share of the screen's height.
LOW_SCREEN_TOP = {"portrait": 0.42, "landscape": 0.33}

MEASURE = """([selector, ppm]) => {
  const shown = (el) => el.getClientRects().length > 0 && !el.closest('[hidden]');
  const name = (el) => el.id || el.dataset.key || el.dataset.mode || el.textContent.trim().slice(0, 20);
  const controls = [...document.querySelectorAll(selector)].filter(shown);
  const boxes = controls.map((el) => [name(el), el.getBoundingClientRect()]);
  // Spacing and place are measured where controls can be touched: the part of a
  // scrolling area (the screen, the controls column) that is in view, and not under
  // something else (a screen's buttons stay in view over what scrolls beneath them).
  const onTop = (el, r) => {
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return hit !== null && (hit === el || el.contains(hit));
  };
  const bars = [...document.querySelectorAll('#screen > div > .actions:last-child')];
  const touchable = controls.map((el, i) => {
    const r = boxes[i][1];
    const area = el.parentElement.closest('#screen, .controls');
    const view = area ? area.getBoundingClientRect() : r;
    let top = Math.max(r.top, view.top), bottom = Math.min(r.bottom, view.bottom);
    for (const bar of bars) {   // what scrolls beneath the screen's buttons is out of reach there
      if (!bar.contains(el)) bottom = Math.min(bottom, Math.max(top, bar.getBoundingClientRect().top));
    }
    const part = {left: r.left, right: r.right, top, bottom};
    return bottom > top && onTop(el, part) ? [boxes[i][0], part] : null;
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
    // A drawing's text is painted by its fill over the shapes beneath it, which the page's
    // colours do not tell: the route map's labels are checked by its own tests.
    if (el.closest('svg')) continue;
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


MODES = {"normal": [], "contrast": ["contrast"], "enlarged": ["enlarge"], "low": ["low"],
         "voice": ["voice"], "enlarged-low": ["low", "enlarge"]}
LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")
# Choices that may scroll their items out of view (a long list, a group of chips); a
# keypad, a form or a screen's buttons may not.
LISTS = ".options, .chips, ul, ol, [role=list]"

UNREACHABLE = "reached only by scrolling the screen"
LATE = "first choice not in view"
WIDE = "wider than the screen (scrolls sideways)"
COVERED = "under another element"
LOW_LINE = "above the low-screen line"
# What still breaks the layout rules: (size, mode, language, screen) -> the rules it breaks.
KNOWN: dict[tuple[str, str, str, str], set[str]] = {}


# "On", as each language's tile says it.
ON = {lang: json.loads((KIOSK_CATALOGS / f"{lang}.json").read_text(encoding="utf-8"))["tools.on"]
      for lang in LANGUAGES}


@pytest.fixture(scope="module")
def atlas_server(tmp_path_factory):
    process = start_walk_server(tmp_path_factory)
    yield process
    process.stop()


# Every mode in Korean; every language at normal size; and 200 % (with and without low
# screen) in the languages whose words run longest (Vietnamese) and whose script stands
# tallest (Thai), where bars wrap and columns overflow first.
LONG_LANGUAGES = ("vi", "th")
CASES = ([(size, mode, "ko") for size in ("portrait", "landscape") for mode in MODES]
         + [(size, "normal", lang) for size in ("portrait", "landscape")
            for lang in LANGUAGES if lang != "ko"]
         + [(size, mode, lang) for size in ("portrait", "landscape")
            for mode in ("enlarged", "enlarged-low") for lang in LONG_LANGUAGES])


@pytest.mark.parametrize("size, mode, lang", CASES)
def test_every_kiosk_screen_in_every_mode_and_language(browser, atlas_server, size, mode, lang):
    viewport = PORTRAIT if size == "portrait" else LANDSCAPE
    page = new_kiosk_page(browser, atlas_server, viewport)
    try:
        assert page.evaluate("window.__pxPerMm") == pytest.approx(PX_PER_MM)
        enter_modes(page, mode, lang)
        walk = kiosk_screens(page, atlas_server, priority=False, code_by="keypad",
                             consonants="ㅁㅇ", satisfied=True, language=True,
                             notify=True, closed=True, call_help=True, remote=True)
        check_walk(page, walk, f"{size}-{mode}-{lang}", size, mode, lang)
    finally:
        page.context.close()


def check_walk(page, walk, album: str, size: str, mode: str, lang: str, *,
               known_problems=KNOWN, atlas_name: str = "kiosk") -> None:
    """Photograph and measure each screen of a walk; every problem not on `known_problems`
    fails, and so does a problem on it that is gone."""
    viewport = PORTRAIT if size == "portrait" else LANDSCAPE
    atlas = Atlas(atlas_name, album)
    min_font = 48 if "enlarge" in MODES[mode] else 24
    problems, known_seen, walked = {}, set(), set()
    axe_page = AxeOnce(page)
    for name in walk:
        walked.add(name)
        atlas.shoot(page, name)
        found = layout_problems(page, min_font, lists=LISTS, main="#screen")
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
        if "low" in MODES[mode]:
            line = viewport["height"] * LOW_SCREEN_TOP[size]
            high = [n for n, top in measured["tops"] if top < line - 1]
            if high:
                found[LOW_LINE] = high
        known = known_problems.get((size, mode, lang, name), set())
        known_seen |= {(size, mode, lang, name, rule) for rule in found if rule in known}
        found = {rule: items for rule, items in found.items() if rule not in known}
        if found:
            problems[name] = found
    atlas.record(problems)
    assert problems == {}
    listed = {(size, mode, lang, name, rule) for (s, m, lg, name), rules in known_problems.items()
              if (s, m, lg) == (size, mode, lang) and name in walked for rule in rules}
    assert listed - known_seen == set(), "fixed: take these off KNOWN"


def enter_modes(page, mode: str, lang: str) -> None:
    """The kiosk in `lang` with the tiles of `mode` on, each saying so in words."""
    if lang != "ko":
        choose_language(page, lang)
    for tile in MODES[mode]:
        use_tool(page, f"[data-mode={tile}]")
        assert page.get_attribute(f"[data-mode={tile}]", "aria-pressed") == "true"
        assert ON[lang] in page.text_content(f"[data-mode={tile}]")   # said in words


@pytest.fixture(scope="module")
def survey_server(tmp_path_factory):
    """The walk's server with a satisfaction survey running today (a server of its own, so
    that the survey's home tile leaves the main walk's screens as they are)."""
    process = start_walk_server(tmp_path_factory)
    add_survey(process)
    yield process
    process.stop()


SURVEY_CASES = [(size, mode, lang) for size in ("portrait", "landscape")
                for mode in ("normal", "contrast", "enlarged", "low") for lang in ("ko", "vi")]


@pytest.mark.parametrize("size, mode, lang", SURVEY_CASES)
def test_the_survey_screens(browser, survey_server, size, mode, lang):
    page = new_kiosk_page(browser, survey_server, PORTRAIT if size == "portrait" else LANDSCAPE)
    try:
        enter_modes(page, mode, lang)
        check_walk(page, survey_screens(page, survey_server), f"survey-{size}-{mode}-{lang}",
                   size, mode, lang)
    finally:
        page.context.close()


# The remote check-in screens alone, in the modes and languages the whole walk (CASES, which
# includes them) does not take: its letter pad in Vietnamese with a low or high-contrast screen.
REMOTE_CASES = [(size, mode, "vi") for size in ("portrait", "landscape")
                for mode in ("contrast", "low")]


@pytest.mark.parametrize("size, mode, lang", REMOTE_CASES)
def test_the_remote_check_in_screens(browser, atlas_server, size, mode, lang):
    page = new_kiosk_page(browser, atlas_server, PORTRAIT if size == "portrait" else LANDSCAPE)
    try:
        enter_modes(page, mode, lang)
        walk = itertools.chain(["home"], remote_checkin_screens(page, atlas_server))
        check_walk(page, walk, f"{size}-{mode}-{lang}", size, mode, lang,
                   atlas_name="kiosk-remote")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", ["portrait", "landscape"])
def test_the_email_keys_at_200_percent_are_five_rows_with_digits_at_the_123_key(
        browser, atlas_server, size):
    """Enlarged, the e-mail keys are letters, signs and domains; "123" puts the digits in
    the letters' place and "abc" brings the letters back. At normal size all are shown."""
    page = new_kiosk_page(browser, atlas_server, PORTRAIT if size == "portrait" else LANDSCAPE)
    try:
        use_tool(page, "[data-mode=enlarge]")
        walk = kiosk_screens(page, atlas_server, priority=False, code_by="keypad",
                             consonants="ㅁㅇ", satisfied=True, notify=True)
        next(name for name in walk if name == "notify-email")
        typed = page.input_value("#notify-email")
        rows = "#screen .email-keys > .email-row"
        assert page.locator(rows).evaluate_all(
            "(rows) => rows.filter((row) => row.getClientRects().length).length") == 5
        assert page.is_visible("[data-key=email-q]") and not page.is_visible("[data-key=email-1]")
        page.click("[data-key=email-switch]")
        assert page.is_visible("[data-key=email-1]") and not page.is_visible("[data-key=email-q]")
        assert page.inner_text("[data-key=email-switch]") == "abc"
        page.click("[data-key=email-7]")
        page.click("[data-key=email-switch]")
        page.click("[data-key=email-q]")
        assert page.input_value("#notify-email") == typed + "7q"
        assert page.inner_text("[data-key=email-switch]") == "123"

        use_tool(page, "[data-mode=enlarge]")                  # back to normal size
        assert page.is_visible("[data-key=email-1]") and page.is_visible("[data-key=email-q]")
        assert not page.is_visible("[data-key=email-switch]")
    finally:
        page.context.close()


def test_the_feedback_phrases_at_200_percent_with_low_screen_scroll_in_their_own_box(
        browser, atlas_server):
    """On a tall screen at 200 % with low screen, the phrases show as many as fit and turn
    with their own up and down buttons; the text box and "다음" stay in view below them."""
    page = new_kiosk_page(browser, atlas_server, PORTRAIT)
    try:
        use_tool(page, "[data-mode=low]")
        use_tool(page, "[data-mode=enlarge]")
        walk = kiosk_screens(page, atlas_server, priority=False, code_by="keypad",
                             consonants="ㅁㅇ", satisfied=True)
        next(name for name in walk if name == "feedback-text")
        box = ".phrases-scroll"
        assert page.is_visible("[data-key=phrases-up]") and page.is_visible("[data-key=phrases-down]")
        last = "#screen [data-key=phrase-3]"
        inside = f"""() => {{ const box = document.querySelector('{box}').getBoundingClientRect();
          const r = document.querySelector('{last}').getBoundingClientRect();
          return r.top >= box.top - 1 && r.bottom <= box.bottom + 1; }}"""
        assert not page.evaluate(inside)
        page.click("[data-key=phrases-down]")
        page.wait_for_function(inside)
        page.click(last)
        assert page.get_attribute(last, "aria-pressed") == "true"
        for control in ("#feedback-text", "#feedback-next"):
            r = page.locator(control).bounding_box()
            assert PORTRAIT["height"] * LOW_SCREEN_TOP["portrait"] <= r["y"]
            assert r["y"] + r["height"] <= page.locator(".controls").bounding_box()["y"]
    finally:
        page.context.close()



# ---- sign-language guides (수어) and the sign-interpreting request --------------------

# What the sign screens still break, as KNOWN above.
SIGN_KNOWN: dict[tuple[str, str, str, str], set[str]] = {}
SIGN_CASES = [(size, mode, lang) for size in ("portrait", "landscape")
              for mode in ("normal", "enlarged", "low", "enlarged-low", "contrast")
              for lang in ("ko", "vi") if lang == "ko" or mode != "contrast"]


@pytest.fixture(scope="module")
def sign_atlas_server(tmp_path_factory):
    """The walk's server, whose first service and information page have a sign guide
    (with captions) and whose site has a video-relay number."""
    process = start_walk_server(tmp_path_factory)
    give_sign_guide(process, first_service(process))
    page_id = sql(process, "SELECT id FROM info_pages WHERE site_id = 1 ORDER BY id")[0][0]
    give_sign_guide(process, page_id, subject="page")
    yield process
    process.stop()


CAPTION_IN_VIEW = """() => {
  const caption = document.getElementById('sign-caption'), r = caption.getBoundingClientRect();
  const hit = (y) => caption.contains(document.elementFromPoint((r.left + r.right) / 2, y));
  return r.top >= 0 && r.bottom <= innerHeight && hit(r.top + 2) && hit(r.bottom - 2);
}"""


def sign_screens(page):
    """Confirm step with its 수어 button -> the player -> the information page with its
    button -> the player -> the help screen (직원 호출, with 수어 통역 요청) -> the same after
    asking for sign interpreting, with the relay number."""
    open_confirm(page)
    yield "confirm-sign"
    page.click("#screen [data-key=sign]")
    wait_screen(page, "sign")
    page.wait_for_function("() => document.getElementById('sign-video').readyState >= 2")
    # Photographed with its first caption under the video (the video paused there, so that
    # the measures see what the photograph shows), the caption whole in view and on top.
    page.evaluate("() => { const v = document.getElementById('sign-video'); v.pause(); v.currentTime = 0.5; }")
    page.wait_for_function("() => document.getElementById('sign-caption').textContent.length > 0")
    assert page.evaluate(CAPTION_IN_VIEW)
    yield "sign"
    page.click("#nav-home")
    wait_screen(page, "home")
    page.click("#screen [data-key=info]")
    wait_screen(page, "info-pages")
    page.click("#screen [data-option='1']")
    wait_screen(page, "info-page")
    yield "info-page-sign"
    page.click("#screen [data-key=sign]")
    wait_screen(page, "sign")
    yield "sign-page"
    use_tool(page, "#tool-help")                       # a plain call, with its second button
    wait_screen(page, "help")
    page.wait_for_selector("#screen [data-key=help-sign]")
    page.wait_for_selector(".help .notice-success")
    yield "help"
    page.click("#screen [data-key=help-sign]")
    page.wait_for_selector("#help-relay")
    page.wait_for_selector(".help-sign .notice-success")
    yield "help-sign"


@pytest.mark.parametrize("size, mode, lang", SIGN_CASES)
def test_the_sign_guide_and_the_sign_interpreting_request(browser, sign_atlas_server,
                                                          size, mode, lang):
    # The kiosk's call of the case before is answered: each case starts with none open.
    sql(sign_atlas_server, "UPDATE help_requests SET closed_at = requested_at WHERE closed_at IS NULL")
    page = new_kiosk_page(browser, sign_atlas_server, PORTRAIT if size == "portrait" else LANDSCAPE)
    try:
        page.wait_for_selector("html[data-sign-videos-kept]", state="attached", timeout=10000)
        enter_modes(page, mode, lang)
        check_walk(page, sign_screens(page), f"{size}-{mode}-{lang}", size, mode, lang,
                   known_problems=SIGN_KNOWN, atlas_name="kiosk-sign")
    finally:
        page.context.close()
