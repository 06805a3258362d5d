"""Reads of portals, cached where every request needs them."""

import threading
import uuid

from django.core.cache import cache
from django.db.models.fields.files import FieldFile
from django.urls import get_script_prefix, set_script_prefix

from .models import Portal
from .roles import roles_of

DOMAIN_MAP_KEY = "components:domain-map:v1"
ROOT_KEY = "components:root-portal-id:v1"
INDEX_KEY = "components:portal-index:v1"


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


# Every request resolves its portal. Rows are kept per process under the token of the portal index, which
# clear_portal_caches() deletes on every save of a Portal (before and after commit), so a request never gets a
# row older than the last change it could see. Each request gets its own instance (from_db), never a shared one.
_rows: dict = {"token": None}
_rows_lock = threading.Lock()


def portal_index() -> dict:
    """{"token", "slugs": {slug: id}, "roots": {tree_id: root id}, "first_root": id | None} (one query on a miss)."""
    try:
        index = cache.get(INDEX_KEY)
    except Exception:
        index, cache_up = None, False
    else:
        cache_up = True
    if index is None:
        rows = Portal.objects.order_by("tree_id", "lft").values_list("id", "slug", "tree_id", "parent_id")
        roots = {tree_id: pk for pk, _slug, tree_id, parent_id in rows if parent_id is None}
        index = {
            # No token when the cache is down: nothing could drop the rows, so none are kept.
            "token": uuid.uuid4().hex if cache_up else None,
            "slugs": {slug: pk for pk, slug, _tree, _parent in rows},
            "roots": roots,
            "first_root": next(iter(roots.values()), None),
        }
        if cache_up:
            cache.set(INDEX_KEY, index, 3600)
    return index


def portal_by_id(pk, index=None) -> Portal | None:
    """The portal row, from this process's copy while the portal index is unchanged (no query)."""
    if pk is None:
        return None
    token = (index or portal_index())["token"]
    if token is None:
        return Portal.objects.filter(pk=pk).first()
    with _rows_lock:
        if _rows["token"] != token:
            _rows.clear()
            _rows["token"] = token
        row = _rows.get(pk)
    if row is None:
        portal = Portal.objects.filter(pk=pk).first()
        if portal is None:
            return None
        names = [f.attname for f in Portal._meta.concrete_fields]
        # Raw column values (a file field's name, not the FieldFile bound to this instance), as from_db expects.
        values = [portal.__dict__[name] for name in names]
        row = (names, [getattr(value, "name", value) if isinstance(value, FieldFile) else value for value in values])
        with _rows_lock:
            if _rows["token"] == token:
                _rows[pk] = row
        return portal
    return Portal.from_db("default", row[0], row[1])


def root_portal() -> Portal | None:
    index = portal_index()
    return portal_by_id(index["first_root"], index)


def province_of(portal: Portal) -> Portal:
    """The root of the portal's tree (the provincial portal), without a query while nothing changed."""
    if portal.parent_id is None:
        return portal
    index = portal_index()
    root_id = index["roots"].get(portal.tree_id)
    root = portal_by_id(root_id, index) if root_id is not None else None
    return root if root is not None else portal.get_root()  # the row may be gone since the index was read


def portal_for_host(host: str) -> Portal | None:
    portal_id = host_map().get(host.lower())
    if portal_id is None or portal_id < 0:
        return None
    return portal_by_id(portal_id)


def portal_by_slug(slug: str) -> Portal | None:
    index = portal_index()
    return portal_by_id(index["slugs"].get(slug), index)


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
    cache.delete_many([DOMAIN_MAP_KEY, ROOT_KEY, INDEX_KEY])


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
    if not user or not user.is_authenticated:
        return False
    return roles_of(user).is_province_administrator


def sees_all_portals(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or province_administrator(user)))
