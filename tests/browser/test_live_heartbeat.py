"""A screen that missed an event (its server process lost the message queue for a while)
learns of it from the heartbeat and catches up (server/static/common/live.js)."""

from __future__ import annotations

import pytest

from tests.browser.test_display import COUNT_CHIMES, KOREAN_VOICE, WAIT_MS, Lobby
from tests.support.server import ServerProcess


@pytest.fixture
def beating_server(tmp_path):
    process = ServerProcess(tmp_path / "live.db", env={"SUNBEON_HEARTBEAT_SECONDS": "0.5"})
    process.start()
    yield process
    process.stop()


def test_a_call_the_board_never_received_is_shown_after_the_next_heartbeat(beating_server,
                                                                          new_page):
    dropped = []

    def lose_the_first_call(ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)

        def to_page(message):
            if isinstance(message, str) and '"ticket.called"' in message and not dropped:
                dropped.append(message)  # never reaches the page
                return
            ws.send(message)
        server.on_message(to_page)

    page = new_page(1920, 1080)
    page.context.add_init_script(COUNT_CHIMES + KOREAN_VOICE)
    page.route_web_socket("**/socket.io/**", lose_the_first_call)
    server = beating_server
    page.goto(f"{server.url}/display/board?token={server.tokens['board-1f']}")
    page.wait_for_selector("body[data-live='online']", timeout=WAIT_MS)

    lobby = Lobby(server)
    lobby.issue("여권")
    called = lobby.call_next("staff4", 4)
    page.wait_for_function("n => document.querySelector('.hero__number')?.textContent === n",
                           arg=called["display_number"], timeout=WAIT_MS)
    assert dropped  # shown although its event was lost on the way
