"""The phone page's message catalogs (server/visitor/i18n), one per language: the page's
words, the notices' texts, and the rating scale's words that the kiosk shows too."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "i18n"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict:
    return json.loads((FOLDER / f"{lang}.json").read_text("utf-8"))
