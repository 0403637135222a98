"""Text kept in every kiosk language, JSON {lang: text} (or {lang: [item, ...]} for a
list): which one a visitor reads, and which translations a record lacks.

Korean is the source: a text missing in the visitor's language falls back to Korean,
and only then. The screens do the same in server/static/common/i18n.js (`render`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .store import LANGUAGES


def in_language(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in `lang`, or the Korean when it has not been translated."""
    return translation(texts, lang) or translation(texts, "ko")


def translation(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in `lang` only: "" when it has not been translated."""
    return ((texts or {}).get(lang) or "").strip()


def items_in_language(lists: Mapping[str, list[str]] | None, lang: str) -> list[str]:
    """A list kept per language (the documents to bring) in `lang`, or the Korean list
    when it has not been translated: a list is translated whole, never item by item."""
    return list_translation(lists, lang) or list_translation(lists, "ko")


def list_translation(lists: Mapping[str, list[str]] | None, lang: str) -> list[str]:
    """The list in `lang` only: [] when it has not been translated."""
    return [item.strip() for item in (lists or {}).get(lang) or [] if item.strip()]


def is_translated(texts: Mapping[str, str | list[str]] | None, lang: str) -> bool:
    if isinstance((texts or {}).get(lang), list):
        return bool(list_translation(texts, lang))
    return bool(translation(texts, lang))


def missing_translations(record: Mapping, fields: Iterable[str]) -> dict[str, list[str]]:
    """{lang: [field, ...]} for each field whose Korean is written but whose text in
    another kiosk language is not; {} when everything is translated."""
    missing: dict[str, list[str]] = {}
    for field in fields:
        texts = record.get(field) or {}
        if not is_translated(texts, "ko"):
            continue  # nothing to translate (an optional name left empty)
        for lang in LANGUAGES[1:]:
            if not is_translated(texts, lang):
                missing.setdefault(lang, []).append(field)
    return missing
