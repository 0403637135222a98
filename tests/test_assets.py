"""What pages load from our own origin: libraries and fonts from npm (/vendor/, only the
listed packages), the pages' own files and catalogs, gzipped when they are text and the
browser accepts it; the font stylesheets name only files that are there; the cuts of the
Chinese and Thai fonts hold exactly our words' characters (server/infra/webfonts.py)."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from server.infra.webfonts import NOTO_FACES, PRETENDARD

NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"
FONT_STYLESHEETS = {
    "noto-sans-sc": NODE_MODULES / "@fontsource" / "noto-sans-sc",
    "noto-sans-thai": NODE_MODULES / "@fontsource" / "noto-sans-thai",
    "noto-sans": NODE_MODULES / "@fontsource" / "noto-sans",
}


@pytest.fixture
def client(app):
    return app.test_client()


def test_text_is_gzipped_for_browsers_that_accept_it(client):
    plain = (FONT_STYLESHEETS["noto-sans-sc"] / "500.css").read_bytes()
    response = client.get("/vendor/noto-sans-sc/500.css", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.mimetype == "text/css"
    assert gzip.decompress(response.data) == plain
    assert len(response.data) < len(plain) / 3
    assert response.headers["Cache-Control"] == "public, max-age=86400"

    again = client.get("/vendor/noto-sans-sc/500.css", headers={
        "Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_text_is_plain_for_browsers_that_do_not_accept_gzip(client):
    response = client.get("/vendor/noto-sans-thai/500.css", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == (FONT_STYLESHEETS["noto-sans-thai"] / "500.css").read_bytes()


def test_fonts_are_sent_as_they_are(client):
    name = "files/noto-sans-thai-thai-500-normal.woff2"
    response = client.get(f"/vendor/noto-sans-thai/{name}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert response.data == (FONT_STYLESHEETS["noto-sans-thai"] / name).read_bytes()


@pytest.mark.parametrize("path, mimetype", [("/kiosk/static/kiosk.css", "text/css"),
                                            ("/kiosk/static/main.js", "text/javascript"),
                                            ("/display/static/board.js", "text/javascript"),
                                            ("/i18n/kiosk/zh.json", "application/json"),
                                            ("/static/common/fonts.css", "text/css"),
                                            ("/fonts/cuts.css", "text/css")])
def test_the_pages_own_text_files_are_gzipped_too(client, path, mimetype):
    plain = client.get(path, headers={"Accept-Encoding": "identity"})
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert packed.mimetype == mimetype and packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data


def test_api_answers_are_not_gzipped(client):
    response = client.get("/api/v1/sites", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers


@pytest.mark.parametrize("path", ["/vendor/left-pad/index.js", "/vendor/noto-sans-sc/nothing.css",
                                  "/vendor/noto-sans-sc/../krds-uiux/package.json"])
def test_only_files_of_listed_packages(client, path):
    assert client.get(path, headers={"Accept-Encoding": "gzip"}).status_code == 404


@pytest.mark.parametrize("package", FONT_STYLESHEETS)
def test_font_stylesheets_name_only_their_own_files(client, package):
    """Relative addresses only (a Content-Security-Policy of font-src 'self' holds), and
    every woff2 they name is served."""
    css = client.get(f"/vendor/{package}/500.css").get_data(as_text=True)
    addresses = re.findall(r"url\(([^)]+)\)", css)
    assert addresses and all(a.startswith("./files/") for a in addresses)
    for address in {a for a in addresses if a.endswith(".woff2")}:
        assert (FONT_STYLESHEETS[package] / address).is_file(), address


# ---- the cuts of the Chinese and Thai fonts ------------------------------------------

def catalog_characters(lang: str) -> set[int]:
    root = Path(__file__).resolve().parents[1]
    texts = []
    for folder in (root / "kiosk", root / "display", root / "server" / "visitor"):
        path = folder / "i18n" / f"{lang}.json"
        for value in json.loads(path.read_text("utf-8")).values():
            texts += value.values() if isinstance(value, dict) else [value]
    return {ord(c) for text in texts for c in text if not c.isspace()}


def names_on_screens(client, lang: str) -> set[int]:
    """The characters of the departments' and services' names in this language."""
    store = client.application.extensions["sunbeon.store"]
    rows = store.query("SELECT names FROM departments UNION ALL "
                       "SELECT names FROM services WHERE active = 1")
    return {ord(c) for row in rows for c in json.loads(row["names"]).get(lang, "")
            if not c.isspace()}


def declared_cuts(client) -> list[tuple[str, str, set[int]]]:
    """(family, address, characters) of each face /fonts/cuts.css declares, in order."""
    css = client.get("/fonts/cuts.css").get_data(as_text=True)
    faces = re.findall(r'font-family:"([^"]+)".*?url\("([^"]+)"\).*?unicode-range:([^}]+)}', css)
    return [(family, address, {int(part[2:], 16) for part in ranges.split(",")})
            for family, address, ranges in faces]


@pytest.mark.parametrize("lang", NOTO_FACES)
def test_the_cuts_hold_every_character_of_our_words_and_nothing_else(client, lang):
    """Our words: the catalogs, and the names of the lobby's departments and services
    (the kiosk's home shows the common services by name)."""
    family = NOTO_FACES[lang][0]
    cuts = [(address, chars) for face_family, address, chars in declared_cuts(client)
            if face_family == family]
    words = set().union(*(chars for address, chars in cuts if f"/{lang}-words-" in address))
    names = set().union(*(chars for address, chars in cuts if f"/{lang}-names-" in address))
    assert names and words
    # Declared names last, so that the language lists fetch only the small name cuts.
    assert all(f"/{lang}-names-" in address for address, _ in cuts[-len(
        [a for a, _ in cuts if f"/{lang}-names-" in a]):])
    slices = (NODE_MODULES / NOTO_FACES[lang][1] / "files").glob("*-500-normal.woff2")
    full_faces = set().union(*(set(TTFont(path, lazy=True).getBestCmap()) for path in slices))
    first = set(TTFont(NODE_MODULES / PRETENDARD, lazy=True).getBestCmap())
    # Every character of our words that Pretendard GOV lacks, and no other.
    ours = catalog_characters(lang) | names_on_screens(client, lang)
    assert words | names == ours & full_faces - first | names
    assert not names & first
    for address, chars in cuts:
        response = client.get(address)
        assert response.status_code == 200 and response.mimetype == "font/woff2"
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        font = TTFont(io.BytesIO(response.data))
        assert set(font.getBestCmap()) == chars      # what it declares, all drawn


def test_an_unknown_cut_is_not_found(client):
    assert client.get("/fonts/cuts/zh-words-999.woff2").status_code == 404
    assert client.get("/fonts/cuts/..%2Fcuts.css").status_code == 404


def test_font_cuts_are_made_once_and_then_read_from_disk(tmp_path, monkeypatch):
    """Cutting takes seconds: the cut is kept under node_modules/.cache and read back by
    the next server start, the same faces byte for byte."""
    from server.infra import webfonts

    shipped = Path(__file__).resolve().parents[1] / "node_modules"
    node_modules = tmp_path / "node_modules"
    for package in ("krds-uiux", "@fontsource/noto-sans-sc", "@fontsource/noto-sans-thai"):
        (node_modules / package).parent.mkdir(parents=True, exist_ok=True)
        (node_modules / package).symlink_to(shipped / package)
    names, catalogs = {"zh": {"简体中文"}, "th": {"ภาษาไทย"}}, {"zh": {"请取号"}, "th": {"รับบัตรคิว"}}
    made = webfonts.cached_cut_faces(node_modules, names, catalogs)
    assert made and list((node_modules / ".cache" / "sunbeon-font-cuts").glob("*/index.json"))

    def no_cutting(*args):
        raise AssertionError("cut again")
    monkeypatch.setattr(webfonts, "cut_faces", no_cutting)
    assert webfonts.cached_cut_faces(node_modules, names, catalogs) == made
