"""NHN Cloud Notification: KakaoTalk Bizmessage 알림톡 (API v2.3) and SMS (API v3.0).

Written from NHN Cloud's published guides (docs.nhncloud.com, Notification >
KakaoTalk Bizmessage > 알림톡 > API v2.3 가이드, > 오류 코드; Notification > SMS > API v3.0
Guide):

    POST {alimtalk}/alimtalk/v2.3/appkeys/{appkey}/messages
    X-Secret-Key: {secret key}
    X-NC-API-IDEMPOTENCY-KEY: {our message key}   (a repeat within 10 minutes: -1005)
    {"senderKey": "...", "templateCode": "...",
     "recipientList": [{"recipientNo": "010...", "templateParameter": {"번호": "1001"},
                        "resendParameter": {"isResend": true, "resendType": "SMS",
                                            "resendContent": "...", "resendSendNo": "..."}}]}
    -> {"header": {"resultCode": 0, "resultMessage": "SUCCESS", "isSuccessful": true},
        "message": {"requestId": "...", "sendResults": [{"recipientSeq": 1,
                    "recipientNo": "...", "resultCode": 0, "resultMessage": "SUCCESS"}]}}

    GET {alimtalk}/alimtalk/v2.3/appkeys/{appkey}/messages/{requestId}/{recipientSeq}
    -> {"header": {...}, "message": {"messageStatus": "COMPLETED", "resultCode": "1000",
        "resendStatus": "RSC01", ...}}

    POST {sms}/sms/v3.0/appKeys/{appKey}/sender/sms   (LMS: /sender/mms with "title")
    {"body": "...", "sendNo": "...", "recipientList": [{"recipientNo": "010..."}]}
    -> {"header": {...}, "body": {"data": {"requestId": "...", "sendResultList":
        [{"recipientNo": "...", "resultCode": 0, "recipientSeq": 1}]}}}

    GET {sms}/sms/v3.0/appKeys/{appKey}/sender/sms/{requestId}?recipientSeq=1
    -> {"header": {...}, "body": {"data": {"msgStatus": "3", "resultCode": "1000", ...}}}

Confirmed in the published pages: the 알림톡 URL, headers, request body and the request
result codes below. From the best-known public shape, not confirmed here: the result
query's fields (messageStatus, resendStatus RSC01-RSC05), the SMS answer's fields
(sendResultList, msgStatus) and the SMS result codes (any non-zero code is taken as
permanent, except -9999).
"""

from __future__ import annotations

from urllib.parse import quote

from ..sms import NotDelivered, message_type
from . import AlimtalkRefused, Notice, Provider, Report
from .http import request_json

ALIMTALK_URL = "https://api-alimtalk.cloud.toast.com"
SMS_URL = "https://api-sms.cloud.toast.com"

# 알림톡 request result codes (오류 코드 page).
DUPLICATE = -1005               # the same idempotency key within 10 minutes: it was sent
KAKAO_SIDE = {                  # the 알림톡 cannot go: send the text instead
    -1006: "the sender profile has no sender key",
    -1014: "the sender profile is not active",
    -1027: "the sender profile is blocked",
    -2017: "no such sender profile",
}
TEMPORARY = {
    -1017: "the daily volume is used up",
    -9999: "system error",
}
# Delivery: 알림톡 resend (대체 발송) states in the result query.
RESEND_PENDING = {"RSC02", "RSC03"}
RESEND_DONE = "RSC04"
RESEND_FAILED = "RSC05"
SMS_DELIVERED, SMS_PENDING = "3", {"1", "2"}


def _code(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class NhnCloud(Provider):
    name = "NHN Cloud"
    # The 알림톡 API deduplicates by key for 10 minutes (every retry gap of the outbox is
    # shorter: its Uncertain says so); the SMS API has no such key.
    idempotent = False

    # ---- 알림톡 -----------------------------------------------------------------------

    def send_alimtalk(self, notice: Notice, template: str) -> str:
        settings = self.settings
        recipient = {"recipientNo": notice.to, "templateParameter": notice.variables()}
        if settings.get("sms_failover", True):
            kind = message_type(notice.text)
            recipient["resendParameter"] = {
                "isResend": True, "resendType": kind, "resendContent": notice.text,
                "resendSendNo": settings["sender_number"],
                **({"resendTitle": self._title(notice)} if kind == "LMS" else {})}
        status, answer = request_json(
            "POST", f"{self._alimtalk()}/messages", self._alimtalk_headers(notice.key),
            {"senderKey": settings["kakao_sender_key"], "templateCode": template,
             "recipientList": [recipient]},
            timeout=self.timeout, who="NHN Cloud alimtalk", resend_safe=True)
        header = answer.get("header") or {}
        code = _code(header.get("resultCode"))
        if status >= 400:
            raise NotDelivered(f"NHN Cloud alimtalk answered HTTP {status}", temporary=False)
        if code == DUPLICATE:
            return ""             # accepted by an earlier try; its request id is unknown
        if code in KAKAO_SIDE:
            raise AlimtalkRefused(f"{code} {KAKAO_SIDE[code]}")
        if code in TEMPORARY:
            raise NotDelivered(f"NHN Cloud alimtalk: {code} {TEMPORARY[code]}", temporary=True)
        if code != 0 or not header.get("isSuccessful", True):
            raise NotDelivered(f"NHN Cloud alimtalk refused it: {code} "
                               f"{header.get('resultMessage', '')}".strip(), temporary=False)
        message = answer.get("message") or {}
        [result] = message.get("sendResults") or [{}]
        if _code(result.get("resultCode")) != 0:
            raise NotDelivered(f"NHN Cloud alimtalk refused the recipient: "
                               f"{result.get('resultCode')} {result.get('resultMessage', '')}",
                               temporary=False)
        return f"alimtalk:{message.get('requestId', '')}:{result.get('recipientSeq', 1)}"

    # ---- SMS / LMS ----------------------------------------------------------------------

    def send_text(self, notice: Notice) -> str:
        kind = message_type(notice.text)
        body = {"body": notice.text, "sendNo": self.settings["sender_number"],
                "recipientList": [{"recipientNo": notice.to}],
                "senderGroupingKey": notice.key[:100]}
        if kind == "LMS":
            body["title"] = self._title(notice)
        status, answer = request_json(
            "POST", f"{self._sms()}/sender/{'mms' if kind == 'LMS' else 'sms'}",
            self._sms_headers(), body, timeout=self.timeout, who="NHN Cloud SMS")
        header = answer.get("header") or {}
        code = _code(header.get("resultCode"))
        if status >= 400:
            raise NotDelivered(f"NHN Cloud SMS answered HTTP {status}", temporary=False)
        if code != 0 or not header.get("isSuccessful", True):
            raise NotDelivered(f"NHN Cloud SMS refused it: {code} "
                               f"{header.get('resultMessage', '')}".strip(),
                               temporary=code in TEMPORARY)
        data = (answer.get("body") or {}).get("data") or {}
        [result] = data.get("sendResultList") or [{}]
        if _code(result.get("resultCode")) != 0:
            raise NotDelivered(f"NHN Cloud SMS refused the recipient: {result.get('resultCode')} "
                               f"{result.get('resultMessage', '')}", temporary=False)
        return f"{kind.lower()}:{data.get('requestId', '')}:{result.get('recipientSeq', 1)}"

    # ---- delivery reports ---------------------------------------------------------------

    def report(self, provider_id: str) -> Report | None:
        kind, _, rest = provider_id.partition(":")
        request_id, _, seq = rest.rpartition(":")
        if not request_id:
            return None
        if kind == "alimtalk":
            return self._alimtalk_report(request_id, seq)
        return self._sms_report(kind, request_id, seq)

    def _alimtalk_report(self, request_id: str, seq: str) -> Report | None:
        _, answer = request_json(
            "GET", f"{self._alimtalk()}/messages/{quote(request_id)}/{quote(seq)}",
            self._alimtalk_headers(None), None, timeout=self.timeout, who="NHN Cloud alimtalk")
        message = answer.get("message") or {}
        resend = message.get("resendStatus") or ""
        if resend == RESEND_DONE:
            return Report("delivered", "sms", "resent as text after the alimtalk failed")
        if resend == RESEND_FAILED:
            return Report("failed", "sms", f"alimtalk {message.get('resultCode')}, resend failed")
        if resend in RESEND_PENDING:
            return None
        status = message.get("messageStatus")
        if status == "COMPLETED" and str(message.get("resultCode")) == "1000":
            return Report("delivered", "alimtalk")
        if status in ("COMPLETED", "FAILED"):
            return Report("failed", "alimtalk", f"{message.get('resultCode')} "
                                                f"{message.get('resultCodeName', '')}".strip())
        return None

    def _sms_report(self, kind: str, request_id: str, seq: str) -> Report | None:
        path = "mms" if kind == "lms" else "sms"
        _, answer = request_json(
            "GET", f"{self._sms()}/sender/{path}/{quote(request_id)}?recipientSeq={quote(seq)}",
            self._sms_headers(), None, timeout=self.timeout, who="NHN Cloud SMS")
        data = (answer.get("body") or {}).get("data") or {}
        status = str(data.get("msgStatus", ""))
        if status == SMS_DELIVERED:
            return Report("delivered", kind)
        if not status or status in SMS_PENDING:
            return None
        return Report("failed", kind, f"{data.get('resultCode', '')} "
                                      f"{data.get('msgStatusName', '')}".strip())

    # ---- addresses and headers ----------------------------------------------------------

    def _alimtalk(self) -> str:
        base = self.urls.get("nhn_alimtalk") or ALIMTALK_URL
        return f"{base.rstrip('/')}/alimtalk/v2.3/appkeys/{quote(self.settings['alimtalk_app_key'])}"

    def _sms(self) -> str:
        base = self.urls.get("nhn_sms") or SMS_URL
        return f"{base.rstrip('/')}/sms/v3.0/appKeys/{quote(self.settings['sms_app_key'])}"

    def _alimtalk_headers(self, key: str | None) -> dict:
        headers = {"X-Secret-Key": self.settings["alimtalk_secret_key"]}
        if key:
            headers["X-NC-API-IDEMPOTENCY-KEY"] = key
        return headers

    def _sms_headers(self) -> dict:
        return {"X-Secret-Key": self.settings["sms_secret_key"]}

    def _title(self, notice: Notice) -> str:
        return str(notice.params.get("site") or "")[:40] or "-"
