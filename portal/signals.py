"""Drop cached pages when content citizens see changes (connected in PortalConfig.ready)."""

from django.db import transaction

from . import cache as page_cache


def on_content_changed(sender, instance=None, portal_id=None, **kwargs):
    page_cache.purge_for_portal(portal_id or instance.portal_id)


def on_portal_owned_saved(sender, instance, **kwargs):
    """Safety net beside editorial.signals.content_changed: any saved or deleted row of a shown model."""
    portal_id = getattr(instance, "portal_id", None)
    if portal_id is None and hasattr(instance, "draft_id"):
        portal_id = instance.draft.portal_id
    if portal_id is not None:
        transaction.on_commit(lambda: page_cache.purge_for_portal(portal_id))


def on_portal_saved(sender, instance, **kwargs):
    transaction.on_commit(lambda: page_cache.purge_tree(instance))


def on_route_changed(sender, instance, **kwargs):
    """Host/slug -> portal maps of every process are dropped now and again once the change is committed
    (a request reading the old row between the two would otherwise record it under the new generation)."""
    page_cache.bump_routes()
    transaction.on_commit(page_cache.bump_routes)
