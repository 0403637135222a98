"""Routes that validate their input with pydantic and describe themselves in OpenAPI.

Each endpoint is declared once, with its body and query models; the same declaration
validates requests and writes `/api/v1/openapi.json`, so the document cannot drift
from what the server accepts.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from flask import Blueprint, request
from pydantic import BaseModel, ValidationError

from ..auth import check_permission_name, require_permission
from ..refusal import Refusal, invalid


@dataclass
class Endpoint:
    rule: str
    method: str
    summary: str
    auth: str
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    status: int
    tag: str


MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it: the
    parser and the validator recurse, and a deep enough nesting exhausts the stack."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub(b'""', data)):
        if bracket in b"[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def read_json_object() -> dict:
    """The request's JSON body, which must be an object; no body is an empty object.
    Every JSON body the server reads comes through here."""
    if not request.content_length:
        return {}
    data = request.get_data(cache=True)  # 413 beyond MAX_CONTENT_LENGTH
    if json_depth(data) > MAX_JSON_DEPTH:
        raise Refusal("invalid_json",
                      f"The request body nests deeper than {MAX_JSON_DEPTH} levels.", 400)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise Refusal("invalid_json", "The request body must be a JSON object.", 400)
    return payload


def parse_body(model: type[BaseModel]) -> BaseModel:
    payload = read_json_object()
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        raise invalid(error, "request body") from None


def parse_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise invalid(error, "query") from None


class Api:
    def __init__(self, blueprint: Blueprint):
        self.blueprint = blueprint
        self.endpoints: list[Endpoint] = []

    def route(self, rule: str, method: str = "GET", *, summary: str, auth: str = "any",
              body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
              status: int = 200, tag: str = "queue"):
        """Declare an endpoint. The view receives `body=` and `query=` models when given."""
        check_permission_name(auth)
        self.endpoints.append(Endpoint(rule, method, summary, auth, body, query, status, tag))

        def decorate(view):
            @functools.wraps(view)
            def wrapper(**path):
                # Before parsing: a caller who may not act learns nothing of the schema.
                require_permission(auth)
                if body is not None:
                    path["body"] = parse_body(body)
                if query is not None:
                    path["query"] = parse_query(query)
                return view(**path)

            self.blueprint.add_url_rule(rule, view.__name__, wrapper, methods=[method])
            return wrapper

        return decorate

    def delete(self, rule: str, **declaration):
        """`route(rule, "DELETE", ...)` spelt as Flask spells it; it also keeps SQL's
        keyword out of the handlers, where a search for SQL should find nothing."""
        return self.route(rule, "DELETE", **declaration)

    def openapi(self, prefix: str) -> dict:
        paths: dict = {}
        schemas: dict = {"Error": {
            "type": "object", "required": ["error", "message"],
            "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}}
        for ep in self.endpoints:
            path = prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", ep.rule)
            operation = {
                "summary": ep.summary,
                "tags": [ep.tag],
                "x-auth": ep.auth,
                "parameters": [
                    {"name": name, "in": "path", "required": True,
                     "schema": {"type": "integer"}}
                    for name in re.findall(r"<(?:\w+:)?(\w+)>", ep.rule)],
                "responses": {
                    str(ep.status): {"description": "Success"},
                    "4XX": {"description": "Refused; nothing was changed",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            }
            if ep.auth != "public":
                operation["security"] = [{"bearer": []}, {"session": []}]
            if ep.query is not None:
                for name, prop in ep.query.model_json_schema()["properties"].items():
                    operation["parameters"].append(
                        {"name": name, "in": "query",
                         "required": name in ep.query.model_json_schema().get("required", []),
                         "schema": prop})
            if ep.body is not None:
                schema = ep.body.model_json_schema(ref_template="#/components/schemas/{model}")
                schemas.update(schema.pop("$defs", {}))
                schemas[ep.body.__name__] = schema
                operation["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": {"$ref": f"#/components/schemas/{ep.body.__name__}"}}}}
            if ep.rule == "/tickets" and ep.method == "POST":
                operation["parameters"].append({
                    "name": "Idempotency-Key", "in": "header", "required": False,
                    "schema": {"type": "string", "maxLength": 128},
                    "description": "A retry with the same key returns the same ticket."})
            paths.setdefault(path, {})[ep.method.lower()] = operation
        return {
            "openapi": "3.1.0",
            "info": {"title": "Sunbeon API", "version": "1"},
            "paths": paths,
            "components": {
                "schemas": schemas,
                "securitySchemes": {
                    "bearer": {"type": "http", "scheme": "bearer"},
                    "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                },
            },
        }
