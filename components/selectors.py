"""Reads of portals, cached where every request needs them."""

from django.core.cache import cache
from django.urls import get_script_prefix, set_script_prefix

from .models import Portal

DOMAIN_MAP_KEY = "components:domain-map:v1"
ROOT_KEY = "components:root-portal-id:v1"


def host_map() -> dict[str, int]:
    """{domain: portal id} of portals on their own domain, and {old domain: -successor id} of merged ones.

    One query (a UNION) on a cache miss; cached and dropped when a portal or a redirect changes.
    """
    from django.db.models import F, IntegerField, Value

    from .models import PortalRedirect

    try:
        mapping = cache.get(DOMAIN_MAP_KEY)
    except Exception:  # the cache being down must not take the portal down
        mapping, cache_up = None, False
    else:
        cache_up = True
    if mapping is None:
        portals = Portal.objects.exclude(domain=None).order_by().values_list("domain", "id")
        old = (
            PortalRedirect.objects.exclude(old_domain=None)
            .order_by()
            .annotate(negative=Value(0, output_field=IntegerField()) - F("target_id"))
            .values_list("old_domain", "negative")
        )
        mapping = dict(portals.union(old, all=True))
        if cache_up:
            cache.set(DOMAIN_MAP_KEY, mapping, 3600)
    return mapping


def portal_domain_map() -> dict[str, int]:
    """{domain: portal id} of every portal that answers on its own domain (cached, dropped on save)."""
    return {domain: pk for domain, pk in host_map().items() if pk > 0}


def redirected_domain_target(host: str) -> int | None:
    """The successor portal id for an old domain of a merged portal, or None."""
    value = host_map().get(host.lower())
    return -value if value is not None and value < 0 else None


def root_portal() -> Portal | None:
    return Portal.objects.filter(parent=None).order_by("tree_id").first()


def portal_for_host(host: str) -> Portal | None:
    portal_id = host_map().get(host.lower())
    if portal_id is None or portal_id < 0:
        return None
    return Portal.objects.filter(pk=portal_id).first()


def portal_by_slug(slug: str) -> Portal | None:
    return Portal.objects.filter(slug=slug).first()


def component_directory(portal: Portal) -> list[dict]:
    """Active component portals directly under `portal`, each with its active children, for the directory.

    Plain rows from one query (no model instances): the province's directory lists ~200 portals, and building
    it from objects dominated the home page's render time (bench/RESULTS.md). Cacheable as it is.
    """
    rows = (
        portal.get_descendants()
        .filter(status=Portal.Status.ACTIVE, level__lte=portal.level + 2)
        .order_by("tree_id", "lft")
        .values("id", "parent_id", "level", "name", "slug", "kind", "domain")
    )
    directory, by_id = [], {}
    for row in rows:
        entry = {"name": row["name"], "kind": row["kind"], "url": _portal_url(row), "children": []}
        if row["level"] == portal.level + 1:
            directory.append(entry)
            by_id[row["id"]] = entry
        elif row["parent_id"] in by_id:
            by_id[row["parent_id"]]["children"].append(entry)
    return directory


def _portal_url(row) -> str:
    """Portal.get_absolute_url() for a `.values()` row of a non-root portal."""
    return Portal(slug=row["slug"], domain=row["domain"], parent_id=-1).get_absolute_url()


def redirected_slug_target(slug: str) -> int | None:
    """The successor portal id for the old /web/<slug>/ of a portal that no longer exists, or None."""
    from .models import PortalRedirect

    return PortalRedirect.objects.filter(old_slug=slug).values_list("target_id", flat=True).first()


def successor_of(portal, max_hops=10) -> Portal:
    """The active portal a merged portal's visitors are sent to (follows chains of merges)."""
    current = portal
    for _hop in range(max_hops):
        if current.status != Portal.Status.MERGED or current.merged_into_id is None:
            return current
        current = Portal.objects.get(pk=current.merged_into_id)
    return current


def portal_menu(portal):
    """The component portal's own menu items, in order (one query)."""
    from .models import MenuItem

    items = list(MenuItem.objects.filter(portal=portal).order_by("order", "id"))
    for item in items:
        item.portal = portal  # links are built from the portal already in hand, without a query each
    return items


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


def province_administrator(user) -> bool:
    """The provincial office: an administrator of a root portal (the system administrator)."""
    from .models import Membership

    if not user or not user.is_authenticated:
        return False
    cache_attr = "_province_admin_cache"
    if not hasattr(user, cache_attr):
        setattr(
            user,
            cache_attr,
            Membership.objects.filter(user=user, role=Membership.Role.ADMINISTRATOR, portal__parent=None).exists(),
        )
    return getattr(user, cache_attr)


def sees_all_portals(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or province_administrator(user)))
