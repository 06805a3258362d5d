"""Signals other apps listen to. Sent after the transaction commits (transaction.on_commit).

`content_changed` is defined in `components.events` (so `feedback` can send it without importing `editorial`);
re-exported here for the existing imports.
"""

from components.events import content_changed

__all__ = ["content_changed"]
