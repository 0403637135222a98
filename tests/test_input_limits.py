"""Malformed input is a clear 4xx JSON error that changes nothing, never a 5xx: deeply
nested JSON, bodies that are not objects, oversized bodies, integers beyond SQLite's
range (over HTTP and over a socket), and over-long addresses."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from server.api.spec import MAX_JSON_DEPTH, json_depth
from server.auth import create_token
from tests.conftest import BearerClient


def _admin(app, store) -> BearerClient:
    admin_id = store.one("SELECT id FROM staff WHERE login = 'admin'")["id"]
    return BearerClient(app.test_client(),
                        create_token(store, 0, staff_id=admin_id))


def _operations_with_a_body(app):
    document = app.test_client().get("/api/v1/openapi.json").json
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                yield method, re.sub(r"\{\w+\}", "1", path)


def test_json_depth_counts_brackets_outside_strings():
    assert json_depth(b'{"a": [1, {"b": 2}]}') == 3
    assert json_depth(b'{"a": "[[[[{{{{", "b": "\\"[["}') == 1
    assert json_depth(b"[]") == 1
    assert json_depth(b"3") == 0


@pytest.mark.parametrize("nesting", ["[" * 100000 + "]" * 100000,
                                     '{"a":' * 5000 + "1" + "}" * 5000])
def test_deep_nesting_is_refused_on_every_operation_with_a_body(app, store, kiosk, nesting):
    admin = _admin(app, store)
    seq_before = store.one("SELECT max(seq) AS seq FROM events")["seq"]
    refused = 0
    for method, url in _operations_with_a_body(app):
        for caller in (admin, kiosk):  # a few operations are the kiosk's alone
            response = getattr(caller.client, method)(
                url, data=nesting, content_type="application/json",
                headers={"Authorization": f"Bearer {caller.token}"})
            assert response.status_code < 500, (method, url, response.json)
            if response.status_code == 400:
                assert response.json["error"] == "invalid_json", (method, url, response.json)
                refused += 1
                break
    assert refused >= 40  # every operation one of the two may call
    assert store.one("SELECT max(seq) AS seq FROM events")["seq"] == seq_before


def test_nesting_up_to_the_limit_is_validated_as_usual(kiosk, service_ids):
    deep = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = kiosk.post("/api/v1/tickets", data='{"service_id": %s}' % deep,
                          content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "3", "null", "{not json"])
def test_a_body_that_is_not_a_json_object_is_refused(kiosk, body):
    response = kiosk.post("/api/v1/tickets", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "invalid_json"


def test_an_oversized_body_is_413_json(app, kiosk, service_ids):
    filler = "x" * app.config["MAX_CONTENT_LENGTH"]
    response = kiosk.post("/api/v1/tickets", content_type="application/json",
                          data='{"service_id": 1, "note": "%s"}' % filler)
    assert response.status_code == 413
    assert response.json["error"] == "request_entity_too_large"


def test_an_upload_may_exceed_the_json_limit_up_to_its_own(app, store):
    admin = _admin(app, store)
    staff_id = store.one("SELECT id FROM staff WHERE login = 'staff1'")["id"]
    picture = io.BytesIO()
    Image.effect_noise((900, 900), 64).convert("RGB").save(picture, "PNG")
    size = len(picture.getvalue())
    assert app.config["MAX_CONTENT_LENGTH"] < size < 2 * 1024 * 1024
    picture.seek(0)
    response = admin.post(f"/api/v1/admin/staff/{staff_id}/photo",
                          data={"photo": (picture, "photo.png")},
                          content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    too_big = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * (3 * 1024 * 1024))
    response = admin.post(f"/api/v1/admin/staff/{staff_id}/photo",
                          data={"photo": (too_big, "photo.png")},
                          content_type="multipart/form-data")
    assert response.status_code == 422
    assert "larger than 2 MB" in response.json["message"]


@pytest.mark.parametrize("value", [2**63, 2**64, -(2**63) - 1, 10**30])
def test_integers_beyond_sqlite_are_refused_in_bodies_and_queries(kiosk, value):
    response = kiosk.post("/api/v1/tickets", json={"service_id": value})
    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"
    response = kiosk.get(f"/api/v1/services?site_id={value}")
    assert response.status_code == 400
    assert response.json["error"] == "invalid_request"
    response = kiosk.get(f"/api/v1/events?since={value}")
    assert response.status_code == 400


@pytest.mark.parametrize("since", [2**63, 2**64, 10**30, -1, 1.5, True])
def test_resync_beyond_sqlite_range_is_an_error_ack(app, tokens, since, caplog):
    display = app.extensions["socketio"].test_client(app, auth={"token": tokens["board-1f"]})
    answer = display.emit("resync", {"since": since}, callback=True)
    assert answer["error"] == "invalid_request"
    assert "Traceback" not in caplog.text and not caplog.records
    assert display.emit("resync", {"since": 0}, callback=True)["seq"] >= 0


@pytest.mark.parametrize("token", [12345, ["x"], {"a": 1}])
def test_a_socket_token_that_is_not_text_is_refused(app, token, caplog):
    client = app.extensions["socketio"].test_client(app, auth={"token": token})
    assert not client.is_connected()
    assert "Traceback" not in caplog.text


def test_an_over_long_address_is_414_json(app, kiosk):
    limit = app.config["MAX_URL_LENGTH"]
    response = kiosk.get("/api/v1/services?site_id=1&" + "x" * limit)
    assert response.status_code == 414
    assert response.json["error"] == "request_uri_too_long"
    response = kiosk.get("/api/v1/" + "a" * limit)
    assert response.status_code == 414 and response.is_json
    assert kiosk.get("/api/v1/services?site_id=1").status_code == 200
