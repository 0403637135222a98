"""Finding an office or a person from the kiosk: by department, service (its names and the
everyday words an admin added, such as 등본 or "passport"), officer's name or duty, in
every kiosk language, and by Korean initial consonants (ㅁㅇ finds 민원, ㄷㅂ finds 등본).

A query character matches a text character when they are equal (ignoring case), or when
the query character is an initial consonant and the text's syllable starts with it; the
query matches when its characters match a run of the text's characters in order."""

from __future__ import annotations

import json
import unicodedata

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_FIRST, _LAST = 0xAC00, 0xD7A3


def initial(char: str) -> str:
    """The initial consonant of a Hangul syllable, else the character itself."""
    code = ord(char)
    if _FIRST <= code <= _LAST:
        return INITIALS[(code - _FIRST) // 588]
    return char


def _fold(text: str) -> str:
    # NFC so that decomposed Hangul from some keyboards compares as syllables.
    return unicodedata.normalize("NFC", text).casefold().replace(" ", "")


def matches(query: str, text: str) -> bool:
    q, t = _fold(query), _fold(text)
    if not q:
        return False
    if q in t:
        return True
    if not any(ch in INITIALS for ch in q):
        return False
    for start in range(len(t) - len(q) + 1):
        if all(qc == tc or (qc in INITIALS and initial(tc) == qc)
               for qc, tc in zip(q, t[start:start + len(q)])):
            return True
    return False


RANK = {"service": 0, "department": 1, "staff": 2}


def keywords(per_language: dict) -> list[str]:
    """A service's everyday words in every language: {"ko": "등본, 초본"} -> ["등본", "초본"]."""
    return [word.strip() for words in per_language.values() for word in words.split(",")
            if word.strip()]


def _any(query: str, texts) -> str | None:
    return next((text for text in texts if text and matches(query, text)), None)


def search(store, site_id: int, query: str, limit: int = 30) -> list[dict]:
    """Departments, services and staff of a site that match, each with where to go."""
    departments = {r["id"]: {**r, "names": json.loads(r["names"]), "rooms": json.loads(r["rooms"])}
                   for r in store.query("SELECT id, names, floor, room, rooms, phone "
                                        "FROM departments WHERE site_id = ?", (site_id,))}

    def place(department_id):
        d = departments.get(department_id)
        return {"department_id": department_id, "department_names": d["names"] if d else {},
                "floor": d["floor"] if d else None, "room": d["room"] if d else "",
                "rooms": d["rooms"] if d else {},
                "phone": d["phone"] if d else ""}

    results = []
    for d in departments.values():
        hit = _any(query, [*d["names"].values(), *d["rooms"].values()])
        if hit:
            results.append({"type": "department", "id": d["id"], "names": d["names"],
                            "matched": hit, **place(d["id"])})
    for s in store.query("SELECT id, names, keywords, department_id FROM services WHERE "
                         "site_id = ? AND active = 1 ORDER BY sort_order, id", (site_id,)):
        names = json.loads(s["names"])
        hit = _any(query, [*names.values(), *keywords(json.loads(s["keywords"]))])
        if hit:
            results.append({"type": "service", "id": s["id"], "names": names, "matched": hit,
                            **place(s["department_id"])})
    for p in store.query("SELECT id, name, duty, duties, photo, department_id FROM staff WHERE "
                         "site_id = ? AND active = 1 AND role != 'admin' ORDER BY id", (site_id,)):
        duties = json.loads(p["duties"])
        hit = _any(query, (p["name"], p["duty"], *duties.values()))
        if hit:
            results.append({"type": "staff", "id": p["id"], "name": p["name"], "duty": p["duty"],
                            "duties": duties,
                            "photo": p["photo"], "matched": hit, **place(p["department_id"])})
    # Services first (most visitors come for one), then offices, then people; within
    # each, names that start with the query first, then the rest in their order.
    results.sort(key=lambda r: (RANK[r["type"]],
                                not _fold(r["matched"]).startswith(_fold(query)[:1])))
    return results[:limit]
