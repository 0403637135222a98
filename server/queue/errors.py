"""Refusals the queue gives, each with a stable code, a sentence for people and an HTTP status."""

from __future__ import annotations


class QueueError(Exception):
    def __init__(self, code: str, message: str, status: int = 409, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


def not_found(what: str, ident) -> QueueError:
    return QueueError("not_found", f"No {what} with id {ident}.", 404)
