"""Live events over Socket.IO: rooms chosen on the server from who connected, events
emitted after commit in sequence order, and catch-up for clients that were away.

Every event travels as the Socket.IO event "event" with {seq, type, at, site_id, data}.
A client remembers the highest seq it applied; after (re)connecting it emits "resync"
with {"since": seq} and its acknowledgement holds the missed events, or a snapshot when
too many were missed. Nothing depends on a socket staying up.

With a message queue (several processes: docs/scale.md, "Events across processes") the
events reach every process's sockets through Redis, published by the relay
(server/workers/relay.py) instead of this process's emitter; every process sends its own
sockets a heartbeat with the latest seq of their rooms (server/workers/heartbeat.py), so
that a client that missed an event catches up.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from queue import Empty, Queue  # the standard library's (not server.queue)
import threading
import time
from typing import Callable

import socketio as python_socketio
from flask import request
from flask_socketio import SocketIO, join_room, leave_room

from .auth import Principal, principal_from_credentials
from .infra.clock import iso
from . import audiences
from .admin.devices import device_seen
from .queue import QueueEngine
from .staff.desk import counter_of
from .infra.store import Store

log = logging.getLogger(__name__)

CATCH_UP_LIMIT = 500
MAX_SEQ = 2**53  # as /api/v1/events?since= (server/api/schemas.py)


def socket_async_mode(config) -> str:
    """Socket.IO's async mode: threading, or gevent when the server runs gunicorn's gevent
    worker (ASYNC_MODE, SUNBEON_ASYNC_MODE: server/wsgi.py). gevent's mode only works in a
    process whose standard library gevent has patched, so it is refused elsewhere."""
    mode = config.get("ASYNC_MODE") or "threading"
    if mode == "gevent":
        from gevent import monkey
        if not monkey.is_module_patched("socket"):
            raise RuntimeError("ASYNC_MODE gevent needs gevent's monkey-patching "
                               "(gunicorn's gevent worker: sunbeon serve --async gevent)")
    elif mode != "threading":
        raise ValueError(f"ASYNC_MODE must be threading or gevent, not {mode!r}")
    return mode


def rooms_for(store: Store, principal: Principal) -> set[str]:
    """The rooms a connection joins: what this device or person may see, and no more."""
    rooms = {audiences.principal(principal.kind, principal.id)}
    if principal.kind == "device":
        counter_id = principal.config.get("counter_id")
        if principal.role == "counter_display" and counter_id:
            rooms.add(audiences.counter(counter_id))
        else:
            rooms.add(audiences.site(principal.site_id))
        return rooms
    if principal.is_admin:
        rooms.add(audiences.ADMINS)
    else:
        rooms.add(audiences.site_staff(principal.site_id))
        if principal.role == "supervisor":
            rooms.add(audiences.supervisors(principal.site_id))
    seat = counter_of(store, principal.id)
    if seat:
        rooms.add(audiences.counter(seat["id"]))
        rooms.update(audiences.service(service_id) for service_id in seat["service_ids"])
    return rooms


class MessageQueue(python_socketio.RedisManager):
    """Flask-SocketIO's Redis message queue (its client manager), which also tells whether
    its publishes go through: `failures` counts the ones that did not (the relay checks
    it), a failure is logged once until one succeeds again, and `up()` asks Redis."""

    CHANNEL = "sunbeon"  # the same in every process of an installation

    def __init__(self, url: str):
        super().__init__(url, channel=self.CHANNEL,
                         redis_options={"socket_connect_timeout": 2})
        self.failures = 0
        self.down_since: float | None = None
        self._state_lock = threading.Lock()
        self._probe = None
        # The gap check (docs/scale.md, "A gap in the stream"): the seq of the last event
        # that came through, None after (re)connecting, and who is told of a gap.
        self.relayed_seq: int | None = None
        self.on_gap: Callable[[int], None] | None = None

    def _redis_connect(self):
        super()._redis_connect()
        self.relayed_seq = None  # what was published while away is not known here

    def _handle_emit(self, message):
        """An event from the relay names the one it published before (`prev`). When that is
        not the last one this process passed on, some went by unseen (its subscription was
        down, or just made): the sockets here are told to catch up by seq instead, since
        passing this one on would move them past the gap."""
        data = message.get("data") if message.get("event") == "event" else None
        event = data[0] if isinstance(data, list) and len(data) == 1 else None  # emit's args
        if self.on_gap is not None and isinstance(event, dict) and "prev" in event:
            with self._state_lock:
                last, self.relayed_seq = self.relayed_seq, event["seq"]
            if last is None or event["prev"] != last:
                log.info("events after seq %s went by unseen (the next came after %s): the "
                         "screens here catch up to %s", last, event["prev"], event["seq"])
                self.on_gap(event["seq"])
                return
        super()._handle_emit(message)

    def _publish(self, data):
        error = None
        for _attempt in range(2):  # the second on a new connection: Redis may have restarted
            try:
                if not self.connected:
                    self._redis_connect()
                result = self.redis.publish(self.channel, self.json.dumps(data))
            except Exception as failure:  # redis-py's errors, and any other: counted
                self.connected = False
                error = failure
                continue
            if self.down_since is not None:
                self.down_since = None
                log.info("the message queue takes messages again")
            return result
        with self._state_lock:
            self.failures += 1
            first = self.down_since is None
            if first:
                self.down_since = time.time()
        if first:
            log.error("the message queue is down (%s): screens catch up by seq until it is back",
                      error)
        return None

    def up(self) -> bool:
        """Whether Redis answers now (for /healthz; a second at most)."""
        import redis
        if self._probe is None:
            self._probe = redis.Redis.from_url(self.redis_url, socket_timeout=1,
                                               socket_connect_timeout=1)
        try:
            return bool(self._probe.ping())
        except redis.RedisError:
            return False


class Realtime:
    def __init__(self, socketio: SocketIO, store: Store, engine: QueueEngine):
        self.socketio = socketio
        self.store = store
        self.engine = engine
        self.connections: dict[str, tuple[Principal, set[str]]] = {}
        self._outbox: Queue = Queue()
        self._emitter: threading.Thread | None = None
        for name, handler in (("connect", self.on_connect), ("disconnect", self.on_disconnect),
                              ("resync", self.on_resync), ("rejoin", self.on_rejoin)):
            socketio.on_event(name, self._letting_go(handler))

    # Events reach the emitter thread in commit order (see Store.write), so screens
    # receive them in sequence order even when requests finish out of order.
    def committed(self, events: list[dict]) -> None:
        """The store's subscriber. While the emitter is stopped nobody is told: screens
        catch up by seq when they (re)connect."""
        if self._emitter is not None:
            self._outbox.put(events)

    def start_emitter(self) -> None:
        self._outbox = Queue()  # a thread left over from a stop keeps its own
        self._emitter = threading.Thread(target=self._emit_until_stopped, args=(self._outbox,),
                                         name="sunbeon-emitter", daemon=True)
        self._emitter.start()

    def stop_emitter(self, drain: bool) -> list[threading.Thread]:
        """Emit what was committed so far (when `drain`), then end the thread."""
        emitter, self._emitter = self._emitter, None
        if not drain:
            _empty(self._outbox)
        self._outbox.put(None)
        return [emitter] if emitter else []

    def _emit_until_stopped(self, outbox: Queue) -> None:
        while (events := outbox.get()) is not None:
            if isinstance(events, threading.Event):
                events.set()
                continue
            for event in events:
                try:
                    self._emit_event(event)
                except Exception:  # a broken socket must not stop the others' events
                    log.exception("emitting event %s failed", event["seq"])

    def _emit_event(self, event: dict, **extra) -> None:
        rooms = event["rooms"]
        self.socketio.emit("event", {**public_event(event), **extra},
                           to=json.loads(rooms) if isinstance(rooms, str) else rooms)

    def publish(self, event: dict, prev: int) -> bool:
        """The relay's way out: one event (a row of `events`) to the sockets of every
        process through the message queue, naming the seq published before it (`prev`,
        for MessageQueue's gap check); whether the queue took it."""
        queue = self.socketio.server.manager
        failures = queue.failures
        self._emit_event(event, prev=prev)
        return queue.failures == failures

    def rooms_here(self) -> set[str]:
        """The rooms of this process's connections."""
        return {room for _principal, rooms in list(self.connections.values()) for room in rooms}

    def catch_up_everywhere(self, seq: int) -> None:
        """Every socket of this process is told of `seq`: those behind it catch up."""
        for room in self.rooms_here():
            self.announce(room, seq)

    def announce(self, room: str, seq: int) -> None:
        """The heartbeat: to this process's sockets in `room` only, never through the
        message queue, so that it arrives when the queue does not."""
        self.socketio.emit("heartbeat", {"seq": seq}, to=room, ignore_queue=True)

    def tell_admins_of_storage(self, fault) -> None:
        """A storage fault began (or ended, with None): told to the admins' consoles as a
        "storage" message of its own, not an event, since events are rows of the database
        that cannot be written (storage_faults.py)."""
        self.socketio.emit("storage", {"ok": fault is None,
                                       "reason": fault.reason if fault else None,
                                       "since": iso(fault.since) if fault else None},
                           to=audiences.ADMINS)

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything committed so far has been handed to the sockets."""
        if self._emitter is None:
            return
        done = threading.Event()
        self._outbox.put(done)
        done.wait(timeout)

    def _letting_go(self, handler):
        """`handler`, after which its thread's database connection is let go: a socket's
        thread lives as long as the socket, and needs the database only in handlers."""
        @functools.wraps(handler)
        def handled(*args, **kwargs):
            try:
                return handler(*args, **kwargs)
            finally:
                self.store.release_thread_connection()
        return handled

    def on_connect(self, auth=None):
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is not None and not isinstance(token, str):
            raise ConnectionRefusedError("unauthorized")
        principal = principal_from_credentials(self.store, token)
        if principal is None:
            raise ConnectionRefusedError("unauthorized")
        rooms = rooms_for(self.store, principal)
        for room in rooms:
            join_room(room)
        self.connections[request.sid] = (principal, rooms)
        if principal.kind == "device":
            device_seen(self.store, principal.id, self.engine.clock.now())

    def on_disconnect(self, *args):
        self.connections.pop(request.sid, None)

    def device_connections(self) -> dict[int, int]:
        """Open sockets per enrolled device (the admin console's "online")."""
        counts: dict[int, int] = {}
        for principal, _rooms in list(self.connections.values()):
            if principal.kind == "device":
                counts[principal.id] = counts.get(principal.id, 0) + 1
        return counts

    def disconnect_device(self, device_id: int) -> int:
        """Close a device's sockets: its token no longer counts."""
        return self.disconnect_principal("device", device_id)

    # Called once a transaction that revoked credentials has committed: a socket lives on
    # the credentials it was opened with, so it closes with them.
    def disconnect_principal(self, kind: str, ident: int) -> int:
        """Close every socket of this device or person (sessions and tokens alike)."""
        return self._disconnect(lambda p: p.kind == kind and p.id == ident)

    def disconnect_sessions(self, session_ids) -> int:
        """Close the sockets opened with these sign-in sessions (`sessions.id`)."""
        ids = set(session_ids)
        return self._disconnect(lambda p: p.session_id is not None and p.session_id in ids)

    def _disconnect(self, matches) -> int:
        closed = 0
        for sid, (principal, _rooms) in list(self.connections.items()):
            if matches(principal):
                self.connections.pop(sid, None)
                try:
                    self.socketio.server.disconnect(sid, namespace="/")
                except Exception:  # already gone
                    pass
                closed += 1
        return closed

    def on_rejoin(self, *args):
        """Recompute rooms after the person changed counter or services."""
        principal, old = self.connections.get(request.sid, (None, set()))
        if principal is None:
            return {"error": "unauthorized"}
        rooms = rooms_for(self.store, principal)
        for room in old - rooms:
            leave_room(room)
        for room in rooms - old:
            join_room(room)
        self.connections[request.sid] = (principal, rooms)
        return {"rooms": sorted(rooms)}

    def on_resync(self, data=None):
        principal, _ = self.connections.get(request.sid, (None, None))
        if principal is None:
            return {"error": "unauthorized"}
        since = data.get("since") if isinstance(data, dict) else None
        # Bounded like every integer from outside: SQLite cannot compare beyond 2**63.
        if not isinstance(since, int) or isinstance(since, bool) or not 0 <= since <= MAX_SEQ:
            return {"error": "invalid_request", "message": "resync needs {since: seq}"}
        return self.catch_up(principal, since)

    def catch_up(self, principal: Principal, since: int) -> dict:
        """The events after `since` that this principal's rooms received, or a snapshot."""
        rooms = rooms_for(self.store, principal)
        rows = self.store.events_after(since, CATCH_UP_LIMIT + 1)
        if len(rows) > CATCH_UP_LIMIT or since < self.store.purged_through():
            if principal.site_id is None:
                return {"snapshot": None, "seq": rows[-1]["seq"] if rows else since}
            return {"snapshot": self.engine.snapshot(principal.site_id)}
        events = [public_event(row) for row in rows if rooms & set(json.loads(row["rooms"]))]
        last = rows[-1]["seq"] if rows else since
        return {"events": events, "seq": last}


def _empty(outbox: Queue) -> None:
    """Drop the events not emitted yet; release whoever waits in flush()."""
    with contextlib.suppress(Empty):
        while True:
            item = outbox.get_nowait()
            if isinstance(item, threading.Event):
                item.set()


def public_event(event: dict) -> dict:
    data = event["data"]
    return {"seq": event["seq"], "type": event["type"], "at": iso(event["at"]),
            "site_id": event["site_id"],
            "data": json.loads(data) if isinstance(data, str) else data}
