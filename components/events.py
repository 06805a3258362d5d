"""Events the apps send and others react to, defined in the bottom layer so every app can send them.

`content_changed`: something citizens can see changed. Sent after the transaction commits (callers wrap the send
in `transaction.on_commit`); `portal` listens and drops the cached pages of the portal and its ancestors (with
`tree=True`: of the portal's whole tree, for what every portal of it shows, such as a portal's identity).
    sender = the model class; kwargs: instance, portal_id, action ("published" | "updated" | "unpublished" |
    "expired" | "archived" | "syndicated" | "category" | "comments" | "portal" | a feedback question's
    "published" / "unpublished" …), tree.

It is the ONE way the page cache hears of a change: every service (and every admin save that is not a service)
that changes what citizens see calls `content_changed_on_commit` once; there is no `post_save` net
(docs/decisions/0812-one-purge-path.md).

Senders import this module, never the listener's (`editorial` and `feedback` do not import `portal`,
docs/decisions/0802-dependency-directions.md).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal

content_changed = Signal()


def content_changed_on_commit(
    *, sender: type, portal_id: int, action: str, instance: Any = None, tree: bool = False
) -> None:
    """Send `content_changed` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(
        lambda: content_changed.send(sender=sender, instance=instance, portal_id=portal_id, action=action, tree=tree)
    )


def portal_changed_on_commit(*, portal: Any, action: str = "portal") -> None:
    """A portal's identity, menu, organisations or place in the tree changed: every portal of its tree shows it
    (the shared header and footer, the province's list of portals)."""
    content_changed_on_commit(sender=type(portal), instance=portal, portal_id=portal.pk, action=action, tree=True)
