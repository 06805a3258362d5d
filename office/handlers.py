"""Reactions to other apps' events (registered in OfficeConfig.ready); each one line deep."""

from . import services


def on_content_changed(sender, instance=None, action="", **kwargs):
    """A linked article or legal document went live: its tracked update deadlines are met (or late)."""
    if action == "published" and instance is not None:
        services.tracked_items_close_for(instance=instance)


def on_portal_created(sender, portal, **kwargs):
    """A new portal starts with the seeds' inventory of obligatory information."""
    services.inventory_seed(portal=portal)
