"""The admin console's one catalog (server/admin/labels.json): every entry in Korean and
English with the same placeholders; every refusal the console can meet has Korean words;
field problems carry pydantic's stable type for the console to word; the page carries
the catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import ValidationError

from server.admin import forms, labels
from server.refusal import invalid

ROOT = Path(__file__).resolve().parent.parent
# Where the refusals the console shows come from (its own API and what it calls).
REFUSING = ["server/admin", "server/maps", "server/printing", "server/auth", "server/infra/media.py",
            "server/api/admin.py", "server/api/maps.py", "server/api/printers.py", "server/api/uploads.py",
            "server/visitor/cases.py", "server/api/cases.py", "server/app.py"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def refusal_codes() -> set[str]:
    codes = set()
    for place in REFUSING:
        path = ROOT / place
        for file in ([path] if path.is_file() else sorted(path.rglob("*.py"))) if path.exists() else []:
            text = file.read_text("utf-8")
            codes |= set(re.findall(r"Refusal\(\s*\"([a-z_]+)\"", text))
            codes |= set(re.findall(r"jsonify\(error=\"([a-z_]+)\"", text))
    return codes


def test_every_entry_is_in_korean_and_english_with_the_same_placeholders():
    catalog = labels()
    assert catalog
    for key, entry in catalog.items():
        assert set(entry) == {"ko", "en"}, key
        assert entry["ko"].strip() and entry["en"].strip(), key
        assert set(PLACEHOLDER.findall(entry["ko"])) == set(PLACEHOLDER.findall(entry["en"])), key


def test_every_refusal_the_console_meets_has_korean_words():
    codes = refusal_codes()
    assert {"conflict", "in_use", "invalid_request", "no_scale"} <= codes
    assert sorted(code for code in codes if f"error.{code}" not in labels()) == []


def test_a_field_problem_names_its_type():
    try:
        forms.ServiceIn.model_validate({"names": {"ko": "여권"}, "department_id": 1, "prefix": "b2"})
    except ValidationError as error:
        refusal = invalid(error, "request body")
    problem = refusal.details["problems"][0]
    assert problem["field"] == "prefix" and problem["type"] == "string_pattern_mismatch"
    assert f"problem.{problem['type']}" in labels()


def test_the_console_page_carries_the_catalog(app):
    page = app.test_client().get("/admin").get_data(as_text=True)
    carried = re.search(r'<script type="application/json" id="labels">(.*?)</script>', page, re.S)
    assert carried and json.loads(carried.group(1)) == labels()


SCRIPTS = sorted((ROOT / "server/admin/static").rglob("*.js"))
# A table's column as a Korean/English pair followed by its value, or a button labelled
# by a pair: the words belong in the catalog.
INLINE_COLUMN = re.compile(r"\['[^'\n]*[\uac00-\ud7a3][^'\n]*',\s*'[^'\n]*',\s*[(\w]")
INLINE_BUTTON = re.compile(r"button\(\[")
CATALOG_KEY = re.compile(r"'((?:column|button|report\.column)\.[a-z0-9_]+)'")


def test_table_headings_and_button_labels_come_from_the_catalog():
    inline = [f"{path.name}: {match.group(0)}" for path in SCRIPTS
              for pattern in (INLINE_COLUMN, INLINE_BUTTON)
              for match in pattern.finditer(path.read_text("utf-8"))]
    assert inline == []
    used = {key for path in SCRIPTS for key in CATALOG_KEY.findall(path.read_text("utf-8"))}
    assert len(used) > 50
    assert sorted(used - set(labels())) == []


# The scripts' code with their comments left out (a comment may speak Korean; the code's
# words are the catalog's). Strings are matched too, so that "//" inside one is no comment.
TOKEN = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`", re.S)
HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
FILE_NAME = re.compile(r"\.(?:jpe?g|png|webp|svg|js|json|css)$")


def without_comments(text: str) -> str:
    return TOKEN.sub(lambda m: "" if m.group(0).startswith(("//", "/*")) else m.group(0), text)


def test_no_script_writes_korean_words_of_its_own():
    inline = [f"{path.relative_to(ROOT)}: {line.strip()[:80]}" for path in SCRIPTS
              for line in without_comments(path.read_text("utf-8")).splitlines() if HANGUL.search(line)]
    assert inline == []


def test_korean_is_found_in_every_kind_of_quote_and_not_in_comments():
    sample = "// 주석\nsay('저장'); x = \"취소\"; y = `${n}건`; /* 설명 */ z = 'http://saved';"
    assert [line for line in without_comments(sample).splitlines() if HANGUL.search(line)] == [
        "say('저장'); x = \"취소\"; y = `${n}건`;  z = 'http://saved';"]


def test_every_catalog_key_a_script_names_exists_in_both_languages():
    catalog = labels()
    groups = "|".join(sorted({re.escape(key.split(".")[0]) for key in catalog}))
    named = re.compile(rf"['\"]((?:{groups})\.[a-z0-9_.\-]+)['\"]")
    used = {key for path in SCRIPTS for key in named.findall(without_comments(path.read_text("utf-8")))
            if not FILE_NAME.search(key)}
    assert len(used) > 300
    assert sorted(key for key in used if key not in catalog) == []
