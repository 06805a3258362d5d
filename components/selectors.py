"""Reads of portals, cached where every request needs them."""

from django.core.cache import cache
from django.urls import get_script_prefix, set_script_prefix

from .models import Portal

DOMAIN_MAP_KEY = "components:domain-map:v1"
ROOT_KEY = "components:root-portal-id:v1"


def portal_domain_map() -> dict[str, int]:
    """{domain: portal id} of every portal that answers on its own domain (cached, dropped on save)."""
    try:
        mapping = cache.get(DOMAIN_MAP_KEY)
    except Exception:  # the cache being down must not take the portal down
        mapping, cache_up = None, False
    else:
        cache_up = True
    if mapping is None:
        mapping = dict(Portal.objects.exclude(domain=None).values_list("domain", "id"))
        if cache_up:
            cache.set(DOMAIN_MAP_KEY, mapping, 3600)
    return mapping


def root_portal() -> Portal | None:
    return Portal.objects.filter(parent=None).order_by("tree_id").first()


def portal_for_host(host: str) -> Portal | None:
    portal_id = portal_domain_map().get(host.lower())
    if portal_id is None:
        return None
    return Portal.objects.filter(pk=portal_id).first()


def portal_by_slug(slug: str) -> Portal | None:
    return Portal.objects.filter(slug=slug).first()


def component_directory(portal: Portal):
    """Active component portals directly under `portal`, with their own children, for the directory."""
    return portal.get_children().filter(status=Portal.Status.ACTIVE).prefetch_related("children")


def clear_portal_caches():
    cache.delete_many([DOMAIN_MAP_KEY, ROOT_KEY])


def url_in_portal(portal: Portal, build_path) -> str:
    """URL of a page of `portal` usable from anywhere (another portal's page, an email, a task).

    `build_path` reverses the page's path as if on the portal's own root (e.g. `obj.get_absolute_url`);
    the portal's own address (its domain, or /web/<slug>/) is put in front.
    """
    previous = get_script_prefix()
    set_script_prefix("/")
    try:
        path = build_path()
    finally:
        set_script_prefix(previous)
    return portal.get_absolute_url().rstrip("/") + path
