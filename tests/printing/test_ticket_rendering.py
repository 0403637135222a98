"""What a visitor would read on the ticket, checked by decoding the printer bytes."""

from dataclasses import replace
from datetime import datetime

import pytest
from PIL import Image, ImageChops

from server.printing import render_ticket
from server.printing.raster import printer_bits, qr_image, qr_modules, text_strip, without_realtime_commands
from server.printing.ticket import TicketContent

from .escpos_decode import Feed, decode, stacked_rasters

ALL_MODES = [
    (key, mode)
    for key in ("epson-tm-t88", "epson-tm-t20", "bixolon-srp-350plus", "bixolon-srp-330ii", "generic-80mm", "generic-58mm")
    for mode in ("hybrid", "native", "image")
    if mode != "native" or key.startswith("bixolon")
]


def padded(image: Image.Image) -> Image.Image:
    """The image as a raster command carries it: width rounded up to whole bytes."""
    paper = Image.new("1", ((image.width + 7) // 8 * 8, image.height), 1)
    paper.paste(image, (0, 0))
    return paper


def same_image(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and printer_bits(a).tobytes() == printer_bits(b).tobytes()


def strip_images(decoded) -> list[bytes]:
    return [printer_bits(raster.image).tobytes() for raster in decoded.rasters]


def drawn(text: str, fonts, bold: bool = False, size: int = 24) -> bytes:
    return printer_bits(padded(text_strip(text, size, bold, fonts))).tobytes()


def test_hybrid_prints_the_number_in_printer_font_and_hangul_as_image_strips(profiles, make_content, fonts):
    decoded = decode(render_ticket(make_content(), profiles["epson-tm-t88"], "hybrid").data)

    number = [line for line in decoded.text_lines if line.text == "A-012"]
    assert len(number) == 1
    assert (number[0].width, number[0].height, number[0].bold, number[0].align) == (4, 4, True, "center")
    assert not any(line.korean for line in decoded.text_lines)
    strips = strip_images(decoded)
    for line in ("당진시청 민원지적과", "대기 인원 3명", "예상 대기 약 12분", "발행 시각 2025-03-04 09:12", "전화 041-350-3524"):
        assert drawn(line, fonts) in strips, line
    assert drawn("주민등록 등·초본", fonts, bold=True) in strips


def test_hybrid_strips_have_ink_on_every_line(profiles, make_content):
    decoded = decode(render_ticket(make_content(), profiles["epson-tm-t20"], "hybrid").data)
    for raster in decoded.rasters:
        ink = printer_bits(raster.image).getbbox()
        assert ink is not None and ink[3] - ink[1] >= raster.image.height * 2 // 3


def test_qr_code_payload_is_the_ticket_url(profiles, make_content):
    decoded = decode(render_ticket(make_content(), profiles["epson-tm-t88"], "hybrid").data)
    [qr] = decoded.qr_codes
    assert qr.data == "https://sunbeon.example.kr/t/8f3a2c"
    assert (qr.align, qr.error_correction) == ("center", "M")


def test_without_native_qr_the_code_is_an_image_of_the_same_code(profiles, make_content):
    profile = profiles["generic-80mm"]
    decoded = decode(render_ticket(make_content(), profile, "hybrid").data)
    assert decoded.qr_codes == []
    expected = padded(qr_image("https://sunbeon.example.kr/t/8f3a2c", 6))
    assert expected.height > profile.max_image_rows  # so it is sent in chunks, one after the other
    assert printer_bits(expected).tobytes() in b"".join(strip_images(decoded))


def test_native_mode_sends_korean_as_ks_x_1001_text(profiles, make_content):
    decoded = decode(render_ticket(make_content(), profiles["bixolon-srp-350plus"], "native").data)
    korean = [line.text for line in decoded.text_lines if line.korean]
    assert korean[:2] == ["당진시청 민원지적과", "주민등록 등·초본"]
    for text in ("대기 인원 3명", "예상 대기 약 12분", "1층 민원실 3번 창구 · 엘리베이터 오른쪽", "발행 시각 2025-03-04 09:12"):
        assert text in korean
    assert decoded.rasters == []
    assert b"\x1bR\x0d" in render_ticket(make_content(), profiles["bixolon-srp-350plus"], "native").data


def test_native_mode_draws_a_line_outside_ks_x_1001_as_an_image(profiles, make_content, fonts):
    content = make_content(service_name="똠양꿍 요리 교실")  # 똠 is not in KS X 1001
    data = render_ticket(content, profiles["bixolon-srp-350plus"], "native").data
    decoded = decode(data)

    assert not any("똠" in text or "양꿍" in text for text in decoded.texts)
    assert drawn("똠양꿍 요리 교실", fonts, bold=True) in strip_images(decoded)
    assert "똠".encode("euc_kr") not in data  # the 8-byte jamo sequence
    assert "당진시청 민원지적과" in decoded.texts


def test_native_mode_needs_a_korean_font(profiles, make_content):
    with pytest.raises(ValueError, match="no Korean font"):
        render_ticket(make_content(), profiles["epson-tm-t88"], "native")


def test_image_mode_is_one_picture_in_chunks(profiles, make_content):
    profile = profiles["epson-tm-t20"]
    ticket = render_ticket(make_content(), profile, "image")
    decoded = decode(ticket.data)

    assert decoded.text_lines == [] and decoded.qr_codes == []
    assert len(decoded.rasters) > 1
    assert all(raster.image.width == profile.print_width_dots for raster in decoded.rasters)
    assert same_image(stacked_rasters(decoded), ticket.preview)


@pytest.mark.parametrize("key, mode", ALL_MODES)
def test_every_printer_and_mode_fits_the_paper_and_cuts_once(profiles, make_content, key, mode):
    profile = profiles[key]
    content = make_content(priority=True, footer="민원 만족도 조사에 참여해 주세요 감사합니다")
    ticket = render_ticket(content, profile, mode)
    decoded = decode(ticket.data)

    for raster in decoded.rasters:
        assert raster.image.width <= profile.print_width_dots
        assert raster.image.height <= profile.max_image_rows
    for line in decoded.text_lines:
        columns = sum(2 if ord(c) > 0x7F else 1 for c in line.text)
        assert columns * line.width <= profile.columns
    assert len(decoded.cuts) == (0 if profile.cut == "none" else 1)
    assert decoded.cuts == [] or decoded.cuts[0].partial == (profile.cut == "partial")
    assert isinstance(decoded.items[-1], Feed) if profile.cut == "none" else decoded.items[-1] == decoded.cuts[0]
    assert ticket.preview.width == profile.print_width_dots
    assert printer_bits(ticket.preview).getbbox() is not None


def test_58mm_wraps_long_lines_and_shrinks_a_long_number(profiles, make_content, fonts):
    profile = profiles["generic-58mm"]
    content = make_content(display_number="B-1234567", where_to_go="본관 2층 종합민원실 5번 창구 · 엘리베이터에서 내려 오른쪽 끝")
    decoded = decode(render_ticket(content, profile, "hybrid").data)

    [number] = [line for line in decoded.text_lines if line.text == "B-1234567"]
    assert number.width == 3  # 9 characters at size 4 would be 432 dots > 384
    route_strips = [raster for raster in decoded.rasters if raster.align == "left"]
    assert len(route_strips) >= 3  # the route wrapped; the issue time and phone follow


def test_a_long_url_shrinks_the_qr_modules_to_fit_the_paper(profiles, make_content):
    url = "https://sunbeon.example.kr/t/" + "8f3a2c" * 40
    modules = qr_modules(url)
    assert modules * 6 > 384 >= modules * 5

    image_qr = profiles["generic-58mm"]
    decoded = decode(render_ticket(make_content(qr_url=url), image_qr, "hybrid").data)
    widths = [raster.image.width for raster in decoded.rasters]
    assert padded(qr_image(url, 5)).width in widths and max(widths) <= 384

    native_qr = replace(image_qr, native_qr=True)
    decoded = decode(render_ticket(make_content(qr_url=url), native_qr, "hybrid").data)
    assert [qr.module_size for qr in decoded.qr_codes] == [5]


def test_issued_time_is_printed_in_seoul_time(profiles, make_content):
    content = make_content(issued_at=datetime.fromisoformat("2025-12-31T15:30:00+00:00"))
    decoded = decode(render_ticket(content, profiles["bixolon-srp-330ii"], "native").data)
    assert "발행 시각 2026-01-01 00:30" in decoded.texts


def test_priority_mark_only_on_priority_tickets(profiles, make_content):
    def texts(priority):
        return decode(render_ticket(make_content(priority=priority), profiles["bixolon-srp-350plus"], "native").data).texts

    assert "★ 우선 민원 ★" in texts(True)
    assert "★ 우선 민원 ★" not in texts(False)


def test_ticket_bytes_never_contain_a_realtime_command(profiles, make_content):
    for key, mode in ALL_MODES:
        data = render_ticket(make_content(), profiles[key], mode).data
        for command in (b"\x10\x04", b"\x10\x05", b"\x10\x14"):
            assert command not in data, (key, mode)


def test_an_image_whose_bytes_would_form_dle_eot_loses_one_dot():
    image = Image.new("1", (24, 2), 1)
    for x in (3, 13, 23):  # bytes 0x10 0x04 0x01: DLE EOT 1
        image.putpixel((x, 1), 0)
    assert printer_bits(image).tobytes()[3:6] == b"\x10\x04\x01"

    cleaned = without_realtime_commands(image)
    assert printer_bits(cleaned).tobytes()[3:6] == b"\x00\x04\x01"
    difference = ImageChops.difference(printer_bits(image), printer_bits(cleaned))
    assert difference.getbbox() == (3, 1, 4, 2)


def test_ticket_content_is_checked():
    with pytest.raises(ValueError, match="timezone-aware"):
        TicketContent("당진시청", "민원지적과", "주민등록", "1012", False, 0, 0, datetime(2025, 1, 1), "", "", "", "")


def test_a_control_character_is_refused(make_content):
    with pytest.raises(ValueError, match="where_to_go"):
        make_content(where_to_go="1층\n민원실")


@pytest.mark.parametrize("key, mode", [(k, m) for k, m in ALL_MODES if m != "image"])
def test_the_lines_tickets_share_are_drawn_once_and_print_the_same(profiles, make_content, key, mode):
    """A ticket's fixed lines are the same picture objects from ticket to ticket (drawn
    once per printer set-up), and the bytes equal those of a ticket drawn afresh."""
    from server.printing import layout
    from server.printing.encoder import picture_bytes

    first = render_ticket(make_content(display_number="A-001"), profiles[key], mode)
    second = render_ticket(make_content(display_number="A-002"), profiles[key], mode)
    shared = [p for p in first.pieces if any(p is q for q in second.pieces)]
    assert len(shared) >= len(first.pieces) - 3  # all but the number, QR and its feed
    if any(hasattr(p, "image") for p in first.pieces):
        assert any(hasattr(p, "image") for p in shared), "no picture was reused"

    layout.block_pieces.cache_clear()
    picture_bytes.cache_clear()
    fresh = render_ticket(make_content(display_number="A-002"), profiles[key], mode)
    assert fresh.data == second.data
    assert not any(p is q for p in fresh.pieces for q in second.pieces if hasattr(p, "image"))


def test_a_wide_forecast_is_printed_as_its_range(profiles, make_content):
    def waiting_line(**estimate):
        ticket = render_ticket(make_content(**estimate), profiles["bixolon-srp-350plus"], "native")
        return [t for t in decode(ticket.data).texts if "대기" in t and "인원" not in t]
    assert waiting_line(estimated_minutes=15, estimated_low=12, estimated_high=18) == ["예상 대기 12~18분"]
    assert waiting_line(estimated_minutes=15, estimated_low=15, estimated_high=15) == ["예상 대기 약 15분"]
    assert waiting_line(estimated_minutes=None) == []  # "창구가 열리면 호출합니다" instead
