"""The services a site's kiosks offer as big buttons on their home screen, so that the
usual errand takes two taps: those the admin listed (site setting `common_services`), or
else the four with the most tickets in the last 30 days, topped up in the kiosk's order
while a new site has too few tickets to tell."""

from __future__ import annotations

COMMON_COUNT = 4
WINDOW_SECONDS = 30 * 24 * 3600


def common_service_ids(q, site_id: int, settings: dict, now: float) -> list[int]:
    active = [row["id"] for row in q.query(
        "SELECT id FROM services WHERE site_id = ? AND active = 1 ORDER BY sort_order, id",
        (site_id,))]
    # Listed ids of services since retired (or of another site, after an import) drop out.
    chosen = [i for i in settings.get("common_services") or [] if i in active]
    if chosen:
        return chosen
    busiest = [row["service_id"] for row in q.query(
        "SELECT service_id, COUNT(*) AS issued FROM tickets WHERE site_id = ? AND issued_at >= ? "
        "GROUP BY service_id ORDER BY issued DESC, service_id", (site_id, now - WINDOW_SECONDS))
        if row["service_id"] in active]
    return (busiest + [i for i in active if i not in busiest])[:COMMON_COUNT]
