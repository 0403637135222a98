"""The admin console tells its admins, in a notice that stays until it is over, when the
message queue (Redis) is down and when the database server cannot be reached; it asks
/healthz when its socket connects and every ten seconds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_admin import sign_in
from tests.support.postgres import ThrowawayPostgres
from tests.support.redis import ThrowawayRedis
from tests.support.server import ServerProcess

NOTICE_SECONDS = 25  # a poll every 10 s, on a busy machine


@pytest.fixture
def cluster(tmp_path):
    """`sunbeon serve` on a PostgreSQL server and a Redis of this test's own: both are
    stopped here, so none shared with other tests."""
    postgres = ThrowawayPostgres().start()
    redis = ThrowawayRedis().start()
    postgres.admin("CREATE DATABASE sunbeon")
    server = ServerProcess(tmp_path / "live.db", database=postgres.url("sunbeon"),
                           message_queue=redis.url)
    try:
        server.start()
        yield server, postgres, redis
    finally:
        server.stop()
        redis.remove()
        postgres.stop()


def _shot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SUNBEON_ATLAS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"admin-{name}.png"))


def test_the_console_says_when_the_queue_or_the_database_is_lost(cluster, new_page, tmp_path):
    server, postgres, redis = cluster
    admin = new_page(1400, 900)
    sign_in(admin, server)
    queue, storage = admin.locator("#queue-alert"), admin.locator("#storage-alert")
    assert queue.is_hidden() and storage.is_hidden()

    redis.stop()
    queue.wait_for(state="visible", timeout=NOTICE_SECONDS * 1000)
    assert queue.inner_text() == (
        "메시지 큐(Redis)에 연결할 수 없습니다. 다른 서버 프로세스에 연결된 화면에는 호출이 "
        "몇 초 늦게 나타납니다. Redis를 확인하세요. · The message queue (Redis) is down: "
        "screens on the other server processes show calls a few seconds late. Check Redis.")
    assert queue.get_attribute("role") == "alert"
    assert axe_violations(admin) == []
    _shot(admin, "queue-down", tmp_path)
    redis.start()
    queue.wait_for(state="hidden", timeout=NOTICE_SECONDS * 1000)

    postgres.shut_down()
    storage.wait_for(state="visible", timeout=NOTICE_SECONDS * 1000)
    assert storage.inner_text().startswith("데이터베이스 서버에 연결할 수 없습니다.")
    assert "The database server cannot be reached" in storage.inner_text()
    _shot(admin, "database-unreachable", tmp_path)
    postgres.start()
    storage.wait_for(state="hidden", timeout=NOTICE_SECONDS * 1000)
    assert queue.is_hidden()
