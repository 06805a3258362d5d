"""Drop cached pages when content citizens see changes (connected in PortalConfig.ready)."""

from django.db import transaction

from . import cache as page_cache


def on_content_changed(sender, instance=None, portal_id=None, tree=False, **kwargs):
    """components.events.content_changed, sent on commit by every service that changes what citizens see."""
    if tree:
        from components.models import Portal

        portal = instance if isinstance(instance, Portal) else Portal.objects.filter(pk=portal_id).first()
        if portal is not None:
            page_cache.purge_tree(portal)
            return
    page_cache.purge_for_portal(portal_id or instance.portal_id)


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
