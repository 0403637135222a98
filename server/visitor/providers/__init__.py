"""Korean message providers for visitors' notices: KakaoTalk 알림톡 with pre-approved
templates, and SMS/LMS, through NHN Cloud Notification (nhn.py) or Solapi (solapi.py).

A provider is an SMS gateway in the outbox's sense (server/visitor/sms.py: `send`
raises NotDelivered or Uncertain, `idempotent`), with two more powers:
- it sends a notice as an 알림톡 when a template code is set for the notice's kind and
  the visitor reads Korean (templates are approved in Korean only); the text goes as
  SMS/LMS instead (대체 발송) when Kakao refuses it: at once when the refusal comes with
  the answer (`AlimtalkRefused`: no template, a blocked or missing sender profile), and
  by the provider's own resend option when it comes later (not a KakaoTalk user,
  blocked, ...), which the delivery report then shows;
- `report(provider_id)` asks the provider's result API what became of a message sent
  (the outbox polls it until the message is delivered or failed).

The configuration (settings.py) lives in the database and is edited in the admin console;
without one the generic gateway of the server's configuration is used.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

# The template variables a notice fills, by the name the notice's words use. Templates
# are registered with Kakao with these Korean names: "#{번호}번, #{창구}번 창구로 ...".
VARIABLES = {"site": "기관", "number": "번호", "counter": "창구", "n": "대기", "link": "링크",
             "service": "업무", "received": "접수일", "due": "처리기한", "phone": "전화",
             "code": "확인코드", "hold": "확인기한"}
KINDS = ("near", "called", "thanks", "case_interim", "case_done", "checkin_due", "lapsed")


@dataclass(frozen=True)
class Notice:
    to: str                       # mobile digits, never logged
    text: str                     # the SMS/LMS text in the visitor's language
    kind: str
    key: str                      # stable on every try of this message
    params: dict = field(default_factory=dict)  # what filled the text, with "lang"

    def variables(self) -> dict[str, str]:
        """The template's variables for this notice, by name ("번호" for #{번호})."""
        return {VARIABLES[name]: str(value) for name, value in self.params.items()
                if name in VARIABLES and value is not None}


@dataclass(frozen=True)
class Report:
    """What the provider's result API said of one message."""
    state: str                    # 'delivered' | 'failed'
    via: str                      # 'alimtalk' | 'sms' | 'lms'
    detail: str = ""


class AlimtalkRefused(Exception):
    """Kakao refused the 알림톡 with the answer: nothing left, the text may go as SMS."""


class Provider:
    """Chooses 알림톡 or text for a notice; subclasses speak one provider's API."""

    name = ""
    idempotent = False

    def __init__(self, settings: dict, urls: dict, timeout: float = 10.0):
        self.settings = settings
        self.urls = urls
        self.timeout = timeout

    def template_for(self, notice: Notice) -> str | None:
        code = (self.settings.get("templates") or {}).get(notice.kind)
        if not code or not self.settings.get("kakao_sender_key"):
            return None
        if notice.params.get("lang", "ko") != "ko":
            return None           # approved templates are Korean: other languages by SMS
        return code

    def send(self, notice: Notice) -> str:
        template = self.template_for(notice)
        if template:
            try:
                return self.send_alimtalk(notice, template)
            except AlimtalkRefused as refusal:
                log.info("notice %s: %s refused the alimtalk (%s); sending it as text",
                         notice.key, self.name, refusal)
        return self.send_text(notice)

    # ---- what each provider implements ------------------------------------------------

    def send_alimtalk(self, notice: Notice, template: str) -> str:
        raise NotImplementedError

    def send_text(self, notice: Notice) -> str:
        raise NotImplementedError

    def report(self, provider_id: str) -> Report | None:
        """None while the provider does not know yet."""
        raise NotImplementedError
