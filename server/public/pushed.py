"""What the relay's models of a push share (figures.py, route.py): a field not named is
refused, so nothing else can slip in; names come in the public languages, Korean at
least."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .messages import LANGUAGES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def in_languages(value: dict) -> dict:
    """A field validator: one text per language, Korean at least, no other language."""
    if not value.get("ko") or set(value) - set(LANGUAGES):
        raise ValueError(f"one for each of {', '.join(LANGUAGES)}, Korean at least")
    return value
