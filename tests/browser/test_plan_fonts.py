"""Floor plans draw their labels with the font they carry (server/maps/svg.py), in a
Chromium without any Korean, Chinese or Thai system font (tests/browser/test_fonts.py's):
opened directly, every <text> is drawn by the embedded font alone; shown as an image in a
page under the page's Content-Security-Policy, the plan looks exactly as it does opened
directly, and not as the same plan without our style sheet (its labels in empty boxes)."""

from __future__ import annotations

import io
import re

import pytest
import requests
from PIL import Image, ImageChops

from tests.browser.test_fonts import (FONTS_SETTLED, browser, drawn,  # noqa: F401 (fixture)
                                      shipped_glyphs)
from tests.support.server import ServerProcess

PLAN = "/media/plans/sample-1f.svg"
WIDTH, HEIGHT = 1000, 600


@pytest.fixture(scope="module")
def lobby(tmp_path_factory):
    server = ServerProcess(tmp_path_factory.mktemp("plan-fonts") / "plans.db")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser):   # noqa: F811 (the fixture imported above)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  bypass_csp=False)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, selector: str | None = None) -> Image.Image:
    page.evaluate(FONTS_SETTLED)
    shot = page.locator(selector).screenshot() if selector else page.screenshot()
    return Image.open(io.BytesIO(shot)).convert("RGB")


def differing_pixels(a: Image.Image, b: Image.Image) -> int:
    assert a.size == b.size
    return ImageChops.difference(a, b).convert("L").point(lambda v: 255 * (v > 32)).histogram()[255]


def test_opened_directly_every_label_is_drawn_by_the_embedded_font(lobby, page):
    response = page.goto(f"{lobby.url}{PLAN}")
    assert "font-src data:" in response.headers["content-security-policy"]
    page.evaluate(FONTS_SETTLED)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    texts = cdp.send("DOM.querySelectorAll", {"nodeId": root["nodeId"], "selector": "text"})
    labels = page.eval_on_selector_all("text", "(all) => all.map((t) => t.textContent)")
    assert "로비" in labels and len(labels) == len(texts["nodeIds"]) > 5
    for node, label in zip(texts["nodeIds"], labels):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        # Every glyph (spaces too) from a web font (ours: the document has no other), none
        # from DejaVu; and from a shipped face that has the character, not its empty box.
        assert fonts and all(font["isCustomFont"] for font in fonts), (label, fonts)
        assert sum(font["glyphCount"] for font in fonts) == len(label), label
        covered = set().union(*(shipped_glyphs()[font["postScriptName"]] for font in fonts))
        assert all(ord(c) in covered for c in label if drawn(c)), label


def test_as_an_image_in_a_page_the_plan_draws_its_labels_with_its_font(lobby, page):
    page.goto(f"{lobby.url}{PLAN}")
    direct = screenshot(page)

    plain = requests.get(f"{lobby.url}{PLAN}", timeout=10).text
    without_our_style = re.sub(r"<style>.*?</style>", "", plain, flags=re.S)
    assert without_our_style != plain
    page.goto(f"{lobby.url}/")          # a page of ours, under its own policy
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and violations.append(message.text))
    page.evaluate("""([served, stripped]) => {
        document.body.replaceChildren();
        document.body.style.margin = '0';
        for (const [id, src] of [['served', served], ['stripped', stripped]]) {
          const img = new Image(1000, 600);
          img.id = id;
          img.src = src;
          img.style.display = 'block';
          document.body.append(img);
        }
        return Promise.all([...document.images].map((img) => img.decode()));
    }""", [PLAN, "data:image/svg+xml;charset=utf-8," + requests.utils.quote(without_our_style)])
    served, stripped = screenshot(page, "#served"), screenshot(page, "#stripped")
    served.save("/tmp/plan-fonts-served.png")
    stripped.save("/tmp/plan-fonts-stripped.png")
    assert violations == []
    assert differing_pixels(served, direct) < 50
    assert differing_pixels(served, stripped) > 2000   # every label, as boxes or as letters
