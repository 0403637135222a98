"""Reports as people ask for them: every site at once, the label of a report's file, and
figures per named officer, which are personal: every look at them is written to the
access log."""

from __future__ import annotations

import json

from ..infra.store import Store
from .figures import figures
from .periods import Period


def every_site(store: Store) -> list[int]:
    return [r["id"] for r in store.query("SELECT id FROM sites ORDER BY id")]


def sites_label(store: Store, site_ids: list[int]) -> str:
    """For a file name: the site's code, or "all" for several sites."""
    if len(site_ids) > 1:
        return "all"
    return store.one("SELECT code FROM sites WHERE id = ?", (site_ids[0],))["code"]


def figures_for(store: Store, reader_id: int, site_ids: list[int], period: Period, group: str,
                now: float) -> dict:
    """The figures `reader_id` asked for; a look at officers' figures is logged first."""
    if group == "officer":
        with store.write() as tx:
            tx.insert("access_log", {"staff_id": reader_id, "what": "report_officers",
                                     "detail": json.dumps({"site_ids": site_ids,
                                                           "period": period.label}),
                                     "at": now})
    return figures(store, site_ids, period, group, now=now)
