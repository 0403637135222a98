"""What kiosks and screens read of the configuration the admin console writes: today's
notices and the published information pages, and the kiosks' one-tap answers to "was
this information useful?" (counted per page and day for the satisfaction summary)."""

from __future__ import annotations

import json

from ..infra.clock import local_day
from ..infra.store import Store
from ..queue import QueueEngine
from ..refusal import Refusal


def _today(engine: QueueEngine, site_id: int) -> str:
    return local_day(engine.clock.now(), engine.site(site_id)["timezone"]).isoformat()


def notices_today(store: Store, engine: QueueEngine, site_id: int,
                  target: str | None = None) -> list[dict]:
    """The site's active notices shown today, for the board or the kiosk (`target`; those
    meant for "all" included), in their order."""
    today = _today(engine, site_id)
    sql = ("SELECT id, target, texts FROM notices WHERE site_id = ? AND active = 1 "
           "AND (starts_on IS NULL OR starts_on <= ?) AND (ends_on IS NULL OR ends_on >= ?)")
    params: list = [site_id, today, today]
    if target:
        sql += " AND target IN (?, 'all')"
        params.append(target)
    rows = store.query(sql + " ORDER BY sort_order, id", params)
    return [{**r, "texts": json.loads(r["texts"])} for r in rows]


def published_pages(store: Store, site_id: int) -> list[dict]:
    rows = store.query("SELECT id, slug, titles, bodies FROM info_pages WHERE site_id = ? "
                       "AND published = 1 ORDER BY sort_order, id", (site_id,))
    return [{**r, "titles": json.loads(r["titles"]), "bodies": json.loads(r["bodies"])}
            for r in rows]


def record_page_answer(store: Store, engine: QueueEngine, page_id: int, satisfied: bool, *,
                       kiosk_site_id: int | None) -> None:
    """Count one answer to a published page, from a kiosk of the page's own site."""
    page = store.one("SELECT * FROM info_pages WHERE id = ? AND published = 1", (page_id,))
    if page is None:
        raise Refusal("not_found", f"No information page with id {page_id}.", 404)
    if kiosk_site_id != page["site_id"]:
        raise Refusal("forbidden", "Answers come from this site's kiosks.", 403)
    day = _today(engine, page["site_id"])
    with store.write() as tx:
        tx.execute("INSERT INTO info_page_answers (page_id, day, satisfied, count) "
                   "VALUES (?, ?, ?, 1) ON CONFLICT (page_id, day, satisfied) "
                   "DO UPDATE SET count = info_page_answers.count + 1",
                   (page_id, day, int(satisfied)))
