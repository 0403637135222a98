"""The admin console's API (/api/v1/admin/...): sites, departments, services, counters,
staff, holidays, notices, information pages, devices, and a site's configuration as one
file. Admins change everything; a supervisor may read their own site's configuration.
Also the public reads kiosks and screens use for notices and information pages."""

from __future__ import annotations

import json
from typing import Literal

from flask import Response, current_app, jsonify, request
from pydantic import Field

from ..admin import content, entrance
from ..admin import forms as m
from ..admin import sign_videos
from ..admin.config import KINDS, STAFF, Config, Kind, load
from ..admin.devices import Devices, qr_svg
from ..admin.sites import ConfigImport, Sites
from ..auth import Principal, require_principal, require_supervisor
from ..infra import media
from ..refusal import Refusal
from ..visitor.providers import settings as provider_settings
from ..visitor.providers.trial import send_test
from . import schemas as s
from .uploads import read_upload
from .routes import api, blueprint, engine, resolve_site, store


class AdminSiteQuery(s.Query):
    site_id: s.QueryId


class NoticeQuery(s.Query):
    site_id: s.QueryId | None = None
    target: Literal["board", "kiosk"] | None = Field(None, description="Only notices for this.")


def require_reader(site_id: int) -> Principal:
    """Admins, and supervisors of this site, may read its configuration."""
    return require_supervisor(
        site_id, "Only administrators and this site's supervisors see its configuration.")


def config() -> Config:
    """Configuration changes made by whoever signed this request."""
    return Config(store(), engine(), require_principal())


def sites() -> Sites:
    return Sites(store(), engine())


def devices() -> Devices:
    return Devices(store(), engine(), current_app.extensions["sunbeon.realtime"])


@api.route("/admin/forms", auth="admin", tag="admin",
           summary="The request schemas, fields in form order (the console draws its forms "
                   "from them)")
def admin_forms():
    schemas = api.openapi(blueprint.url_prefix)["components"]["schemas"]
    # Not jsonify: it sorts keys, and the order of the fields is the order of the form.
    return Response(json.dumps(schemas, ensure_ascii=False), mimetype="application/json")


# ---- sites ------------------------------------------------------------------------------

@api.route("/admin/sites", auth="supervisor", tag="admin", summary="Every site with hours and settings")
def admin_sites():
    principal = require_principal()
    return jsonify(sites=sites().list(None if principal.is_admin else [principal.site_id]))


@api.route("/admin/sites", "POST", auth="admin", body=m.SiteIn, status=201, tag="admin",
           summary="Add a site (a branch office)")
def create_site(body: m.SiteIn):
    return jsonify(site=sites().create(body)), 201


@api.route("/admin/sites/<int:site_id>", "PATCH", auth="admin", body=m.SitePatch, tag="admin",
           summary="Change a site: names, address, phone, opening hours, queue settings")
def update_site(site_id: int, body: m.SitePatch):
    return jsonify(site=sites().update(site_id, body))


@api.route("/admin/sites/<int:site_id>/export", auth="admin", tag="admin",
           summary="A site's whole configuration as one file (no staff, tokens or tickets)")
def export_site(site_id: int):
    name, document = sites().export_file(site_id)
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@api.route("/admin/sites/import", "POST", auth="admin", body=ConfigImport, status=201, tag="admin",
           summary="A new site from an exported file: all of it or nothing")
def import_site(body: ConfigImport):
    return jsonify(sites().import_(body)), 201


# ---- the entrance QR code (docs/public.md, "The entrance's QR code") -------------------

class EntranceQrQuery(s.Query):
    round: s.QueryId | None = Field(None, description="The round the console shows: another "
                                    "is refused (409 round_changed), so a page left open never "
                                    "prints a code no longer in use.")
    download: bool = Field(False, description="As a file to save (entrance-<site>.svg).")


def _default_round() -> int:
    return entrance.default_round(current_app.config.get("PUBLIC_ENTRANCE_ROTATION"))


def _entrance(site_id: int) -> dict:
    """A site's entrance QR code as the console shows it: its round and address, or the
    settings the server lacks to make one."""
    site = engine().site(site_id)
    relay, missing = entrance.relay_of(current_app.config)
    round_ = entrance.site_round(site["settings"], _default_round())
    return {"site_id": site_id, "code": site["code"], "round": round_,
            "configured": relay is not None, "missing": missing,
            "address": entrance.address(relay, site["code"], round_) if relay else None,
            "image": (f"{request.script_root}/api/v1/admin/sites/{site_id}/entrance-qr.svg"
                      f"?round={round_}") if relay else None}


@api.route("/admin/sites/<int:site_id>/entrance-qr", auth="admin", tag="admin",
           summary="The site's entrance QR code: its round, the address it holds, or which "
                   "settings the server lacks to make it (no relay)")
def site_entrance_qr(site_id: int):
    return jsonify(entrance=_entrance(site_id))


@api.route("/admin/sites/<int:site_id>/entrance-qr.svg", auth="admin", query=EntranceQrQuery,
           tag="admin", summary="The site's entrance QR code as an SVG poster, 3 mm a module "
                                "(409 relay_not_configured without a relay)")
def site_entrance_qr_svg(site_id: int, query: EntranceQrQuery):
    shown = _entrance(site_id)
    if not shown["configured"]:
        raise Refusal("relay_not_configured", "No public relay is configured: set "
                      + " and ".join(shown["missing"]) + " on the server.", 409)
    if query.round is not None and query.round != shown["round"]:
        raise Refusal("round_changed", f"The entrance QR code is at round {shown['round']} "
                      f"now, not {query.round}: reload.", 409)
    headers = {"Cache-Control": "no-store"}
    if query.download:
        headers["Content-Disposition"] = f'attachment; filename="entrance-{shown["code"]}.svg"'
    return Response(entrance.poster_svg(shown["address"]), mimetype="image/svg+xml",
                    headers=headers)


@api.route("/admin/sites/<int:site_id>/entrance-qr/rotate", "POST", auth="admin", tag="admin",
           summary="A new entrance QR code for the site: the posted one is refused by the "
                   "relay from the next push (audited)")
def rotate_site_entrance_qr(site_id: int):
    entrance.rotate(store(), engine(), site_id, _default_round(), actor_id=require_principal().id,
                    address_from=request.remote_addr or "")
    return jsonify(entrance=_entrance(site_id))


# ---- departments, services, counters, staff, holidays, notices, pages ---------------------

def _saved(item: dict):
    """A saved record; for one kept in several languages, also which translations it
    lacks ({lang: [field]}): saved all the same, the kiosk shows those in Korean."""
    if "missing_translations" in item:
        return jsonify(item=item, missing_translations=item["missing_translations"])
    return jsonify(item=item)


def _declare(kind: Kind) -> None:
    """The four routes every kind of record has, named after it."""
    base = f"/admin/{kind.name.replace('_', '-')}"

    def list_view(query: AdminSiteQuery):
        site_id = resolve_site(query.site_id)
        require_reader(site_id)
        return jsonify(items=config().list(kind, site_id))

    def create_view(body, query: AdminSiteQuery):
        return _saved(config().create(kind, resolve_site(query.site_id), body)), 201

    def update_view(item_id: int, body):
        return _saved(config().update(kind, item_id, body))

    def delete_view(item_id: int):
        return jsonify(config().delete(kind, item_id))

    for view, verb in ((list_view, "list"), (create_view, "create"),
                       (update_view, "update"), (delete_view, "delete")):
        view.__name__ = f"admin_{verb}_{kind.name}"
    api.route(base, query=AdminSiteQuery, auth="supervisor", tag="admin",
              summary=f"The site's {kind.name.replace('_', ' ')}")(list_view)
    api.route(base, "POST", body=kind.create, query=AdminSiteQuery, status=201, auth="admin",
              tag="admin",
              summary=f"Add a {kind.what}")(create_view)
    api.route(f"{base}/<int:item_id>", "PATCH", body=kind.patch, auth="admin", tag="admin",
              summary=f"Change a {kind.what} (only the fields sent)")(update_view)
    api.delete(f"{base}/<int:item_id>", auth="admin", tag="admin",
               summary=f"Remove a {kind.what}" + (" (kept for history, no longer used)"
                                                   if kind.soft_delete else ""))(delete_view)


for _kind in KINDS.values():
    _declare(_kind)


@api.route("/admin/staff/<int:staff_id>/password", "POST", auth="admin", body=m.PasswordReset, tag="admin",
           summary="Set a new password; the person's sign-ins end (and their sockets close)")
def reset_password(staff_id: int, body: m.PasswordReset):
    config().reset_password(staff_id, body.password)
    return jsonify(ok=True)


@api.route("/admin/staff/<int:staff_id>/photo", "POST", auth="admin", tag="admin",
           summary="Upload a photo (multipart field 'photo': PNG, JPEG or WebP, up to 2 MB)")
def upload_photo(staff_id: int):
    load(store(), STAFF, staff_id)  # an unknown person is 404 before the upload is read
    data = read_upload("photo", media.PHOTO_MAX_BYTES)
    return jsonify(item=config().set_photo(staff_id, data))


@api.delete("/admin/staff/<int:staff_id>/photo", auth="admin", tag="admin",
            summary="Remove the photo (screens show initials)")
def delete_photo(staff_id: int):
    return jsonify(item=config().set_photo(staff_id, None))


# ---- sign-language guides (수어 안내) -----------------------------------------------------

def _sign_video_max_bytes() -> int:
    return int(current_app.config.get("SIGN_VIDEO_MAX_BYTES", sign_videos.VIDEO_MAX_BYTES))


@api.route("/admin/sign-videos/<subject>/<int:subject_id>/video", "POST", auth="admin",
           tag="admin", summary="Upload or replace the sign-language video of a service or "
           "an information page (`subject`: service or page; multipart field 'video': MP4 "
           "H.264 or WebM, up to 30 MB unless configured)")
def upload_sign_video(subject: str, subject_id: int):
    sign_videos.subject_site(store(), subject, subject_id)  # 404 before the upload is read
    data = read_upload("video", _sign_video_max_bytes())
    return jsonify(sign_video=sign_videos.set_video(store(), engine(), subject, subject_id,
                                                    data))


@api.route("/admin/sign-videos/<subject>/<int:subject_id>/captions", "POST", auth="admin",
           tag="admin", summary="Upload or replace the Korean captions of a sign-language "
           "video (multipart field 'captions': WebVTT, up to 256 KB)")
def upload_sign_captions(subject: str, subject_id: int):
    sign_videos.subject_site(store(), subject, subject_id)
    data = read_upload("captions", sign_videos.CAPTIONS_MAX_BYTES)
    return jsonify(sign_video=sign_videos.set_captions(store(), engine(), subject, subject_id,
                                                       data))


@api.delete("/admin/sign-videos/<subject>/<int:subject_id>/captions", auth="admin",
            tag="admin", summary="Remove the captions of a sign-language video")
def delete_sign_captions(subject: str, subject_id: int):
    return jsonify(sign_video=sign_videos.set_captions(store(), engine(), subject, subject_id,
                                                       None))


@api.delete("/admin/sign-videos/<subject>/<int:subject_id>", auth="admin", tag="admin",
            summary="Remove a sign-language video and its captions")
def delete_sign_video(subject: str, subject_id: int):
    return jsonify(sign_videos.delete(store(), engine(), subject, subject_id))


@api.route("/sign-videos", query=s.SiteQuery, auth="public", tag="content",
           summary="A site's sign-language videos (with captions) for its services and "
                   "information pages, and the video-relay number kiosks show with a "
                   "sign-interpreting request")
def list_sign_videos(query: s.SiteQuery):
    return jsonify(sign_videos.site_videos(store(), engine(), resolve_site(query.site_id)))


# ---- devices and printers --------------------------------------------------------------

def _enrolment(result: dict) -> dict:
    base = (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    address = base + result.pop("path")
    return {**result, "address": address, "qr_svg": qr_svg(address)}


@api.route("/admin/devices", auth="supervisor", query=AdminSiteQuery, tag="admin",
           summary="Kiosks and screens with online state, last seen and printer")
def list_devices(query: AdminSiteQuery):
    site_id = resolve_site(query.site_id)
    require_reader(site_id)
    return jsonify(items=devices().list(site_id))


@api.route("/admin/devices", "POST", auth="admin", body=m.DeviceIn, query=AdminSiteQuery, status=201,
           tag="admin", summary="Enrol a device: its token is shown once, as an address and QR")
def enrol_device(body: m.DeviceIn, query: AdminSiteQuery):
    return jsonify(_enrolment(devices().enrol(resolve_site(query.site_id), body))), 201


@api.route("/admin/devices/<int:device_id>", "PATCH", auth="admin", body=m.DevicePatch, tag="admin",
           summary="Rename a device or change its settings (the screen applies them)")
def update_device(device_id: int, body: m.DevicePatch):
    return jsonify(item=devices().update(device_id, body))


@api.route("/admin/devices/<int:device_id>/token", "POST", auth="admin", tag="admin",
           summary="A new token for the device (re-enrol); earlier tokens stop working")
def renew_device_token(device_id: int):
    return jsonify(_enrolment(devices().new_token(device_id)))


@api.route("/admin/devices/<int:device_id>/revoke", "POST", auth="admin", tag="admin",
           summary="Revoke a device: its tokens and open connections stop at once")
def revoke_device(device_id: int):
    return jsonify(item=devices().revoke(device_id))


@api.route("/admin/printer-profiles", auth="admin", tag="admin", summary="Printer models the server knows")
def printer_profiles():
    profiles = current_app.extensions["sunbeon.printing"].profiles
    return jsonify(profiles=[{"key": p.key, "name": p.name, "paper_width_mm": p.paper_width_mm,
                              "korean_font": p.korean_font, "status": p.status, "mode": p.mode}
                             for p in sorted(profiles.values(), key=lambda p: p.key)])


# ---- what kiosks and screens read --------------------------------------------------------

@api.route("/notices", query=NoticeQuery, auth="public", tag="content",
           summary="Today's notices of a site, for the board or the kiosk, in six languages")
def list_notices(query: NoticeQuery):
    return jsonify(notices=content.notices_today(store(), engine(), resolve_site(query.site_id),
                                                 query.target))


@api.route("/info-pages", query=s.SiteQuery, auth="public", tag="content",
           summary="The kiosk's information pages (for example the information-disclosure "
                   "procedure), each in six languages")
def list_info_pages(query: s.SiteQuery):
    return jsonify(pages=content.published_pages(store(), resolve_site(query.site_id)))


class PageAnswer(s.Body):
    satisfied: bool = Field(strict=True)


@api.route("/info-pages/<int:page_id>/answer", "POST", auth="kiosk", body=PageAnswer, status=201,
           tag="content", summary="The one-tap answer to \"was this information useful?\" "
                                  "at the end of a kiosk information page (kiosks)")
def answer_info_page(page_id: int, body: PageAnswer):
    content.record_page_answer(store(), engine(), page_id, body.satisfied,
                               kiosk_site_id=require_principal().site_id)
    return jsonify(recorded=True), 201


# ---- the provider of visitors' text notices (KakaoTalk 알림톡, SMS/LMS) -------------------

@api.route("/admin/notice-provider", auth="admin", tag="admin",
           summary="Which provider sends visitors' text notices: template codes, sender "
                   "number, and of each key only whether it is set")
def notice_provider():
    return jsonify(provider=provider_settings.public(provider_settings.load(store())))


@api.route("/admin/notice-provider", "PUT", auth="admin", body=provider_settings.NoticeProviderIn,
           tag="admin", summary="Set the provider (NHN Cloud, Solapi or the generic gateway); "
                                "a key left empty keeps its stored value")
def save_notice_provider(body: provider_settings.NoticeProviderIn):
    return jsonify(provider=provider_settings.save(store(), body))


@api.route("/admin/notice-provider/test", "POST", auth="admin", query=AdminSiteQuery,
           body=provider_settings.NoticeProviderTest, tag="admin",
           summary="Send one sample notice now to the number given (not stored); says "
                   "whether the provider accepted it")
def test_notice_provider(body: provider_settings.NoticeProviderTest, query: AdminSiteQuery):
    base = (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")
    return jsonify(send_test(store(), engine(), current_app.config, resolve_site(query.site_id),
                             body.phone, body.kind, f"{base}/t/TEST"))
