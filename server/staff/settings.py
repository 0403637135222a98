"""Site settings of the staff desk, with their defaults. Admins set them per site in
`sites.settings` (JSON), next to the queue's own settings."""

from __future__ import annotations

from ..queue import QueueEngine

DESK_DEFAULTS = {
    "supervisor_alert_minutes": 5,      # a visitor waiting this long is the supervisor's too
    "appointment_grace_minutes": 15,    # after the agreed time; then the appointment is missed
    "appointment_checkin_minutes": 60,  # check-in at the kiosk opens this long before
}


def desk_settings(engine: QueueEngine, site_id: int, q=None) -> dict:
    settings = engine.site(site_id, q)["settings"]
    return {key: settings.get(key, default) for key, default in DESK_DEFAULTS.items()}
