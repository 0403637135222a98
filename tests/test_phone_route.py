"""The way to an office on the visitor's phone (/v/route), opened from the QR code on the
kiosk's office screen: the same route as the kiosk's in the page's language, with or
without steps, its floors drawn; an address that names no way gets a friendly page and a
4xx, never a 5xx; the QR code holds the page's public address."""

from __future__ import annotations

import io
import json
import re
from html import unescape

import pytest
import segno

from server.infra.store import LANGUAGES
from server.visitor import catalog

BUILDING = 5          # 건축과, 3rd floor, from the 1st-floor kiosk: two floors drawn


@pytest.fixture
def phone(app):
    return app.test_client()


@pytest.fixture
def kiosk_place(store) -> int:
    """The 1st-floor kiosk's place on the sample map."""
    return store.one("SELECT f.id FROM map_features f JOIN devices d ON d.id = f.device_id "
                     "WHERE d.name = 'kiosk-1f' AND f.feature_type = 'kiosk'")["id"]


def kiosk_route(kiosk, step_free: bool) -> dict:
    return kiosk.get(f"/api/v1/maps/route?to_department={BUILDING}"
                     f"&step_free={'true' if step_free else 'false'}").json


def steps_on(page: str) -> list[str]:
    listed = re.search(r'<ol class="way" id="steps">(.*?)</ol>', page, re.S).group(1)
    return [unescape(text) for text in re.findall(r"<li[^>]*>(.*?)</li>", listed)]


@pytest.mark.parametrize("step_free", [False, True], ids=["shortest", "step-free"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_shows_the_kiosks_way_in_each_language(phone, kiosk, kiosk_place, lang,
                                                        step_free):
    query = f"from={kiosk_place}&to={BUILDING}&lang={lang}" + ("&step_free=1" if step_free else "")
    response = phone.get(f"/v/route?{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    on_kiosk = kiosk_route(kiosk, step_free)
    assert steps_on(page) == [step[lang] for step in on_kiosk["steps"]]
    kinds = {step["kind"] for step in on_kiosk["steps"]}
    assert ("elevator" in kinds and "stairs" not in kinds) if step_free else "stairs" in kinds
    # The floors walked on go with the page, drawn by its script.
    drawing = json.loads(re.search(r'<script type="application/json" id="route-drawing">(.*?)'
                                   r'</script>', page, re.S).group(1))
    assert drawing == on_kiosk["drawing"] and [floor["floor"] for floor in drawing] == [1, 3]
    assert "route.js" in page
    words = catalog(lang)
    assert words["route.step_free"] in page and words["route.shortest"] in page
    chosen = re.findall(r'data-choice="([^"]+)" aria-current="true"', page)
    assert chosen == ["step-free" if step_free else "shortest"]


def test_the_choices_and_languages_keep_the_route(phone, kiosk_place):
    page = phone.get(f"/v/route?from={kiosk_place}&to={BUILDING}&lang=vi").get_data(as_text=True)
    links = set(unescape(href) for href in re.findall(r'href="\?([^"]*)"', page))
    assert f"from={kiosk_place}&to={BUILDING}&lang=vi&step_free=1" in links
    assert f"from={kiosk_place}&to={BUILDING}&lang=vi" in links
    for lang in LANGUAGES:
        assert f"from={kiosk_place}&to={BUILDING}&lang={lang}" in links


def test_a_way_only_with_steps_is_said_so(phone, store, kiosk_place):
    with store.write() as tx:
        tx.execute("UPDATE map_edges SET step_free = 0 WHERE kind = 'elevator'")
    response = phone.get(f"/v/route?from={kiosk_place}&to={BUILDING}&lang=en&step_free=1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert catalog("en")["route.only_with_steps"] in unescape(page)
    assert 'id="steps"' not in page and "route.js" not in page


@pytest.mark.parametrize("query, status", [
    ("", 400),
    ("to=5", 400),
    ("from=abc&to=5", 400),
    ("from=9&to=5.0", 400),
    ("from=-9&to=5", 400),
    ("from=0&to=5", 400),
    ("from=99999999999&to=5", 400),
    ("from=9&to=5&step_free=maybe", 400),
    ("from=999999&to=5", 404),          # no such place
    ("from=9&to=999999", 404),          # no such office
], ids=lambda value: str(value))
def test_an_address_that_names_no_way_gets_a_friendly_page(phone, query, status):
    response = phone.get(f"/v/route?{query}&lang=ko")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert catalog("ko")["route.missing"] in page
    assert "text/html" in response.content_type and "Traceback" not in page


def test_an_office_not_on_the_map_gets_a_friendly_page(phone, store, kiosk_place):
    placed = {row["department_id"] for row in store.query(
        "SELECT department_id FROM map_features WHERE department_id IS NOT NULL")}
    unplaced = next(row["id"] for row in store.query("SELECT id FROM departments ORDER BY id")
                    if row["id"] not in placed)
    response = phone.get(f"/v/route?from={kiosk_place}&to={unplaced}&lang=th")
    assert response.status_code == 404
    assert catalog("th")["route.missing"] in response.get_data(as_text=True)


def qr_of(link: str) -> bytes:
    svg = io.BytesIO()
    segno.make(link, error="m").save(svg, kind="svg", scale=8, border=2, title="QR")
    return svg.getvalue()


def test_the_qr_code_holds_the_public_address_of_the_same_way(app, phone, kiosk_place):
    query = f"from={kiosk_place}&to={BUILDING}&lang=vi&step_free=1"
    here = phone.get(f"/v/route/qr.svg?{query}")
    assert here.status_code == 200 and here.mimetype == "image/svg+xml"
    assert here.data == qr_of(f"http://localhost/v/route?{query}")
    app.config["PUBLIC_URL"] = "https://minwon.dangjin.go.kr/sunbeon/"
    public = phone.get(f"/v/route/qr.svg?{query}")
    assert public.data == qr_of(f"https://minwon.dangjin.go.kr/sunbeon/v/route?{query}")


@pytest.mark.parametrize("query", ["from=9&to=5", "from=9&to=5&lang=xx", "from=x&to=5&lang=ko"])
def test_a_qr_code_of_no_way_is_refused(phone, query):
    assert phone.get(f"/v/route/qr.svg?{query}").status_code == 400
