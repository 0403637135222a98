"""Solapi (솔라피) API v4: 알림톡 with kakaoOptions and its own SMS/LMS resend, SMS/LMS.

Written from Solapi's published documentation (docs.solapi.com / developers.solapi.com:
API Key 인증 방식, 메시지 발송, 메시지 목록 조회):

    Authorization: HMAC-SHA256 apiKey={key}, date={ISO 8601}, salt={12-64 random chars},
                   signature={hex HMAC-SHA256(key=API secret, data=date + salt)}
    (a date more than 15 minutes off, or a signature used twice, is refused)

    POST {base}/messages/v4/send-many/detail
    {"messages": [{"to": "010...", "from": "...", "text": "...", "type": "ATA",
                   "kakaoOptions": {"pfId": "...", "templateId": "...",
                                    "variables": {"#{번호}": "1001"},
                                    "disableSms": false}}]}
    -> {"groupInfo": {...}, "messageList": [{"messageId": "M4V...", "statusCode": "2000",
        ...}], "failedMessageList": [{"statusCode": "...", "statusMessage": "..."}]}
    errors: HTTP 4xx {"errorCode": "ValidationError", "errorMessage": "..."}

    GET {base}/messages/v4/list?messageId=M4V...
    -> {"messageList": {"M4V...": {"statusCode": "4000", "type": "ATA",
                                   "replacement": false, ...}}}

Confirmed in the published pages: the signature, the list API and its answer (statusCode
4000 = 수신 완료). From the best-known public shape, not confirmed here: the detail
answer's failedMessageList, `disableSms` (false: Solapi resends a refused 알림톡 as
SMS/LMS with `text`), the error codes below and how a resend shows in the list
(`replacement`, or the type turning SMS/LMS).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone
from urllib.parse import urlencode

from ..sms import NotDelivered, message_type
from . import AlimtalkRefused, Notice, Provider, Report
from .http import request_json

BASE_URL = "https://api.solapi.com"

# errorCode of a refused request.
TEMPORARY_ERRORS = {"TooManyRequests", "InternalError", "NotEnoughBalance"}
# statusCode of a message refused at once (failedMessageList).
KAKAO_SIDE = {"3103", "3104", "3105", "3106", "3107", "3108"}  # template / channel refusals
DELIVERED, PENDING = "4000", {"2000", "3000"}


def authorization(api_key: str, api_secret: str, *, date: str | None = None,
                  salt: str | None = None) -> str:
    date = date or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    salt = salt or secrets.token_hex(16)
    signature = hmac.new(api_secret.encode(), (date + salt).encode(), hashlib.sha256).hexdigest()
    return f"HMAC-SHA256 apiKey={api_key}, date={date}, salt={salt}, signature={signature}"


class Solapi(Provider):
    name = "Solapi"
    idempotent = False            # no deduplicating key: an uncertain send is not repeated

    def send_alimtalk(self, notice: Notice, template: str) -> str:
        return self._send({**self._text_fields(notice), "type": "ATA", "kakaoOptions": {
            "pfId": self.settings["kakao_sender_key"], "templateId": template,
            "variables": {f"#{{{name}}}": value for name, value in notice.variables().items()},
            "disableSms": not self.settings.get("sms_failover", True)}}, alimtalk=True)

    def send_text(self, notice: Notice) -> str:
        return self._send({**self._text_fields(notice), "type": message_type(notice.text)},
                          alimtalk=False)

    def _text_fields(self, notice: Notice) -> dict:
        fields = {"to": notice.to, "from": self.settings["sender_number"], "text": notice.text}
        if message_type(notice.text) == "LMS":
            fields["subject"] = str(notice.params.get("site") or "")[:40] or "-"
        return fields

    def _send(self, message: dict, *, alimtalk: bool) -> str:
        status, answer = request_json(
            "POST", f"{self._base()}/messages/v4/send-many/detail", self._headers(),
            {"messages": [message]}, timeout=self.timeout, who="Solapi")
        if status >= 400:
            code = answer.get("errorCode", "")
            raise NotDelivered(f"Solapi answered HTTP {status}: {code} "
                               f"{answer.get('errorMessage', '')}".strip(),
                               temporary=code in TEMPORARY_ERRORS)
        failed = answer.get("failedMessageList") or []
        if failed:
            code = str(failed[0].get("statusCode", ""))
            problem = f"{code} {failed[0].get('statusMessage', '')}".strip()
            if alimtalk and code in KAKAO_SIDE:
                raise AlimtalkRefused(problem)
            raise NotDelivered(f"Solapi refused it: {problem}", temporary=False)
        [sent] = answer.get("messageList") or [{}]
        return str(sent.get("messageId") or "")

    def report(self, provider_id: str) -> Report | None:
        if not provider_id:
            return None
        _, answer = request_json(
            "GET", f"{self._base()}/messages/v4/list?{urlencode({'messageId': provider_id})}",
            self._headers(), None, timeout=self.timeout, who="Solapi")
        message = (answer.get("messageList") or {}).get(provider_id) or {}
        code = str(message.get("statusCode", ""))
        if not code or code in PENDING:
            return None
        kind = str(message.get("type", "")).upper()
        via = "alimtalk" if kind == "ATA" and not message.get("replacement") else \
            ("lms" if kind == "LMS" else "sms")
        if code == DELIVERED:
            return Report("delivered", via)
        return Report("failed", via, f"{code} {message.get('reason', '')}".strip())

    def _base(self) -> str:
        return (self.urls.get("solapi") or BASE_URL).rstrip("/")

    def _headers(self) -> dict:
        return {"Authorization": authorization(self.settings["api_key"],
                                               self.settings["api_secret"])}
