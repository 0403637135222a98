"""A refusal: the one way any part of the server says no to a request.

Each carries a stable code for programs, a sentence for people and an HTTP status; extra
details (the field at fault, the ticket's status now) travel in the JSON answer as they
are. It imports nothing, so storage, domain packages and handlers can all raise it; the
app answers every refusal the same way: `{"error": code, "message": ..., **details}`."""

from __future__ import annotations


class Refusal(Exception):
    def __init__(self, code: str, message: str, status: int = 409, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


def not_found(what: str, ident) -> Refusal:
    return Refusal("not_found", f"No {what} with id {ident}.", 404)


def invalid(error, what: str) -> Refusal:
    """A pydantic ValidationError as the refusal every caller gets (the API, the command
    line): the first problem in the message, each problem by field in `problems`."""
    problems = error.errors(include_url=False, include_input=False)
    first = problems[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    # `type` is pydantic's stable name of the problem: consoles word it in their language.
    return Refusal("invalid_request", f"Invalid {what}: {where}: {first['msg']}", 400,
                   problems=[{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"],
                              "type": e["type"]} for e in problems])
