"""Which provider sends visitors' text notices, with its keys, sender number, Kakao sender
key and template codes: one JSON row in app_settings, edited in the admin console.

Keys are write-only: `public()` says of each only whether it is set and its last four
characters, and no code path logs them. At rest they are in the database as given (a
provider needs them in clear to sign its requests): the database file and its backups
are to be kept like the server's signing key (docs/public.md, Providers).

Where the providers live is not configurable here but in the server's configuration
(SUNBEON_NHN_ALIMTALK_URL, SUNBEON_NHN_SMS_URL, SUNBEON_SOLAPI_URL, for a relay or a
test double): an admin cannot point the keys at another host.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ...forms import Form, label
from ...refusal import Refusal
from . import KINDS, Provider
from .nhn import NhnCloud
from .solapi import Solapi

SETTING_KEY = "notice_provider"
PROVIDERS = {"nhn": NhnCloud, "solapi": Solapi}
SECRETS = ("kakao_sender_key", "alimtalk_app_key", "alimtalk_secret_key", "sms_app_key",
           "sms_secret_key", "api_key", "api_secret")
REQUIRED = {
    "nhn": ("sender_number", "sms_app_key", "sms_secret_key"),
    "solapi": ("sender_number", "api_key", "api_secret"),
}
# NHN's 알림톡 is another product with its own app key: needed once a sender key is set.
REQUIRED_FOR_ALIMTALK = {"nhn": ("alimtalk_app_key", "alimtalk_secret_key"), "solapi": ()}

Secret = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200,
                                          pattern=r"^[\x21-\x7e]*$")]
TemplateCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=30,
                                                pattern=r"^[A-Za-z0-9_\-]*$")]
SenderNumber = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20,
                                                pattern=r"^[0-9\-]*$")]
PASSWORD = {"x-widget": "password"}


def _secret(ko: str, en: str, help_text: str):
    return Field(None, **label(ko, en, **PASSWORD), description=help_text)


class NoticeProviderIn(Form):
    provider: Literal["gateway", "nhn", "solapi"] = Field(**label(
        "발송 업체", "Provider"),
        description="gateway = 서버 설정의 일반 SMS 게이트웨이 · the server's generic gateway")
    sender_number: SenderNumber = Field("", **label("발신번호 (사전 등록)", "Sender number (registered)"),
                                        description="업체에 등록한 번호만 쓸 수 있습니다 · only a "
                                                    "number registered with the provider")
    sms_failover: bool = Field(True, **label("알림톡 실패 시 문자로 대체 발송", "Resend as SMS/LMS when the alimtalk fails"))
    template_near: TemplateCode = Field("", **label("템플릿 코드: 순서 임박", "Template code: turn near"))
    template_called: TemplateCode = Field("", **label("템플릿 코드: 호출", "Template code: called"))
    template_thanks: TemplateCode = Field("", **label("템플릿 코드: 방문 감사", "Template code: thank you"))
    template_case_interim: TemplateCode = Field("", **label("템플릿 코드: 처리 중간 안내", "Template code: case interim"))
    template_case_done: TemplateCode = Field("", **label("템플릿 코드: 처리 완료", "Template code: case done"))
    template_checkin_due: TemplateCode = Field("", **label(
        "템플릿 코드: 도착 확인 요청 (전화로 받은 번호)", "Template code: check in now (number from the phone)"))
    template_lapsed: TemplateCode = Field("", **label(
        "템플릿 코드: 도착 확인 없어 취소", "Template code: lapsed unchecked"))
    kakao_sender_key: Secret | None = _secret(
        "카카오 발신프로필 키 (Solapi: pfId)", "Kakao sender key (Solapi: pfId)",
        "비워 두면 지금 값을 유지합니다 · left empty: kept as it is")
    alimtalk_app_key: Secret | None = _secret("NHN 알림톡 앱키", "NHN alimtalk app key",
                                              "비워 두면 유지 · left empty: kept")
    alimtalk_secret_key: Secret | None = _secret("NHN 알림톡 시크릿 키", "NHN alimtalk secret key",
                                                 "비워 두면 유지 · left empty: kept")
    sms_app_key: Secret | None = _secret("NHN SMS 앱키", "NHN SMS app key",
                                         "비워 두면 유지 · left empty: kept")
    sms_secret_key: Secret | None = _secret("NHN SMS 시크릿 키", "NHN SMS secret key",
                                            "비워 두면 유지 · left empty: kept")
    api_key: Secret | None = _secret("Solapi API 키", "Solapi API key",
                                     "비워 두면 유지 · left empty: kept")
    api_secret: Secret | None = _secret("Solapi API 시크릿", "Solapi API secret",
                                        "비워 두면 유지 · left empty: kept")
    forget_keys: bool = Field(False, **label("저장된 키 모두 지우기", "Erase every stored key"))


class NoticeProviderTest(Form):
    phone: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40,
                                            pattern=r"^[0-9+()\- ]*$")] = Field(
        **label("받을 휴대전화 번호", "Mobile number to send to"),
        description="기록에 남지 않습니다 · not kept anywhere")
    kind: Literal["near", "called", "thanks"] = Field("called", **label("알림 종류", "Notice"))


def load(store) -> dict:
    raw = store.setting(SETTING_KEY)
    return json.loads(raw) if raw else {"provider": "gateway"}


def save(store, body: NoticeProviderIn) -> dict:
    """The settings as changed by `body`; a secret left empty keeps its stored value."""
    stored = load(store)
    settings = {"provider": body.provider,
                "sender_number": body.sender_number.replace("-", ""),
                "sms_failover": body.sms_failover,
                "templates": {kind: code for kind in KINDS
                              if (code := getattr(body, f"template_{kind}"))}}
    for name in SECRETS:
        given = getattr(body, name)
        kept = None if body.forget_keys else stored.get(name)
        if given or kept:
            settings[name] = given or kept
    missing = missing_fields(settings)
    if missing:
        raise Refusal("provider_incomplete", "The provider needs: " + ", ".join(missing) + ".",
                      400, missing=missing)
    store.set_setting(SETTING_KEY, json.dumps(settings, ensure_ascii=False))
    return public(settings)


def missing_fields(settings: dict) -> list[str]:
    provider = settings.get("provider")
    needed = list(REQUIRED.get(provider, ()))
    if settings.get("kakao_sender_key"):
        needed += REQUIRED_FOR_ALIMTALK.get(provider, ())
    return [name for name in needed if not settings.get(name)]


def public(settings: dict) -> dict:
    """What the admin console may see: never a key, only whether it is set."""
    return {"provider": settings.get("provider", "gateway"),
            "sender_number": settings.get("sender_number", ""),
            "sms_failover": settings.get("sms_failover", True),
            **{f"template_{kind}": (settings.get("templates") or {}).get(kind, "")
               for kind in KINDS},
            "keys": {name: _shown(settings.get(name)) for name in SECRETS}}


def _shown(secret: str | None) -> dict:
    if not secret:
        return {"set": False}
    # The last four only when they leave enough unsaid to be no help in guessing it.
    return {"set": True, "last4": secret[-4:] if len(secret) >= 12 else None}


def provider_from(store, config) -> Provider | None:
    """The configured provider, or None for the server's generic gateway."""
    settings = load(store)
    kind = PROVIDERS.get(settings.get("provider"))
    if kind is None or missing_fields(settings):
        return None
    urls = {"nhn_alimtalk": config.get("NHN_ALIMTALK_URL"), "nhn_sms": config.get("NHN_SMS_URL"),
            "solapi": config.get("SOLAPI_URL")}
    return kind(settings, urls, float(config.get("SMS_TIMEOUT") or 10))
