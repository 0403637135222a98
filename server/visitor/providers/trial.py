"""The admin console's "test send": one notice, in Korean, to a number the admin types,
through the provider as saved, at once and outside the outbox. The number is used for
this request only: neither stored nor logged."""

from __future__ import annotations

import secrets

from ...refusal import Refusal
from ..notices import compose
from ..phones import mask_phone, normalize_phone
from ..sms import NotDelivered, Uncertain
from . import Notice
from .settings import provider_from

SAMPLE_NUMBER = "1001"


def send_test(store, engine, config, site_id: int, phone: str, kind: str, link: str) -> dict:
    digits = normalize_phone(phone, mobile=True)
    provider = provider_from(store, config)
    if provider is None:
        raise Refusal("provider_not_set", "Choose NHN Cloud or Solapi and save what it needs "
                      "before a test send.", 409)
    site = engine.site(site_id)
    values = {"near": {"n": 3}, "called": {"counter": 1}, "thanks": {"link": link}}[kind]
    _, text = compose(kind, "ko", site, {"display_number": SAMPLE_NUMBER}, **values)
    notice = Notice(to=digits, text=text, kind=kind, key=f"sunbeon-test-{secrets.token_hex(12)}",
                    params={"lang": "ko", "site": site["names"].get("ko") or "",
                            "number": SAMPLE_NUMBER, **values})
    template = provider.template_for(notice)
    try:
        provider_id = provider.send(notice)
    except (NotDelivered, Uncertain) as error:
        return {"sent": False, "to": mask_phone(digits), "template": template,
                "problem": str(error).replace(digits, "***")[:300]}
    return {"sent": True, "to": mask_phone(digits), "template": template,
            "provider_id": provider_id or None}
