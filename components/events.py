"""Events the apps send and others react to, defined in the bottom layer so every app can send them.

`content_changed`: something citizens can see changed. Sent after the transaction commits (callers wrap the send
in `transaction.on_commit`); `portal` listens and drops the cached pages of the portal and its ancestors.
    sender = the model class; kwargs: instance, portal_id, action ("published" | "updated" | "unpublished" |
    "expired" | "archived" | "syndicated" | a feedback question's "published" / "unpublished" …).

Senders import this module, never the listener's (`editorial` and `feedback` do not import `portal`,
docs/decisions/0802-dependency-directions.md).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

content_changed = Signal()


def content_changed_on_commit(*, sender: type, portal_id: int, action: str, instance: Any = None) -> None:
    """Send `content_changed` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(
        lambda: content_changed.send(sender=sender, instance=instance, portal_id=portal_id, action=action)
    )
