"""A site's entrance QR code (docs/public.md, "The entrance's QR code"): the address a
visitor's phone opens to check in a number taken on the public page,
`<relay>/live/<site>/checkin?entrance=<key>`.

The key is drawn from the link's secret, the site's code and the site's round
(server/public/link.py: entrance_key). The round is kept in the site's settings
(`entrance_rotation`); a site that never changed its code uses the environment's round
(SUNBEON_PUBLIC_ENTRANCE_ROTATION, else 1). A new round makes a new key: the public link
pushes it and the relay refuses the old poster's from then on.

The admin console and `sunbeon entrance-qr` both make the address and the poster here,
so that they always print the same code.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from urllib.parse import quote

import segno

from ..auth import audit
from ..infra.store import Store
from ..public.link import MIN_SECRET_LENGTH, entrance_key
from ..queue import QueueEngine
from ..refusal import Refusal

ROUND = "entrance_rotation"   # the site's settings key


def default_round(value) -> int:
    """The environment's round (SUNBEON_PUBLIC_ENTRANCE_ROTATION), for sites that never
    changed their code: a whole number, 1 when unset."""
    if value in (None, ""):
        return 1
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ValueError(f"SUNBEON_PUBLIC_ENTRANCE_ROTATION must be a whole number from 1, "
                         f"not {value!r}")
    return number


def site_round(settings: dict, default: int) -> int:
    """The round of a site's entrance key: its own once changed, else the default."""
    held = settings.get(ROUND)
    return held if isinstance(held, int) and not isinstance(held, bool) else default


@dataclass(frozen=True)
class Relay:
    """What an entrance address needs of the public relay."""
    public_url: str    # the relay's address as phones reach it
    secret: str        # the link's shared secret


def relay_of(config) -> tuple[Relay | None, list[str]]:
    """The relay of a configuration (the server's SUNBEON_-prefixed settings, without
    the prefix), or None with the names of the settings missing."""
    url = str(config.get("PUBLIC_RELAY_URL") or "")
    secret = str(config.get("PUBLIC_RELAY_SECRET") or "")
    missing = []
    if not url.startswith(("https://", "http://")):
        missing.append("SUNBEON_PUBLIC_RELAY_URL")
    if len(secret) < MIN_SECRET_LENGTH:
        missing.append("SUNBEON_PUBLIC_RELAY_SECRET")
    if missing:
        return None, missing
    return Relay(url, secret), []


def address(relay: Relay, site_code: str, round_: int) -> str:
    """The entrance address of a site at a round: what its QR code holds."""
    return (f"{relay.public_url.rstrip('/')}/live/{quote(site_code)}/checkin?entrance="
            f"{entrance_key(relay.secret, site_code, str(round_))}")


def poster_svg(url: str) -> bytes:
    """The QR code to post at the entrance, 3 mm a module (about 13 cm across: read from
    a step away); an SVG that prints at that size."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=3, unit="mm", border=4,
                                    title="QR")
    return out.getvalue()


def rotate(store: Store, engine: QueueEngine, site_id: int, default: int, *,
           actor_id: int | None = None, address_from: str | None = None) -> int:
    """A new round for the site's entrance key: the posted code stops working once the
    public link pushes the new key. Audited; consoles are told the site changed."""
    with store.write() as tx:
        row = tx.one("SELECT code, settings FROM sites WHERE id = ?", (site_id,))
        if row is None:
            raise Refusal("not_found", f"No site with id {site_id}.", 404)
        settings = json.loads(row["settings"])
        new_round = site_round(settings, default) + 1
        tx.execute("UPDATE sites SET settings = ? WHERE id = ?",
                   (json.dumps({**settings, ROUND: new_round}, ensure_ascii=False), site_id))
        now = engine.clock.now()
        audit.record(tx, now, "entrance_key_rotated", actor_id=actor_id, address=address_from,
                     site_id=site_id, site=row["code"], round=new_round)
        engine.forget_configuration(tx)
        engine.config_changed(tx, site_id, "site", site_id, "updated")
    return new_round
