"""Drop cached pages when content citizens see changes (connected in PortalConfig.ready)."""

from django.db import transaction

from components import merging

from . import cache as page_cache


def on_content_changed(sender, instance=None, portal_id=None, **kwargs):
    page_cache.purge_for_portal(portal_id or instance.portal_id)


def on_portal_owned_saved(sender, instance, **kwargs):
    """Safety net beside components.events.content_changed: any saved or deleted row of a shown model."""
    if merging.running():  # on_portal_merged purges once for the whole merge
        return
    portal_id = getattr(instance, "portal_id", None)
    if portal_id is None and hasattr(instance, "draft_id"):
        portal_id = instance.draft.portal_id
    if portal_id is not None:
        transaction.on_commit(lambda: page_cache.purge_for_portal(portal_id))


def on_portal_saved(sender, instance, **kwargs):
    if merging.running():
        return
    transaction.on_commit(lambda: page_cache.purge_tree(instance))


def on_portal_merged(sender, source, target, **kwargs):
    """After a merge commits: every page of both portals' trees (the province lists its portals) is stale,
    and the merged portal's host and /web/<slug>/ now lead elsewhere."""
    page_cache.bump(sender.objects.filter(tree_id__in={source.tree_id, target.tree_id}).values_list("pk", flat=True))
    page_cache.bump_routes()


def on_route_changed(sender, instance, **kwargs):
    """Host/slug -> portal maps of every process are dropped now and again once the change is committed
    (a request reading the old row between the two would otherwise record it under the new generation)."""
    page_cache.bump_routes()
    transaction.on_commit(page_cache.bump_routes)
