"""Fonts that travel with the product: every visitor-facing page draws every character
with a font the server ships from its own origin, in a Chromium that has no Chinese, Thai
or Korean system font (as on a device that lacks them); a kiosk fetches only the fonts of
the language on screen, within its first-load budget; the phone page's long Chinese and
Thai labels leave their values room.

Chromium reports a character missing from every font as drawn by the first font of the
list (its empty box), so each character is checked against the character maps of the
fonts Chromium says drew its element (`CSS.getPlatformFontsForNode`)."""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.kiosk_walk import kiosk_screens, start_walk_server
from tests.browser.test_display import Lobby, open_screen
from tests.browser.test_kiosk import (PORTRAIT, kiosk_takes, new_kiosk_page, service_id,
                                      wait_ready, wait_screen)
from tests.browser.test_kiosk_rating_feedback import served_at_counter_1
from tests.browser.test_phone_ticket import open_ticket
from tests.support.server import ServerProcess

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
SHIPPED_FONTS = [
    *(NODE_MODULES / "krds-uiux" / "resources" / "fonts").glob("*.woff2"),
    *(NODE_MODULES / "@fontsource").glob("*/files/*.woff2"),
]
BUDGET_BYTES = 600 * 1024


@cache
def shipped_glyphs() -> dict[str, set[int]]:
    """Characters of each font the server ships, by PostScript name (the name Chromium
    reports); a family split into slices is the union of its slices (the cuts under
    /fonts/cuts/ keep their slice's name and hold some of its characters)."""
    glyphs: dict[str, set[int]] = {}
    for path in SHIPPED_FONTS:
        font = TTFont(path, lazy=True)
        glyphs.setdefault(font["name"].getDebugName(6), set()).update(font.getBestCmap())
    return glyphs


# The one folder of system fonts the test's Chromium may use: DejaVu has no Chinese, Thai
# or Hangul. (With no system font at all, Chromium fails to decode stylesheet web fonts.)
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(scope="module")
def browser(playwright, tmp_path_factory):
    """Chromium whose fontconfig knows DejaVu alone, like a device without Chinese, Thai
    or Korean fonts; anything it draws with a system font counts as a failure."""
    if not DEJAVU.is_dir():
        pytest.fail(f"{DEJAVU} is missing: apt-get install fonts-dejavu-core")
    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{DEJAVU}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>
""")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
        env={**os.environ, "FONTCONFIG_FILE": str(config)})
    yield browser
    browser.close()


# Every shown element with text of its own (its text nodes and ::before/::after).
SHOWN_TEXT = """() => {
  const own = (el) => {
    let text = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.nodeValue).join('');
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (content.startsWith('"')) text += JSON.parse(content);
    }
    return text;
  };
  const shown = [...document.body.querySelectorAll('*')].filter((el) =>
    own(el).trim() && el.checkVisibility({visibilityProperty: true}));
  return {elements: shown, texts: shown.map(own)};
}"""


# Fonts are fetched when text is laid out: let a few frames pass, waiting each time
# for every font load under way.
FONTS_SETTLED = """async () => {
  for (let frame = 0; frame < 3; frame++) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    await document.fonts.ready;
  }
}"""


def drawn(character: str) -> bool:
    """Whether a character needs a glyph (spaces and format controls do not)."""
    return not character.isspace() and unicodedata.category(character) != "Cf"


def missing_glyphs(page) -> list[str]:
    """Each shown text with a character that no shipped font drew, or drawn by a font
    the server does not ship; after the page's fonts have loaded. Checked again when a
    live redraw replaced part of the page meanwhile."""
    for _ in range(3):
        page.evaluate(FONTS_SETTLED)
        cdp = page.context.new_cdp_session(page)
        try:
            problems = _glyph_check(cdp)
        finally:
            cdp.detach()
        if problems is not None:
            return problems
    raise AssertionError("the page kept changing under the glyph check")


def _glyph_check(cdp) -> list[str] | None:
    """The problems, or None when an element was replaced during the check."""
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    cdp.send("DOM.getDocument", {"depth": 0})
    found = cdp.send("Runtime.evaluate", {"expression": f"({SHOWN_TEXT})()"})["result"]
    parts = {p["name"]: p["value"] for p in
             cdp.send("Runtime.getProperties", {"objectId": found["objectId"],
                                                "ownProperties": True})["result"]}

    def call(part: str, function: str):
        return cdp.send("Runtime.callFunctionOn", {
            "objectId": parts[part]["objectId"], "functionDeclaration": function,
            "returnByValue": True})["result"]["value"]

    texts = call("texts", "function () { return this; }")
    elements = [p["value"]["objectId"] for p in
                cdp.send("Runtime.getProperties", {"objectId": parts["elements"]["objectId"],
                                                   "ownProperties": True})["result"]
                if p["name"].isdigit()]
    assert len(elements) == len(texts) > 0
    problems = []
    for object_id, text in zip(elements, texts):
        try:
            node = cdp.send("DOM.requestNode", {"objectId": object_id})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        except PlaywrightError as error:
            if "Could not find node" in str(error):
                return None
            raise
        foreign = [f["familyName"] for f in fonts
                   if not f["isCustomFont"] or f["postScriptName"] not in shipped_glyphs()]
        covered = set().union(*(shipped_glyphs().get(f["postScriptName"], set())
                                for f in fonts))
        boxes = sorted({c for c in text if drawn(c) and ord(c) not in covered})
        if foreign or boxes or not fonts:
            problems.append(f"{text.strip()[:40]!r}: missing {''.join(boxes)!r}, "
                            f"drawn by {[f['familyName'] for f in fonts]}")
    if not call("elements", "function () { return this.every((el) => el.isConnected); }"):
        return None
    return problems


# ---- the kiosk ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def fonts_server(tmp_path_factory):
    process = start_walk_server(tmp_path_factory)
    yield process
    process.stop()


def choose_language(page, lang: str):
    page.click("#tool-language")
    wait_screen(page, "language")
    page.click(f"#screen [data-key=lang-{lang}]")
    wait_screen(page, "home")
    assert page.get_attribute("html", "lang") == lang


def test_the_language_list_on_a_korean_kiosk_names_each_language_in_its_own_script(
        browser, fonts_server):
    """Under the page's own Content-Security-Policy (font-src 'self'), as in production."""
    page = browser.new_context(viewport=PORTRAIT, bypass_csp=False).new_page()
    try:
        response = page.goto(f"{fonts_server.url}/kiosk?token={fonts_server.tokens['kiosk-1f']}")
        assert "font-src 'self'" in response.headers["content-security-policy"]
        wait_ready(page)
        page.click("#tool-language")
        wait_screen(page, "language")
        labels = page.eval_on_selector_all(
            "#screen .option-label", "(all) => all.map((el) => [el.lang, el.textContent])")
        assert dict(labels)["zh"] == "简体中文" and dict(labels)["th"] == "ภาษาไทย"
        assert missing_glyphs(page) == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["zh", "th", "vi"])
def test_every_kiosk_screen_has_every_glyph(browser, fonts_server, lang):
    page = new_kiosk_page(browser, fonts_server)
    try:
        choose_language(page, lang)
        problems = {}
        for name in kiosk_screens(page, fonts_server, priority=True, code_by="keypad",
                                  consonants="ㅁㅇ", satisfied=True, language=True,
                                  notify=True, closed=True, call_help=True):
            if found := missing_glyphs(page):
                problems[name] = found
        assert problems == {}
    finally:
        page.context.close()


def font_requests(page) -> list[str]:
    """Each font file the page fetched (since the last clearResourceTimings)."""
    return page.evaluate("""() => performance.getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname).filter((path) => /\\.woff2?$/.test(path))""")


def bytes_transferred(page) -> int:
    """Since the page opened or the last clearResourceTimings."""
    return page.evaluate("""() => [...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource')].reduce((sum, e) => sum + e.transferSize, 0)""")


FONT_LANGUAGES = (("/vendor/krds/", "ko"), ("/vendor/noto-sans-sc/", "zh"),
                  ("/fonts/cuts/zh-", "zh"), ("/vendor/noto-sans-thai/", "th"),
                  ("/fonts/cuts/th-", "th"), ("/vendor/noto-sans/", "vi"))


def font_language(path: str) -> str:
    """The language a font file is for (ko: Pretendard GOV, also every language's
    Latin letters and digits)."""
    return next(lang for prefix, lang in FONT_LANGUAGES if path.startswith(prefix))


def settle(page):
    page.wait_for_load_state("networkidle")
    page.evaluate(FONTS_SETTLED)


def test_a_kiosk_first_load_fetches_korean_fonts_only_within_the_budget(browser, fonts_server):
    page = new_kiosk_page(browser, fonts_server, PORTRAIT)    # a fresh context: cold cache
    try:
        settle(page)
        assert font_requests(page) == ["/vendor/krds/fonts/PretendardGOV-Medium.subset.woff2"]
        assert bytes_transferred(page) < BUDGET_BYTES
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh", "vi", "ru", "th"])
def test_a_language_fetches_only_its_own_fonts_within_the_budget(browser, fonts_server, lang):
    """A cold kiosk, its language list (every language's name), then home in the
    language: all within the budget, and after the choice only that language's fonts."""
    page = new_kiosk_page(browser, fonts_server, PORTRAIT)
    try:
        page.click("#tool-language")
        wait_screen(page, "language")
        settle(page)
        before = bytes_transferred(page)
        page.evaluate("performance.clearResourceTimings()")
        page.click(f"#screen [data-key=lang-{lang}]")
        wait_screen(page, "home")
        settle(page)
        assert {font_language(path) for path in font_requests(page)} <= {lang}
        total = before + bytes_transferred(page)
        assert total < BUDGET_BYTES, f"{total / 1024:.0f} KB"
        assert missing_glyphs(page) == []
    finally:
        page.context.close()


# ---- the live screens ---------------------------------------------------------------

@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("fonts-lobby") / "lobby.db")
    process.start()
    lobby = Lobby(process)
    for service in ("주민등록 등·초본", "여권", "자동차 등록"):
        lobby.issue(service)
    lobby.call_next("staff1", 1)
    yield lobby
    process.stop()


SCREENS = [("/display/board", "board-1f", 1920, 1080),
           ("/display/counter/4", "counter-display-4", 1080, 1920),
           ("/display/directory/1", "directory-1f", 1920, 1080),
           ("/display/seats/1", "seats-civil", 1920, 1080)]


@pytest.mark.parametrize("lang", ["zh", "th"])
@pytest.mark.parametrize("path, device, width, height", SCREENS)
def test_every_screen_draws_its_second_language_lines(new_page, lobby, lang, path, device,
                                                      width, height):
    lobby.set_config(device, label_languages=[lang])
    page = open_screen(new_page, lobby.url, lobby.tokens, path, device, width=width,
                       height=height)
    page.wait_for_function("""(lang) => [...document.querySelectorAll('.l2')]
        .some((el) => el.lang === lang && el.textContent.trim())""", arg=lang)
    assert missing_glyphs(page) == []


# ---- the phone page -----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "th"])
def test_the_phone_ticket_draws_every_glyph(new_page, fonts_server, lang):
    seal = service_id(fonts_server, "인감증명")
    waiting = open_ticket(new_page, kiosk_takes(fonts_server, seal), locale=lang)
    assert waiting.get_attribute("html", "lang") == lang
    assert missing_glyphs(waiting) == []
    # Long labels (Thai has no spaces) leave their values room to be read.
    narrowest = waiting.evaluate("""() => Math.min(...[...document.querySelectorAll('#facts dd')]
        .map((dd) => dd.getBoundingClientRect().width / dd.parentElement.clientWidth))""")
    assert narrowest > 0.5

    served = open_ticket(new_page, served_at_counter_1(fonts_server, seal), locale=lang)
    served.wait_for_selector("#rating:not([hidden])")
    served.click("#feedback-open")
    assert missing_glyphs(served) == []
