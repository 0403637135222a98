"""Audiences: the Socket.IO rooms an event goes to, named in one place.

A connection joins rooms chosen from who it is (server/realtime.py `rooms_for`); an event
row lists the rooms it goes to. Both build the names here, so a room joined and a room
written to cannot drift apart. The rooms, and who joins them:

- `site:S`        the site's public screens and kiosks (boards, floor directories, ...)
- `counter:C`     the counter's display, and the officer at that counter
- `service:X`     the officers whose counter serves the service
- `staff:ID`      one person's consoles
- `device:D`      one device (its own print jobs, its help request, its settings)
- `staffsite:S`   every staff console of the site
- `supervisors:S` the site's supervisors
- `admins`        every admin
"""

from __future__ import annotations

from typing import Iterable

ADMINS = "admins"


def site(site_id: int) -> str:
    return f"site:{site_id}"


def counter(counter_id: int) -> str:
    return f"counter:{counter_id}"


def service(service_id: int) -> str:
    return f"service:{service_id}"


def staff(staff_id: int) -> str:
    return f"staff:{staff_id}"


def device(device_id: int) -> str:
    return f"device:{device_id}"


def principal(kind: str, ident: int) -> str:
    """The own room of a signed-in person ("staff") or an enrolled device ("device")."""
    return staff(ident) if kind == "staff" else device(ident)


def site_staff(site_id: int) -> str:
    return f"staffsite:{site_id}"


def supervisors(site_id: int) -> str:
    return f"supervisors:{site_id}"


def overseers(site_id: int) -> list[str]:
    """The site's supervisors and the admins: they hear of everything at the site."""
    return [supervisors(site_id), ADMINS]


def site_watchers(site_id: int) -> list[str]:
    """Public screens of the site, its supervisors, and admins."""
    return [site(site_id), *overseers(site_id)]


def whole_site(site_id: int | None) -> list[str]:
    """Everyone at the site: its screens and kiosks, its supervisors and admins, and its
    staff consoles (for no site, as an admin's own account, only the admins)."""
    if site_id is None:
        return [ADMINS]
    return site_watchers(site_id) + [site_staff(site_id)]


def people(*staff_ids: int | None, site_id: int) -> list[str]:
    """A record that concerns a few people (an appointment, a callback, a case): their own
    consoles and the site's overseers, each room once."""
    return sorted({*(staff(s) for s in staff_ids if s), *overseers(site_id)})


def ticket(row: dict, counter_id: int | None = None, service_ids: Iterable[int] = (),
           public: bool = True) -> list[str]:
    """Who follows a ticket: the site's public screens (unless `public` is False), its
    overseers, the officers of each service concerned (the ticket's own first), the
    counter it is at, and the counter or colleague it was sent to."""
    rooms = site_watchers(row["site_id"]) if public else overseers(row["site_id"])
    rooms += [service(s) for s in dict.fromkeys([row["service_id"], *service_ids])]
    for target in dict.fromkeys([counter_id, row["target_counter_id"]]):
        if target:
            rooms.append(counter(target))
    if row["target_staff_id"]:
        rooms.append(staff(row["target_staff_id"]))
    return rooms


def counter_followers(site_id: int, counter_id: int, service_ids: Iterable[int]) -> list[str]:
    """Who follows a counter: the site's screens and overseers, the counter's display and
    officer, and the officers of each service concerned."""
    return site_watchers(site_id) + [counter(counter_id)] + [
        service(s) for s in dict.fromkeys(service_ids)]


def help_request(site_id: int, device_id: int) -> list[str]:
    """A kiosk's call for help: the site's staff consoles and overseers, and the kiosk."""
    return [site_staff(site_id), *overseers(site_id), device(device_id)]


def alarm(site_id: int) -> list[str]:
    """A counter's silent bell: the site's staff consoles and overseers, and no public room
    (no board, counter display or kiosk may show it to the visitor at that counter)."""
    return [site_staff(site_id), *overseers(site_id)]


def printer(site_id: int, device_id: int | None = None) -> list[str]:
    """A printer's news: the overseers, and the kiosk it prints for when it is about that
    kiosk's own job."""
    return overseers(site_id) + ([device(device_id)] if device_id else [])
