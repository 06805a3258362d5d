"""Signals other apps listen to. Sent after the transaction commits (transaction.on_commit).

content_changed: something citizens can see changed (published, updated while live, unpublished, expired).
    sender = the model class; kwargs: instance, portal_id, action ("published" | "updated" | "unpublished" |
    "expired" | "archived").
"""

from django.dispatch import Signal

content_changed = Signal()
