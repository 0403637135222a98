"""Sign-language guides (수어 안내): a short Korean Sign Language video for a service or an
information page, with optional Korean captions (WebVTT), uploaded in the admin console
and played at the kiosk from its "수어" button.

Nothing is re-encoded: a video is accepted by its bytes (MP4 with H.264, or WebM), up to
a size limit, and captions when they are WebVTT whose cues parse. A refused file stores
nothing. The files are kept in media/sign/ under a new name on each upload (so a kiosk
never plays a stale copy it kept) and served from the server's own origin at /media/...
"""

from __future__ import annotations

import re
import secrets

from ..infra import media
from ..infra.store import Store
from ..queue import QueueEngine
from ..refusal import Refusal

VIDEO_MAX_BYTES = 30 * 1024 * 1024      # the default of SIGN_VIDEO_MAX_BYTES
CAPTIONS_MAX_BYTES = 256 * 1024
SUBJECTS = {"service": "services", "page": "info_pages"}   # subject -> its table
WHAT = "sign video"                                         # config.changed's `what`

# MP4 brands that Chromium plays as plain MP4; the codec is checked separately.
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
              b"M4V ", b"dash", b"msnv"}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
CUE_TIMING = re.compile(r"^((?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})[ \t]+-->[ \t]+"
                        r"((?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})(?:[ \t].*)?$")


def video_type(data: bytes) -> tuple[str, str]:
    """(Content-Type, file extension) of a video the kiosk can play, judged by its bytes;
    anything else is refused."""
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand not in MP4_BRANDS:
            raise media.refuse(f"This MP4 file's brand ({brand.decode('latin-1')!r}) is not "
                               "a plain MP4; save it as MP4 (H.264).", "video")
        # The sample description (after the ftyp box, whose compatible brands may say
        # "avc1" too) names the codec: avc1/avc3 is H.264.
        boxes = data[int.from_bytes(data[0:4], "big"):]
        if b"avc1" not in boxes and b"avc3" not in boxes:
            raise media.refuse("The MP4 video must be H.264 (AVC); this one is not.", "video")
        return "video/mp4", "mp4"
    if data.startswith(EBML_MAGIC):
        if b"webm" not in data[:64]:
            raise media.refuse("This EBML file is not a WebM video (Matroska is not "
                               "accepted).", "video")
        return "video/webm", "webm"
    raise media.refuse("Use an MP4 (H.264) or WebM video; this file is neither.", "video")


def check_captions(data: bytes) -> str:
    """The captions' text when it is WebVTT with at least one cue whose times parse."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise media.refuse("Captions must be UTF-8 text (WebVTT).", "captions") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise media.refuse("Captions must be WebVTT: the file starts with 'WEBVTT'.",
                           "captions")
    cues = 0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        timing = CUE_TIMING.match(line.strip())
        if not timing or _seconds(timing[1]) > _seconds(timing[2]):
            raise media.refuse(f"Line {number}: a cue's times are not 'start --> end' "
                               "(00:01.000 --> 00:04.000).", "captions")
        cues += 1
    if not cues:
        raise media.refuse("The captions have no cue.", "captions")
    return text


def _seconds(stamp: str) -> float:
    parts = [float(part) for part in stamp.split(":")]
    return sum(value * 60 ** power for power, value in enumerate(reversed(parts)))


def subject_site(store: Store, subject: str, subject_id: int) -> int:
    """The site of the service or page a sign video is for (404 when there is none)."""
    table = SUBJECTS.get(subject)
    if table is None:
        raise Refusal("not_found", f"Sign videos are for {' and '.join(SUBJECTS)}.", 404)
    row = store.one(f"SELECT site_id FROM {table} WHERE id = ?", (subject_id,))
    if row is None:
        raise Refusal("not_found", f"No {subject} with id {subject_id}.", 404)
    return row["site_id"]


def _row(q, subject: str, subject_id: int) -> dict | None:
    return q.one("SELECT * FROM sign_videos WHERE subject = ? AND subject_id = ?",
                 (subject, subject_id))


def view(row: dict | None) -> dict | None:
    return row and {"subject": row["subject"], "subject_id": row["subject_id"],
                    "video": row["video"], "type": row["video_type"],
                    "captions": row["captions"] or None}


def _save(store: Store, subject: str, subject_id: int, data: bytes, extension: str) -> str:
    folder = media.media_root(store) / "sign"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{subject}-{subject_id}-{secrets.token_hex(6)}.{extension}"
    (folder / name).write_bytes(data)
    return f"/media/sign/{name}"


def set_video(store: Store, engine: QueueEngine, subject: str, subject_id: int,
              data: bytes) -> dict:
    """A new or replaced video; captions already there stay."""
    site_id = subject_site(store, subject, subject_id)
    content_type, extension = video_type(data)
    url = _save(store, subject, subject_id, data, extension)
    now = engine.clock.now()
    with store.write() as tx:
        old = _row(tx, subject, subject_id)
        if old:
            tx.execute("UPDATE sign_videos SET video = ?, video_type = ?, updated_at = ? "
                       "WHERE id = ?", (url, content_type, now, old["id"]))
        else:
            tx.insert("sign_videos", {"site_id": site_id, "subject": subject,
                                      "subject_id": subject_id, "video": url,
                                      "video_type": content_type, "updated_at": now})
        engine.config_changed(tx, site_id, WHAT, subject_id, "updated" if old else "created")
        shown = view(_row(tx, subject, subject_id))
    if old:
        media.remove(store, old["video"])
    return shown


def set_captions(store: Store, engine: QueueEngine, subject: str, subject_id: int,
                 data: bytes | None) -> dict:
    """New captions for a video already uploaded, or none (`data` None)."""
    site_id = subject_site(store, subject, subject_id)
    old = _row(store, subject, subject_id)
    if old is None:
        raise Refusal("not_found", "Upload the sign video first, then its captions.", 404)
    url = ""
    if data is not None:
        url = _save(store, subject, subject_id, check_captions(data).encode("utf-8"), "vtt")
    with store.write() as tx:
        tx.execute("UPDATE sign_videos SET captions = ?, updated_at = ? WHERE id = ?",
                   (url, engine.clock.now(), old["id"]))
        engine.config_changed(tx, site_id, WHAT, subject_id, "updated")
        shown = view(_row(tx, subject, subject_id))
    media.remove(store, old["captions"])
    return shown


def delete(store: Store, engine: QueueEngine, subject: str, subject_id: int) -> dict:
    """The video and its captions are gone; the kiosk hides the "수어" button."""
    site_id = subject_site(store, subject, subject_id)
    with store.write() as tx:
        old = _row(tx, subject, subject_id)
        if old is None:
            raise Refusal("not_found", f"This {subject} has no sign video.", 404)
        tx.execute("DELETE FROM sign_videos WHERE id = ?", (old["id"],))
        engine.config_changed(tx, site_id, WHAT, subject_id, "deleted")
    media.remove(store, old["video"])
    media.remove(store, old["captions"])
    return {"subject": subject, "subject_id": subject_id, "deleted": True}


def site_videos(store: Store, engine: QueueEngine, site_id: int) -> dict:
    """What a kiosk keeps of a site's sign-language guides: the video (with captions) of
    each service it offers and page it shows (not of a removed or hidden one), and the
    video-relay number to show with a sign-interpreting request."""
    rows = store.query(
        "SELECT * FROM sign_videos WHERE site_id = ? AND ("
        "(subject = 'service' AND subject_id IN (SELECT id FROM services WHERE active = 1)) OR "
        "(subject = 'page' AND subject_id IN (SELECT id FROM info_pages WHERE published = 1))) "
        "ORDER BY id", (site_id,))
    return {"videos": [view(row) for row in rows],
            "relay_phone": engine.site(site_id)["settings"].get("sign_relay_phone", "")}
