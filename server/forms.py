"""The vocabulary every form of the API is built from: strict ids, bounded texts, a
name in every kiosk language. Field titles are Korean with English (`title`), shown as
form labels by the admin console, which draws its forms from the OpenAPI document."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

Id = Annotated[int, Field(strict=True, ge=1, le=2**53)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40,
                                         pattern=r"^[0-9+()\- ]*$")]
EMAIL_PATTERN = r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _email(value: str) -> str:
    # A problem of its own name, so that a form says "not an e-mail address" rather than
    # showing the pattern.
    if not re.fullmatch(EMAIL_PATTERN, value):
        raise PydanticCustomError("not_an_email", "This is not an e-mail address.")
    return value


Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200),
                  AfterValidator(_email), WithJsonSchema({"type": "string", "maxLength": 200,
                                                          "pattern": EMAIL_PATTERN})]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=32,
                                        pattern=r"^[a-z0-9][a-z0-9-]*$")]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]


def label(ko: str, en: str, **extra) -> dict:
    return {"title": f"{ko} · {en}", **({"json_schema_extra": extra} if extra else {})}


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The admin console draws a field of these as one widget: Korean first, the other five
# after it, each marked when it is left untranslated (server/admin/static/languages.js).
TRANSLATED = ConfigDict(extra="forbid", json_schema_extra={"x-languages": True})


class Names(Form):
    """A name in every kiosk language; Korean is required, the others fall back to it."""
    model_config = TRANSLATED
    ko: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = \
        Field(**label("한국어", "Korean"))
    en: Text = Field("", **label("영어", "English"))
    zh: Text = Field("", **label("중국어", "Chinese"))
    vi: Text = Field("", **label("베트남어", "Vietnamese"))
    ru: Text = Field("", **label("러시아어", "Russian"))
    th: Text = Field("", **label("태국어", "Thai"))


class OptionalNames(Names):
    ko: Text = Field("", **label("한국어", "Korean"))


Words = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class Keywords(Form):
    """Everyday words and synonyms per language, separated by commas ("등본, 초본")."""
    ko: Words = Field("", **label("한국어", "Korean"))
    en: Words = Field("", **label("영어", "English"))
    zh: Words = Field("", **label("중국어", "Chinese"))
    vi: Words = Field("", **label("베트남어", "Vietnamese"))
    ru: Words = Field("", **label("러시아어", "Russian"))
    th: Words = Field("", **label("태국어", "Thai"))


# One thing a visitor brings ("주민등록증 등 신분증"): a short line, printed on the ticket.
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ItemList = Annotated[list[Item], Field(max_length=10)]


class Items(Form):
    """A short list per language (the documents a visitor brings), one item a line; a
    language left empty falls back to the Korean list."""
    model_config = TRANSLATED
    ko: ItemList = Field(default_factory=list, **label("한국어", "Korean"))
    en: ItemList = Field(default_factory=list, **label("영어", "English"))
    zh: ItemList = Field(default_factory=list, **label("중국어", "Chinese"))
    vi: ItemList = Field(default_factory=list, **label("베트남어", "Vietnamese"))
    ru: ItemList = Field(default_factory=list, **label("러시아어", "Russian"))
    th: ItemList = Field(default_factory=list, **label("태국어", "Thai"))


class Texts(Form):
    """Longer content per language (a notice, an information page)."""
    model_config = TRANSLATED
    ko: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)] \
        = Field(**label("한국어", "Korean"))
    en: LongText = Field("", **label("영어", "English"))
    zh: LongText = Field("", **label("중국어", "Chinese"))
    vi: LongText = Field("", **label("베트남어", "Vietnamese"))
    ru: LongText = Field("", **label("러시아어", "Russian"))
    th: LongText = Field("", **label("태국어", "Thai"))
