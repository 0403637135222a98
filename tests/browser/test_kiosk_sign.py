"""A deaf visitor at the kiosk: the service's sign-language guide (수어) plays with Korean
captions, also while the server is unreachable; a sign-interpreting request shows the
video-relay number and reaches the staff console marked as such. And the admin console
uploads the guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.demo import DEMO_PASSWORD
from tests.browser.test_admin import open_section, sign_in
from tests.browser.test_kiosk import (new_kiosk_page, open_confirm, sql, staff_session,
                                      start_server, wait_screen)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def sign_server(tmp_path_factory):
    process = start_server(tmp_path_factory)
    yield process
    process.stop()


def first_service(server) -> int:
    """The kiosk's first choice: the first service of the first department that issues."""
    return sql(server, "SELECT s.id FROM services s JOIN departments d ON d.id = s.department_id "
               "WHERE s.site_id = 1 AND s.active = 1 ORDER BY d.floor, d.id, s.sort_order, s.id "
               "LIMIT 1")[0][0]


def give_sign_guide(server, subject_id: int, subject: str = "service") -> None:
    """A video with captions for a service (or a page), and the site's relay number."""
    admin = staff_session(server, "admin")
    base = f"{server.url}/api/v1/admin/sign-videos/{subject}/{subject_id}"
    for path, field, name in (("video", "video", "sign.mp4"), ("captions", "captions", "sign.vtt")):
        response = admin.post(f"{base}/{path}", files={field: (name, (FIXTURES / name).read_bytes())})
        assert response.status_code == 200, response.text
    response = admin.patch(f"{server.url}/api/v1/admin/sites/1",
                           json={"settings": {"sign_relay_phone": "107"}})
    assert response.status_code == 200, response.text


def wait_playing(page, timeout=10000):
    """The player's video has data and its time moves on."""
    page.wait_for_function("() => { const v = document.getElementById('sign-video');"
                           " return v && v.readyState >= 2 && v.currentTime > 0.3; }",
                           timeout=timeout)


def test_a_deaf_visitor_watches_the_guide_offline_and_asks_for_sign_interpreting(
        browser, new_page, sign_server):
    give_sign_guide(sign_server, first_service(sign_server))
    kiosk = new_kiosk_page(browser, sign_server)
    kiosk.wait_for_selector("html[data-sign-videos-kept]", state="attached", timeout=10000)

    open_confirm(kiosk)
    kiosk.click("#screen [data-key=sign]")
    wait_screen(kiosk, "sign")
    wait_playing(kiosk)
    video = kiosk.evaluate("""() => { const v = document.getElementById('sign-video');
        return { src: v.currentSrc, muted: v.muted, tracks: [...v.textTracks].map((t) =>
            ({ kind: t.kind, lang: t.language, mode: t.mode, cues: t.cues ? t.cues.length : 0 })) }; }""")
    assert video["src"].startswith("blob:") and video["muted"]
    # The browser draws no captions in the video (its box cut them): the kiosk writes each
    # cue under it as the video plays, not read aloud cue by cue.
    assert video["tracks"] == [{"kind": "captions", "lang": "ko", "mode": "hidden", "cues": 2}]
    caption = kiosk.locator("#screen #sign-caption")
    kiosk.click("#screen [data-key=sign-replay]")          # from the first cue
    expect(caption).to_have_text("주민등록등본은 신분증을 가지고 오세요.")
    expect(caption).to_have_text("수수료는 400원입니다.")
    assert caption.get_attribute("aria-live") == "off"
    assert caption.get_attribute("lang") == "ko"

    # The server goes away: the guide still plays again from the kiosk's own copy.
    kiosk.context.set_offline(True)
    kiosk.click("#screen [data-key=sign-close]")
    wait_screen(kiosk, "confirm")
    kiosk.click("#screen [data-key=sign]")
    wait_screen(kiosk, "sign")
    wait_playing(kiosk)
    assert kiosk.is_hidden("#screen .sign-failed")
    kiosk.context.set_offline(False)

    # Asking for sign interpreting: the relay number, and staff are coming.
    kiosk.click("#screen [data-key=sign-request]")
    wait_screen(kiosk, "help")
    kiosk.wait_for_selector("text=수어 통역을 요청했습니다.")
    expect(kiosk.locator("#help-relay")).to_contain_text("107")
    expect(kiosk.locator("#screen h1")).to_have_text("수어 통역 요청")
    # The status line that stays on every screen while it waits says what was asked for.
    expect(kiosk.locator("[data-notice=help]")).to_have_text("수어 통역을 요청했습니다. 곧 옵니다.")

    staff = new_page(1366, 900)
    staff.goto(f"{sign_server.url}/staff")
    staff.fill("#signin-form input[name=login]", "staff1")
    staff.fill("#signin-form input[name=password]", DEMO_PASSWORD)
    staff.click("#signin-form button[type=submit]")
    banner = staff.locator("#help")
    expect(banner).to_contain_text("키오스크 수어 통역 요청")
    expect(banner.locator(".mark--sign")).to_contain_text("수어 통역")
    expect(banner.locator(".banner__row[data-kind=sign]")).to_have_count(1)


def test_an_admin_uploads_a_guide_and_a_wrong_file_is_refused_in_words(new_page, sign_server):
    page_id = staff_session(sign_server, "admin").post(
        f"{sign_server.url}/api/v1/admin/info-pages", params={"site_id": 1}, json={
            "slug": "sign-guide", "titles": {"ko": "수어 안내 시험"},
            "bodies": {"ko": "본문"}}).json()["item"]["id"]
    admin = new_page(1366, 900)
    sign_in(admin, sign_server)
    open_section(admin, "info-pages")
    row = admin.locator("tr", has_text="수어 안내 시험")
    row.get_by_role("button", name="수어 영상").click()
    editor = admin.locator(".sign-editor-card")
    expect(editor).to_contain_text("아직 수어 영상이 없습니다.")
    editor.locator("#sign-video-file").set_input_files(
        {"name": "guide.mp4", "mimeType": "video/mp4", "buffer": b"not a video at all"})
    editor.get_by_role("button", name="영상 올리기").click()
    expect(editor.locator(".form-error")).to_contain_text("MP4")
    assert sql(sign_server, "SELECT count(*) FROM sign_videos WHERE subject = 'page'")[0][0] == 0

    editor.locator("#sign-video-file").set_input_files(str(FIXTURES / "sign.webm"))
    editor.get_by_role("button", name="영상 올리기").click()
    expect(admin.locator(".sign-editor-card video.sign-preview")).to_be_attached()
    admin.locator("#sign-captions-file").set_input_files(str(FIXTURES / "sign.vtt"))
    admin.locator(".sign-editor-card").get_by_role("button", name="자막 올리기").click()
    expect(admin.locator(".sign-editor-card")).to_contain_text("자막이 있습니다.")
    (captions,) = sql(sign_server, "SELECT captions FROM sign_videos WHERE subject = 'page' "
                                   "AND subject_id = ?", (page_id,))[0]
    assert captions.endswith(".vtt")
