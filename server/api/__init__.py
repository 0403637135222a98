"""The HTTP API (/api/v1): every module here declares its routes on the one `api`."""

from . import access, admin, cases, csrf, maps, people, printers, reports, staffdesk, visitor  # noqa: F401 - register their routes
from .routes import api, blueprint

__all__ = ["api", "blueprint"]
