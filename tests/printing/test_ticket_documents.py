"""The paper ticket carries what to bring: under the service, "준비물" and the first few
documents, one a line, in Korean and under each in the visitor's language; a longer list
ends with a note that the QR page has the rest. Checked on the ESC/POS bytes."""

from __future__ import annotations

import pytest

from server.printing.ticket import PRINTED_DOCUMENTS, Text, ticket_layout

from .escpos_decode import decode
from .test_print_jobs import kiosk_printer  # noqa: F401 (fixture)
from .test_ticket_languages import VIETNAMESE, strips_of
from .test_ticket_rendering import drawn, strip_images

KOREAN = ("신분증", "여권 사진 1매 (6개월 이내 촬영)", "유효기간이 남은 여권 (있는 경우)",
          "병역 관계 서류 (18~37세 남성)")
IN_VIETNAMESE = ("Giấy tờ tùy thân", "1 ảnh hộ chiếu (chụp trong vòng 6 tháng)",
                 "Hộ chiếu còn hạn (nếu có)", "Giấy tờ nghĩa vụ quân sự (nam 18-37 tuổi)")


def texts(blocks) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Text)]


def test_the_first_documents_are_printed_under_the_service_in_both_languages(
        profiles, make_content, fonts):
    content = make_content(**VIETNAMESE, documents=KOREAN, documents_local=IN_VIETNAMESE)
    lines = texts(ticket_layout(content))
    service = lines.index("Bản sao đăng ký cư trú")
    assert lines[service + 1:service + 3] == ["준비물", "Cần mang theo"]
    assert lines[service + 3:service + 9] == [
        "- 신분증", "- Giấy tờ tùy thân", "- 여권 사진 1매 (6개월 이내 촬영)",
        "- 1 ảnh hộ chiếu (chụp trong vòng 6 tháng)", "- 유효기간이 남은 여권 (있는 경우)",
        "- Hộ chiếu còn hạn (nếu có)"]
    assert "- 병역 관계 서류 (18~37세 남성)" not in lines      # clipped: the QR page has it
    assert lines[service + 9:service + 11] == ["외 1가지는 QR 페이지에서", "Thêm 1 mục trên trang QR"]

    # The printer receives them: each line is an image strip of that text.
    ticket, decoded = strips_of(content, profiles)
    strips = strip_images(decoded)
    vi = fonts.for_language("vi")
    assert drawn("준비물", fonts, bold=True) in strips
    assert drawn("Cần mang theo", vi, bold=True) in strips
    assert drawn("- 신분증", fonts) in strips
    assert drawn("- Giấy tờ tùy thân", vi) in strips
    assert drawn("Thêm 1 mục trên trang QR", vi) in strips
    assert len(decoded.qr_codes) == 1 and len(decoded.cuts) == 1


def test_a_short_list_has_no_note_and_an_untranslated_one_is_korean_only(make_content):
    lines = texts(ticket_layout(make_content(**VIETNAMESE, documents=KOREAN[:2])))
    assert "- 신분증" in lines and "- Giấy tờ tùy thân" not in lines
    assert not any("QR 페이지" in line for line in lines)
    korean = texts(ticket_layout(make_content(documents=KOREAN, documents_local=IN_VIETNAMESE)))
    assert "- 신분증" in korean and "- Giấy tờ tùy thân" not in korean
    assert PRINTED_DOCUMENTS == 3


def test_a_service_without_documents_prints_as_before(make_content):
    assert not any("준비물" in line for line in texts(ticket_layout(make_content())))


def test_a_control_character_in_a_document_is_refused(make_content):
    with pytest.raises(ValueError, match="documents"):
        make_content(documents=("신분증\n위임장",))


@pytest.mark.workers("printing")
def test_a_passport_ticket_taken_in_vietnamese_prints_its_documents(
        kiosk, kiosk_printer, service_ids, fonts):  # noqa: F811
    response = kiosk.post("/api/v1/tickets", json={"service_id": service_ids["여권"],
                                                   "lang": "vi"})
    assert response.status_code == 201
    [job] = kiosk_printer.wait_for_jobs(1)
    strips = strip_images(decode(job))
    vi = fonts.for_language("vi")
    assert drawn("- 여권 사진 1매 (6개월 이내 촬영)", fonts) in strips
    assert drawn("- Hộ chiếu còn hạn (nếu có)", vi) in strips
    assert drawn("Thêm 1 mục trên trang QR", vi) in strips
