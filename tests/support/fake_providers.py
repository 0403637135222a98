"""NHN Cloud Notification and Solapi as local fakes on loopback: they take the requests
their published guides describe (server/visitor/providers/nhn.py, solapi.py name the
pages), check what those guides require (NHN: the app key in the path and X-Secret-Key;
Solapi: the HMAC-SHA256 Authorization header, its date and one use per signature), and
answer in the documented shapes, with the result codes a test scripts.

A script is a list of steps, one per send request: "ok", "429" (Too Many Requests with
Retry-After), or a named refusal of the provider's own (see each class)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

RETRY_AFTER = 120


class _Fake(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler, script=()):
        super().__init__(("127.0.0.1", 0), handler)
        self.script = list(script)
        self.requests: list[dict] = []
        self.delivered: dict[str, dict] = {}   # request/message id -> what was accepted
        self.lock = threading.Lock()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def step(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")


# ---- NHN Cloud --------------------------------------------------------------------------

NHN_APP_KEY, NHN_SECRET = "nhn-alimtalk-appkey-0001", "nhn-alimtalk-secret-9f3c"
NHN_SMS_APP_KEY, NHN_SMS_SECRET = "nhn-sms-appkey-0002", "nhn-sms-secret-77ab"
NHN_SENDER_KEY = "kakao-sender-key-4d0e2f6a9b8c7d1e3f5a0b2c4d6e8f10a1b2c3d4"


def _nhn_header(code: int = 0, message: str = "SUCCESS") -> dict:
    return {"resultCode": code, "resultMessage": message, "isSuccessful": code == 0}


class FakeNhnCloud(_Fake):
    """Alimtalk v2.3 and SMS v3.0 on one port. Alimtalk steps: "ok", "429",
    "kakao_later" (accepted; the result query says Kakao failed it, 3018, and the text
    was resent: RSC04), "profile_missing" (-2017), "invalid_number" (4). A repeated
    X-NC-API-IDEMPOTENCY-KEY is refused with -1005, as documented."""

    def __init__(self, script=()):
        super().__init__(_NhnHandler, script)
        self.keys: set[str] = set()


class _NhnHandler(_Handler):
    ALIMTALK = re.compile(r"^/alimtalk/v2\.3/appkeys/([^/]+)/messages(?:/([^/]+)/(\d+))?$")
    SMS = re.compile(r"^/sms/v3\.0/appKeys/([^/]+)/sender/(sms|mms)(?:/([^/?]+))?$")

    def do_POST(self):
        fake: FakeNhnCloud = self.server
        path = urlparse(self.path).path
        body = self.body()
        if match := self.ALIMTALK.match(path):
            if not self._authorised(match[1], NHN_APP_KEY, NHN_SECRET):
                return
            key = self.headers.get("X-NC-API-IDEMPOTENCY-KEY")
            fake.requests.append({"api": "alimtalk", "headers": self.headers, **body})
            step = fake.step()
            if step == "429":
                return self.answer(429, {"header": _nhn_header(-9999, "Too Many Requests")},
                                   {"Retry-After": str(RETRY_AFTER)})
            if key in fake.keys:
                return self.answer(200, {"header": _nhn_header(
                    -1005, "The same 'X-NC-API-IDEMPOTENCY-KEY' was used within the last 10 minute.")})
            if step == "profile_missing":
                return self.answer(200, {"header": _nhn_header(-2017, "Not exist plus friend.")})
            if step == "invalid_number":
                number = body["recipientList"][0]["recipientNo"]
                return self.answer(200, {"header": _nhn_header(
                    4, f"recipientNo {number} is invalid")})
            fake.keys.add(key)
            request_id = f"20260101-A{len(fake.delivered) + 1}"
            fake.delivered[request_id] = {"api": "alimtalk", "step": step, **body}
            return self.answer(200, {"header": _nhn_header(), "message": {
                "requestId": request_id, "senderGroupingKey": None, "sendResults": [{
                    "recipientSeq": 1, "recipientNo": body["recipientList"][0]["recipientNo"],
                    "resultCode": 0, "resultMessage": "SUCCESS", "recipientGroupingKey": None}]}})
        if match := self.SMS.match(path):
            if not self._authorised(match[1], NHN_SMS_APP_KEY, NHN_SMS_SECRET):
                return
            fake.requests.append({"api": match[2], "headers": self.headers, **body})
            step = fake.step()
            if step == "429":
                return self.answer(429, {"header": _nhn_header(-9999, "Too Many Requests")},
                                   {"Retry-After": str(RETRY_AFTER)})
            request_id = f"20260101-S{len(fake.delivered) + 1}"
            fake.delivered[request_id] = {"api": match[2], "step": step, **body}
            return self.answer(200, {"header": _nhn_header(), "body": {"data": {
                "requestId": request_id, "statusCode": "2", "senderGroupingKey":
                body.get("senderGroupingKey"), "sendResultList": [{
                    "recipientNo": body["recipientList"][0]["recipientNo"], "resultCode": 0,
                    "resultMessage": "SUCCESS", "recipientSeq": 1, "recipientGroupingKey": None}]}}})
        self.answer(404, {})

    def do_GET(self):
        fake: FakeNhnCloud = self.server
        url = urlparse(self.path)
        if (match := self.ALIMTALK.match(url.path)) and match[2]:
            if not self._authorised(match[1], NHN_APP_KEY, NHN_SECRET):
                return
            sent = fake.delivered.get(match[2])
            if sent is None:
                return self.answer(200, {"header": _nhn_header(-1016, "Message is not found")})
            later = sent["step"] == "kakao_later"
            return self.answer(200, {"header": _nhn_header(), "message": {
                "requestId": match[2], "recipientSeq": int(match[3]),
                "templateCode": sent["templateCode"],
                "messageStatus": "FAILED" if later else "COMPLETED",
                "resultCode": "3018" if later else "1000",
                "resultCodeName": "메시지를 전송할 수 없음" if later else "성공",
                "resendStatus": "RSC04" if later else "RSC01",
                "resendStatusName": "대체 발송 성공" if later else "대체 발송 미대상"}})
        if (match := self.SMS.match(url.path)) and match[3]:
            if not self._authorised(match[1], NHN_SMS_APP_KEY, NHN_SMS_SECRET):
                return
            assert parse_qs(url.query)["recipientSeq"] == ["1"]
            return self.answer(200, {"header": _nhn_header(), "body": {"data": {
                "requestId": match[3], "recipientSeq": 1, "msgStatus": "3",
                "msgStatusName": "성공", "resultCode": "1000"}}})
        self.answer(404, {})

    def _authorised(self, app_key: str, want_key: str, want_secret: str) -> bool:
        if app_key != want_key:
            self.answer(200, {"header": _nhn_header(-1000, "Invalid appKey.")})
            return False
        if self.headers.get("X-Secret-Key") != want_secret:
            self.answer(200, {"header": _nhn_header(-1001, "Invalid secretKey.")})
            return False
        return True


# ---- Solapi -------------------------------------------------------------------------------

SOLAPI_KEY, SOLAPI_SECRET = "NCSAYU7YDBXYORXC", "solapi-secret-0123456789abcdef"
SOLAPI_PFID = "KA01PF200101000000000000000001"
AUTH = re.compile(r"^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)$")


class FakeSolapi(_Fake):
    """send-many/detail and list. Steps: "ok", "429", "invalid_number" (400
    ValidationError), "resent" (accepted; the list says Kakao failed it and it went as
    an SMS: replacement true). A bad signature, a skewed date or a signature used twice
    is refused with 401 as documented."""

    def __init__(self, script=()):
        super().__init__(_SolapiHandler, script)
        self.signatures: set[str] = set()
        self.refused_auth = 0


class _SolapiHandler(_Handler):
    def _authorised(self) -> bool:
        fake: FakeSolapi = self.server
        match = AUTH.match(self.headers.get("Authorization") or "")
        problem = None
        if not match or match[1] != SOLAPI_KEY:
            problem = "InvalidAPIKey"
        else:
            date, salt, signature = match[2], match[3], match[4]
            expected = hmac.new(SOLAPI_SECRET.encode(), (date + salt).encode(),
                                hashlib.sha256).hexdigest()
            when = datetime.strptime(date, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            if not 12 <= len(salt) <= 64 or not hmac.compare_digest(expected, signature):
                problem = "SignatureDoesNotMatch"
            elif abs((datetime.now(timezone.utc) - when).total_seconds()) > 15 * 60:
                problem = "RequestTimeTooSkewed"
            elif signature in fake.signatures:
                problem = "DuplicatedSignature"
            else:
                fake.signatures.add(signature)
        if problem:
            fake.refused_auth += 1
            self.answer(401, {"errorCode": problem, "errorMessage": problem})
            return False
        return True

    def do_POST(self):
        fake: FakeSolapi = self.server
        if urlparse(self.path).path != "/messages/v4/send-many/detail":
            return self.answer(404, {})
        if not self._authorised():
            return
        body = self.body()
        fake.requests.append(body)
        step = fake.step()
        if step == "429":
            return self.answer(429, {"errorCode": "TooManyRequests",
                                     "errorMessage": "too many requests"},
                               {"Retry-After": str(RETRY_AFTER)})
        if step == "invalid_number":
            return self.answer(400, {"errorCode": "ValidationError",
                                     "errorMessage": "수신번호 형식이 올바르지 않습니다."})
        [message] = body["messages"]
        message_id = f"M4V2026010100000{len(fake.delivered) + 1:02d}"
        fake.delivered[message_id] = {"step": step, **message}
        self.answer(200, {"groupInfo": {"count": {"total": 1, "registeredSuccess": 1,
                                                  "registeredFailed": 0}},
                          "failedMessageList": [],
                          "messageList": [{"messageId": message_id, "to": message["to"],
                                           "from": message["from"], "type": message["type"],
                                           "statusCode": "2000",
                                           "statusMessage": "정상 접수(이통사로 접수 예정)"}]})

    def do_GET(self):
        fake: FakeSolapi = self.server
        url = urlparse(self.path)
        if url.path != "/messages/v4/list":
            return self.answer(404, {})
        if not self._authorised():
            return
        [message_id] = parse_qs(url.query)["messageId"]
        sent = fake.delivered.get(message_id)
        if sent is None:
            return self.answer(200, {"messageList": {}, "limit": 20, "startKey": None})
        resent = sent["step"] == "resent"
        self.answer(200, {"limit": 20, "startKey": None, "nextKey": None, "messageList": {
            message_id: {"messageId": message_id, "type": "SMS" if resent else sent["type"],
                         "replacement": resent, "status": "COMPLETE", "statusCode": "4000",
                         "reason": "정상 처리", "to": sent["to"]}}})
