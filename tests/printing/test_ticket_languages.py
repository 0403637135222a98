"""A visitor reads their own ticket: the paper carries each line in Korean and, under it,
in the language the kiosk was in; what has no translation is printed in Korean only; a
Korean visitor's ticket is as it always was. Chinese and Thai are drawn with real glyphs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from server.printing import render_ticket
from server.printing.raster import printer_bits
from server.printing.ticket import Text, ticket_layout

from .escpos_decode import decode, stacked_rasters
from .test_print_jobs import kiosk_printer  # noqa: F401 (fixture)
from .test_ticket_rendering import drawn, strip_images

VIETNAMESE = dict(lang="vi", service_name_local="Bản sao đăng ký cư trú",
                  department_name_local="Phòng Dân nguyện",
                  where_to_go_local="Tầng 1 Phòng Dân nguyện Phòng tiếp dân")


def strips_of(content, profiles, key="epson-tm-t88", mode="hybrid"):
    ticket = render_ticket(content, profiles[key], mode)
    return ticket, decode(ticket.data)


def save_for_people(name: str, ticket) -> None:
    """The printout as a PNG, for a person to look at ($SUNBEON_TICKETS)."""
    folder = os.environ.get("SUNBEON_TICKETS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        ticket.preview.save(Path(folder) / f"{name}.png")


def test_a_vietnamese_ticket_says_each_line_in_korean_and_vietnamese(profiles, make_content, fonts):
    ticket, decoded = strips_of(make_content(**VIETNAMESE), profiles)
    strips = strip_images(decoded)
    vi = fonts.for_language("vi")
    assert drawn("주민등록 등·초본", fonts, bold=True) in strips
    assert drawn("Bản sao đăng ký cư trú", vi, bold=True) in strips
    assert drawn("대기 인원 3명", fonts) in strips
    assert drawn("Còn 3 người trước bạn", vi) in strips
    assert drawn("Chờ khoảng 12 phút", vi) in strips
    assert drawn("Phòng Dân nguyện", vi) in strips
    # The number, the QR and the one cut are as on every ticket.
    assert [line.text for line in decoded.text_lines if line.text == "A-012"] == ["A-012"]
    assert len(decoded.qr_codes) == 1 and len(decoded.cuts) == 1
    save_for_people("vi", ticket)


def test_what_has_no_translation_is_printed_in_korean_only(make_content):
    blocks = ticket_layout(make_content(lang="vi", service_name_local=""))
    texts = [block.text for block in blocks if isinstance(block, Text)]
    assert texts.count("주민등록 등·초본") == 1
    assert not any(block.lang == "vi" and block.bold for block in blocks if isinstance(block, Text)
                   and "★" not in block.text)
    assert "Còn 3 người trước bạn" in texts  # the ticket's own words are always translated


def test_a_korean_ticket_is_korean_only(make_content):
    korean = ticket_layout(make_content())
    assert all(block.lang == "ko" for block in korean if isinstance(block, Text))
    # Names in another language do not reach a ticket taken in Korean.
    assert ticket_layout(make_content(**{**VIETNAMESE, "lang": "ko"})) == korean


@pytest.mark.parametrize("lang, service, ahead", [
    ("zh", "居民登记誊本·抄本", "前面还有 3 人"),
    ("th", "สำเนาทะเบียนบ้าน", "มีผู้รอก่อนคุณ 3 คน"),
])
def test_chinese_and_thai_are_drawn_with_real_glyphs(profiles, make_content, fonts, lang, service, ahead):
    ticket, decoded = strips_of(make_content(lang=lang, service_name_local=service), profiles)
    strips = strip_images(decoded)
    own = fonts.for_language(lang)
    assert drawn(service, own, bold=True) in strips
    assert drawn(ahead, own) in strips
    # Every character comes from a font that has it (Pillow would draw a box silently):
    # the Noto face of that script, not a fallback.
    for text in (service, ahead):
        faces = {path.name for run, path in own.runs(text, False) if run.strip()}
        assert faces and all("noto-sans" in name for name in faces), faces
    # And the line has ink wider than a row of boxes would leave blank inside.
    line = next(r for r in decoded.rasters if printer_bits(r.image).tobytes()
                == drawn(ahead, own))
    assert line.image.getbbox() is not None
    save_for_people(lang, ticket)


def test_image_mode_prints_the_visitor_language_too(profiles, make_content, fonts):
    ticket, decoded = strips_of(make_content(lang="th", service_name_local="สำเนาทะเบียนบ้าน"),
                                profiles, "generic-80mm", "image")
    assert stacked_rasters(decoded).size == ticket.preview.size


@pytest.mark.workers("printing")
def test_a_ticket_taken_in_vietnamese_prints_vietnamese_and_korean(
        kiosk, kiosk_printer, service_ids, fonts):  # noqa: F811
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["주민등록 등·초본"],
                                                   "lang": "vi"})
    assert response.status_code == 201
    [job] = kiosk_printer.wait_for_jobs(1)
    decoded = decode(job)
    strips = strip_images(decoded)
    assert drawn("주민등록 등·초본", fonts, bold=True) in strips
    assert drawn("Bản sao đăng ký cư trú", fonts.for_language("vi"), bold=True) in strips


@pytest.mark.workers("printing")
def test_a_service_without_vietnamese_is_printed_in_korean_for_a_vietnamese_visitor(
        kiosk, kiosk_printer, service_ids, fonts):  # noqa: F811
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["토지 민원"],
                                                   "lang": "vi"})
    assert response.status_code == 201
    [job] = kiosk_printer.wait_for_jobs(1)
    strips = strip_images(decode(job))
    assert drawn("토지 민원", fonts, bold=True) in strips
    assert drawn("Còn 0 người trước bạn", fonts.for_language("vi")) in strips


def test_a_ticket_in_an_unknown_language_is_refused_and_not_issued(kiosk, store, service_ids):
    before = store.one("SELECT count(*) AS n FROM tickets")["n"]
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["인감증명"],
                                                   "lang": "xx"})
    assert response.status_code == 400 and response.json["error"]
    assert store.one("SELECT count(*) AS n FROM tickets")["n"] == before
