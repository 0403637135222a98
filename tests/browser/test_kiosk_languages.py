"""Six languages: every key the kiosk uses is in every catalog, with the same
placeholders and the plural forms each language needs, and every screen renders in each
language with no missing string and no raw key on screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from tests.browser.kiosk_walk import kiosk_screens
from tests.browser.test_kiosk import (PORTRAIT, add_info_page, catalog, new_kiosk_page,
                                      start_server, wait_screen)

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
LANGUAGES = ("ko", "en", "zh", "vi", "ru", "th")
PLURAL_FORMS = {"en": {"one", "other"}, "ru": {"one", "few", "many", "other"}}


def keys_used() -> set[str]:
    """Catalog keys named in the kiosk's code and page: msg('...'), t('...') and
    data-msg="..."."""
    keys = set()
    for path in (KIOSK / "static").rglob("*.js"):
        keys |= set(re.findall(r"\b(?:msg|t)\(\s*'([\w.]+)'", path.read_text(encoding="utf-8")))
    page = (KIOSK / "templates" / "kiosk.html").read_text(encoding="utf-8")
    keys |= set(re.findall(r'data-msg(?:-[\w-]+)?="([\w.]+)"', page))
    return keys


def placeholders(value) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {name for text in texts for name in re.findall(r"\{(\w+)\}", text)}


def test_every_key_used_is_in_every_catalog_with_the_same_placeholders():
    used = keys_used()
    assert len(used) > 80
    korean = catalog("ko")
    assert used - set(korean) == set(), "keys used but missing from ko.json"
    assert set(korean) - used - {"language.name"} == set(), "keys in ko.json that nothing uses"
    for lang in LANGUAGES:
        messages = catalog(lang)
        assert set(messages) == set(korean), f"{lang}.json has other keys than ko.json"
        for key, value in messages.items():
            assert value, f"{lang}:{key} is empty"
            assert placeholders(value) == placeholders(korean[key]), f"{lang}:{key}"
            if isinstance(value, dict):
                assert set(value) == PLURAL_FORMS[lang], f"{lang}:{key} plural forms"


@pytest.fixture(scope="module")
def lang_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    add_info_page(process)
    yield process
    process.stop()


def test_every_language_renders_every_screen_without_a_missing_string(browser, lang_server):
    page = new_kiosk_page(browser, lang_server, PORTRAIT)
    all_keys = set(catalog("ko"))
    services = requests.get(f"{lang_server.url}/api/v1/services", params={"site_id": 1}).json()
    civil = [s["names"] for s in services["services"] if s["department_id"] == 1]
    try:
        for lang in LANGUAGES:
            messages = catalog(lang)
            if page.is_visible("#nav-home"):
                page.click("#nav-home")
            page.click("#tool-language")
            wait_screen(page, "language")
            page.click(f"#screen [data-key=lang-{lang}]")
            wait_screen(page, "home")
            assert page.get_attribute("html", "lang") == lang
            assert page.inner_text("[data-mode=contrast] .tile-label") == messages["tools.contrast"]
            # The other answers than the accessibility walk's, so that their words are
            # checked in every language too.
            for name in kiosk_screens(page, lang_server, priority=True, code_by="keyboard",
                                      consonants="ㅅㅁ", satisfied=False, notify=True):
                found = page.evaluate("""() => ({
                    missing: [...window.__missingKeys],
                    empty: [...document.querySelectorAll('[data-t]')]
                        .filter((el) => el.getClientRects().length && !el.textContent.trim())
                        .map((el) => el.dataset.t),
                    text: document.body.innerText,
                    title: document.title,
                })""")
                assert found["missing"] == [], (lang, name)
                assert found["empty"] == [], (lang, name)
                raw = [key for key in all_keys if key in found["text"]]
                assert raw == [], (lang, name)
                assert found["title"] == messages["app.title"]
                if name == "services":          # names come from the API, in this language
                    assert all(names[lang] in found["text"] for names in civil)
    finally:
        page.context.close()
