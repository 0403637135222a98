"""Refusals the queue gives: a `Refusal` (server/refusal.py) raised by the engine, so that
code catching the queue's own refusals (a daily cap reached, nobody waiting) can tell them
from the others."""

from __future__ import annotations

from ..refusal import Refusal


class QueueError(Refusal):
    pass


def not_found(what: str, ident) -> QueueError:
    return QueueError("not_found", f"No {what} with id {ident}.", 404)
