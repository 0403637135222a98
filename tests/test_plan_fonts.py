"""Floor plans carry their own font: a served SVG plan holds an @font-face whose data: URL
font has a glyph for every character of the plan's text (Korean from Pretendard GOV,
Chinese and Thai from the shipped Noto faces), and every text uses it; the plan's own
style sheets are still dropped, and the served copy follows the file when it changes."""

from __future__ import annotations

import base64
import io
import os
import re
import xml.etree.ElementTree as ET

from fontTools.ttLib import TTFont

from server.infra.media import media_root

SVG = "{http://www.w3.org/2000/svg}"
FONT_DATA = re.compile(r'src:url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)')


def embedded_fonts(served: bytes) -> list[TTFont]:
    """The fonts inside the plan's one style sheet (which must be its first element)."""
    root = ET.fromstring(served)
    styles = list(root.iter(f"{SVG}style"))
    assert len(styles) == 1 and root[0] is styles[0]
    css = styles[0].text
    assert '"Sunbeon Plan"' in css
    assert re.search(r'text,tspan\{font-family:"Sunbeon Plan",sans-serif!important\}', css)
    return [TTFont(io.BytesIO(base64.b64decode(data))) for data in FONT_DATA.findall(css)]


def text_of(served: bytes) -> set[str]:
    root = ET.fromstring(served)
    return {c for text in root.iter(f"{SVG}text") for c in "".join(text.itertext())
            if not c.isspace()}


def covered(fonts: list[TTFont]) -> set[str]:
    return {chr(point) for font in fonts for point in font.getBestCmap()}


def family(font: TTFont) -> str:
    return font["name"].getDebugName(16) or font["name"].getDebugName(1)


def test_every_demo_plan_is_served_with_a_font_for_all_its_text(app, store):
    client = app.test_client()
    images = [row["image"] for row in store.query(
        "SELECT image FROM map_levels WHERE image LIKE '%.svg' ORDER BY ordinal")]
    assert len(images) == 3
    for image in images:
        response = client.get(image)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "font-src data:" in policy
        fonts = embedded_fonts(response.data)
        characters = text_of(response.data)
        assert {"로", "비", "과"} & characters or "층" in characters
        assert characters <= covered(fonts), sorted(characters - covered(fonts))
        # Just the plan's characters: a small font, not the whole face.
        assert len(covered(fonts)) < 3 * len(characters)
        assert {family(font) for font in fonts} == {"Pretendard GOV"}
        again = client.get(image, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_an_uploaded_plan_gets_our_font_and_loses_its_own(signed_in, app, store):
    admin = signed_in("admin")
    level = admin.post("/api/v1/admin/maps/levels?site_id=1", json={"ordinal": 4}).json["level"]
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
           '<style>@font-face{font-family:x;src:url(http://evil.example/f.woff2)}</style>'
           '<text x="10" y="40" style="font-family:x">교통과 Lobby</text>'
           '<text x="10" y="90">咨询室 <tspan>ห้องประชุม</tspan></text>'
           '<defs><text id="later">Phòng họp</text></defs></svg>').encode()
    saved = admin.post(f"/api/v1/admin/maps/levels/{level['id']}/plan",
                       data={"plan": (io.BytesIO(svg), "plan.svg")})
    assert saved.status_code == 200, saved.json
    served = app.test_client().get(saved.json["level"]["image"])
    assert b"evil" not in served.data.lower()
    fonts = embedded_fonts(served.data)
    characters = text_of(served.data)
    assert set("교통과Lobby咨询室ห้องประชุมPhònghọp") - {" "} <= characters <= covered(fonts)
    drawn_by = {name: covered([font for font in fonts if family(font) == name])
                for name in map(family, fonts)}
    assert set(drawn_by) == {"Pretendard GOV", "Noto Sans", "Noto Sans SC Thin", "Noto Sans Thai"}
    assert {"교", "L"} <= drawn_by["Pretendard GOV"] and "ọ" in drawn_by["Noto Sans"]
    assert "咨" in drawn_by["Noto Sans SC Thin"] and "ห" in drawn_by["Noto Sans Thai"]


def test_the_served_plan_follows_its_file(app, store):
    image = store.one("SELECT image FROM map_levels WHERE ordinal = 1")["image"]
    path = media_root(store) / image.removeprefix("/media/")
    client = app.test_client()
    first = client.get(image)
    path.write_bytes(path.read_bytes().replace("로비".encode(), "휴게실".encode()))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = client.get(image)
    assert "휴게실" in second.data.decode() and second.headers["ETag"] != first.headers["ETag"]
    assert set("휴게실") <= covered(embedded_fonts(second.data))


def test_a_plan_that_cannot_be_read_is_sent_as_it_is_and_other_files_are_untouched(app, store):
    folder = media_root(store) / "plans"
    (folder / "broken.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><text>")
    (folder / "plain.png").write_bytes(b"\x89PNG not really")
    client = app.test_client()
    broken = client.get("/media/plans/broken.svg")
    assert broken.status_code == 200 and broken.data.endswith(b"<text>")
    assert client.get("/media/plans/plain.png").data == b"\x89PNG not really"
    assert client.get("/media/plans/missing.svg").status_code == 404
    assert client.get("/media/plans/../../sunbeon.db").status_code == 404
