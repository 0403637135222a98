"""Translations of what the admin writes: which fields of a record are kept in every
kiosk language, and the old one-language fields that mirror their Korean.

A department's room, a counter's location and an officer's duty were Korean text
(`room`, `location`, `duty`); they are now kept per language (`rooms`, `locations`,
`duties`, migration m019) and the old column holds the Korean, which search, the staff
console and the screens' Korean line read. Either field may be sent: the API's older
callers and exported files send the old one."""

from __future__ import annotations

import json

# The translated field -> the old field that holds its Korean.
KOREAN_MIRRORS = {"rooms": "room", "locations": "location", "duties": "duty"}


def with_korean_mirrors(changes: dict, stored: dict | None = None) -> dict:
    """The changes with each translated field and its Korean mirror made to agree.
    `stored` is the row being changed (None when creating)."""
    out = dict(changes)
    for translated, korean in KOREAN_MIRRORS.items():
        texts, text = out.get(translated), out.get(korean)
        if texts is not None:
            texts = dict(texts)
            if not (texts.get("ko") or "").strip() and text:
                texts["ko"] = text          # an old caller's Korean, with new translations
            out[translated], out[korean] = texts, texts.get("ko") or ""
        elif text is not None:
            before = json.loads(stored[translated]) if stored else {}
            out[translated] = {**before, "ko": text}
    return out
