"""Sign-language guides (수어 안내) and the sign-interpreting request: uploads are judged by
their bytes and refused without storing anything, served from our own origin with Range,
and a help request can be marked as sign interpreting (server/admin/sign_videos.py,
server/staff/help_requests.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from server.infra.media import media_root
from tests.test_realtime import connect, received_events

FIXTURES = Path(__file__).parent / "fixtures"
MP4 = (FIXTURES / "sign.mp4").read_bytes()
WEBM = (FIXTURES / "sign.webm").read_bytes()
VTT = (FIXTURES / "sign.vtt").read_bytes()
BASE = "/api/v1/admin/sign-videos"


@pytest.fixture
def admin(signed_in):
    return signed_in("admin")


def upload(client, path: str, field: str, data: bytes, name: str = "file.bin"):
    return client.post(f"{BASE}/{path}", data={field: (io.BytesIO(data), name)})


def stored(store) -> tuple[list[dict], list[str]]:
    """The rows and the files: what a refusal must leave as it was."""
    folder = media_root(store) / "sign"
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return store.query("SELECT * FROM sign_videos ORDER BY id"), files


def test_a_video_and_its_captions_are_stored_listed_and_replaced(admin, app, store):
    video = upload(admin, "service/1/video", "video", MP4, "guide.mov")  # judged by bytes
    assert video.status_code == 200, video.json
    first = video.json["sign_video"]
    assert (first["type"], first["captions"]) == ("video/mp4", None)
    captions = upload(admin, "service/1/captions", "captions", VTT, "guide.txt")
    assert captions.status_code == 200, captions.json
    assert captions.json["sign_video"]["captions"].endswith(".vtt")
    listed = app.test_client().get("/api/v1/sign-videos?site_id=1").json
    assert listed["videos"] == [captions.json["sign_video"]]
    assert listed["relay_phone"] == ""
    # A replacement gets a new name (a kiosk never plays a stale copy); the old file goes.
    replaced = upload(admin, "service/1/video", "video", WEBM).json["sign_video"]
    assert replaced["type"] == "video/webm" and replaced["video"] != first["video"]
    assert replaced["captions"] == captions.json["sign_video"]["captions"]
    rows, files = stored(store)
    assert len(rows) == 1 and len(files) == 2
    assert admin.delete(f"{BASE}/service/1").json["deleted"] is True
    assert stored(store) == ([], [])


def test_a_page_has_its_own_video(admin, app, store):
    page_id = admin.post("/api/v1/admin/info-pages?site_id=1", json={
        "slug": "sign", "titles": {"ko": "정보공개 청구 절차"},
        "bodies": {"ko": "청구서를 냅니다."}}).json["item"]["id"]
    assert upload(admin, f"page/{page_id}/video", "video", WEBM).status_code == 200
    listed = app.test_client().get("/api/v1/sign-videos?site_id=1").json["videos"]
    assert [(v["subject"], v["subject_id"]) for v in listed] == [("page", page_id)]
    # A page taken down takes its guide off the kiosks' list.
    assert admin.delete(f"/api/v1/admin/info-pages/{page_id}").status_code == 200
    assert app.test_client().get("/api/v1/sign-videos?site_id=1").json["videos"] == []


H264_BOXES = b"\x00\x00\x00\x08moov" + b"stsd....avc1"
BAD_VIDEOS = {
    "a picture named .mp4": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "text": b"hello, this is not a video",
    "HEVC in MP4": b"\x00\x00\x00\x14ftypisom\x00\x00\x02\x00isom" + b"stsd....hvc1",
    "QuickTime": b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + H264_BOXES,
    "Matroska, not WebM": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + b"\x00" * 32,
}
BAD_CAPTIONS = {
    "no WEBVTT line": b"1\n00:00:00,000 --> 00:00:01,000\nSRT, not WebVTT\n",
    "a cue whose times do not parse": b"WEBVTT\n\n00:00.000 --> soon\nhello\n",
    "a cue that ends before it starts": b"WEBVTT\n\n00:05.000 --> 00:01.000\nhello\n",
    "no cue": b"WEBVTT\n\nNOTE nothing here\n",
    "not UTF-8": b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xb0\xa1\xff\n",
}


@pytest.mark.parametrize("name", BAD_VIDEOS)
def test_a_file_that_is_not_a_playable_video_is_refused_and_nothing_is_stored(
        admin, store, name):
    before = stored(store)
    refused = upload(admin, "service/1/video", "video", BAD_VIDEOS[name], "guide.mp4")
    assert refused.status_code == 422, refused.json
    assert refused.json["error"] == "invalid_file" and refused.json["message"]
    assert stored(store) == before


@pytest.mark.parametrize("name", BAD_CAPTIONS)
def test_captions_that_are_not_webvtt_are_refused_and_nothing_is_stored(admin, store, name):
    assert upload(admin, "service/1/video", "video", MP4).status_code == 200
    before = stored(store)
    refused = upload(admin, "service/1/captions", "captions", BAD_CAPTIONS[name], "a.vtt")
    assert refused.status_code == 422, refused.json
    assert refused.json["error"] == "invalid_file" and refused.json["message"]
    assert stored(store) == before


def test_too_large_a_video_is_refused_before_it_is_stored(admin, app, store):
    app.config["SIGN_VIDEO_MAX_BYTES"] = len(MP4) - 1
    refused = upload(admin, "service/1/video", "video", MP4)
    assert refused.status_code == 422 and "MB" in refused.json["message"]
    assert stored(store) == ([], [])
    big_captions = b"WEBVTT\n\n" + b"00:00.000 --> 00:01.000\n" + b"x" * 300_000
    app.config["SIGN_VIDEO_MAX_BYTES"] = 30 * 1024 * 1024
    assert upload(admin, "service/1/video", "video", MP4).status_code == 200
    before = stored(store)
    assert upload(admin, "service/1/captions", "captions", big_captions).status_code == 422
    assert stored(store) == before


def test_wrong_subjects_and_missing_parts_are_clear_errors(admin, store, kiosk):
    assert upload(admin, "ticket/1/video", "video", MP4).status_code == 404
    assert upload(admin, "service/987654/video", "video", MP4).status_code == 404
    captions_first = upload(admin, "service/1/captions", "captions", VTT)
    assert (captions_first.status_code, captions_first.json["error"]) == (404, "not_found")
    assert admin.delete(f"{BASE}/service/1").status_code == 404
    assert admin.post(f"{BASE}/service/1/video").status_code == 422    # no file at all
    assert upload(kiosk, "service/1/video", "video", MP4).status_code in (401, 403)
    assert stored(store) == ([], [])


def test_videos_are_served_with_their_type_range_and_cache_headers(admin, app):
    url = upload(admin, "service/1/video", "video", MP4).json["sign_video"]["video"]
    captions = upload(admin, "service/1/captions", "captions", VTT).json["sign_video"]["captions"]
    client = app.test_client()
    whole = client.get(url)
    assert whole.status_code == 200 and whole.data == MP4
    assert whole.mimetype == "video/mp4" and whole.headers["Accept-Ranges"] == "bytes"
    assert whole.cache_control.max_age >= 86400
    part = client.get(url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.data == MP4[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(MP4)}"
    track = client.get(captions)
    assert track.mimetype == "text/vtt" and track.data == VTT


def test_the_relay_number_is_a_site_setting_shown_with_the_videos(admin, app):
    changed = admin.patch("/api/v1/admin/sites/1", json={"settings": {"sign_relay_phone": "107"}})
    assert changed.status_code == 200, changed.json
    assert app.test_client().get("/api/v1/sign-videos?site_id=1").json["relay_phone"] == "107"
    refused = admin.patch("/api/v1/admin/sites/1", json={"settings": {"sign_relay_phone": "call us"}})
    assert refused.status_code in (400, 422)


def test_a_sign_interpreting_request_reaches_staff_marked_as_such(app, kiosk, signed_in,
                                                                  store, tokens):
    staff = signed_in("staff2")
    asked = kiosk.post("/api/v1/help-requests", json={"kind": "sign"})
    assert asked.status_code == 201 and asked.json["help_request"]["kind"] == "sign"
    listed = staff.get("/api/v1/help-requests?site_id=1").json["help_requests"]
    assert [r["kind"] for r in listed] == ["sign"]
    # Asked again: the same request, nobody alerted twice.
    assert kiosk.post("/api/v1/help-requests", json={"kind": "sign"}).status_code == 200
    assert kiosk.post("/api/v1/help-requests", json={"kind": "nonsense"}).status_code == 400


def test_a_plain_call_becomes_sign_interpreting_and_staff_are_told_again(app, kiosk, tokens):
    kiosk_socket = connect(app, tokens["kiosk-1f"])
    plain = kiosk.post("/api/v1/help-requests").json["help_request"]
    assert plain["kind"] == "staff"
    sign = kiosk.post("/api/v1/help-requests", json={"kind": "sign"})
    assert sign.status_code == 201
    assert sign.json["help_request"]["id"] == plain["id"]
    assert sign.json["help_request"]["kind"] == "sign"
    requested = [e["data"]["help_request"]["kind"] for e in received_events(app, kiosk_socket)
                 if e["type"] == "help.requested"]
    assert requested == ["staff", "sign"]
    # A plain tap after that does not undo the mark.
    assert kiosk.post("/api/v1/help-requests").json["help_request"]["kind"] == "sign"
