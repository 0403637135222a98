"""The queue engine (no Flask, sockets or printers here)."""

from .engine import QueueEngine
from .errors import QueueError

__all__ = ["QueueEngine", "QueueError"]
