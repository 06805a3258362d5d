"""Page cache for anonymous visitors, per portal, language, host, path and declared query parameters (0741).

Every portal has a *generation* number in the cache. A cached page is stored with the generation of the
portal that rendered it and served only while that generation is current, so bumping a generation drops
every page of that portal at once (the old entries are overwritten or expire). When content of portal P
changes, P's generation and those of all its ancestors are bumped: the province's home, search and feeds
show content of its component portals. When a Portal row itself changes (name, contacts shown in every
header and footer), the whole tree is bumped.

What is never cached (docs/decisions/0501-page-cache.md):
- anything but GET/HEAD, and any request of a logged-in user (staff previewing or editing);
- responses that are not 200, that set a cookie, that are marked private/no-cache, or that used the CSRF
  token (pages with a POST form: consultation comments, questions) — such pages are rendered fresh, so the
  form's token always matches the visitor's cookie;
- requests carrying pending flash messages.

Two middlewares share the work (docs/decisions/0503-early-page-cache.md): `EarlyPageCacheMiddleware`, right
after SecurityMiddleware and WhiteNoise, answers hits for visitors without a session or messages cookie from
one Redis round trip and no SQL; `PageCacheMiddleware`, after authentication and messages, decides what may be
stored (it sees the user, the CSRF use, the real portal and language) and tells the early one, which stores the
response on its way out so that it carries every header the stack adds.
"""

import contextlib
import hashlib
import time
from urllib.parse import urlencode

from asgiref.local import Local
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.cache import patch_cache_control

from components.middleware import WEB_PREFIX

GENERATION_KEY = "portal:gen:{}"
# Value: (generation, response, declared). The generation is in the value, not the key, so that a hit needs one
# MGET; `declared` says the view declared its query parameters (docs/decisions/0741), else the entry serves
# only requests without any.
PAGE_KEY = "portal:page:{portal}:{lang}:{digest}"
DATA_KEY = "portal:data:{gen}:{portal}:{name}"
# Bumped when a Portal or PortalRedirect changes: every process then forgets its host/slug -> portal id map.
ROUTES_KEY = "portal:routes:gen"
# Paths never served from or stored in the page cache.
# /api/ keeps its own answers under the generation of the portal in its path (api/views.py), not the host's.
UNCACHED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/ckeditor5/", "/i18n/", "/api/")
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage (also the fallback storage's cookie)


def _enabled():
    return getattr(settings, "PORTAL_PAGE_CACHE", True)


def _timeout():
    return getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


# Generations read during one request are remembered for that request only (request_started resets it),
# so a page asks the cache for its portal's generation once, not once per cached block.
_memo = Local()


def reset_request_memo(**kwargs):
    _memo.generations = {}


def end_request_memo(**kwargs):
    _memo.generations = None


def generation(portal_id) -> int:
    memo = getattr(_memo, "generations", None)  # None outside a request (workers, shell): always ask
    if memo is not None and portal_id in memo:
        return memo[portal_id]
    try:
        value = cache.get(GENERATION_KEY.format(portal_id))
    except Exception:  # a cache outage must never take pages down
        return 0
    if value is None:
        # A fresh start value, never a small number a lost (evicted, flushed) counter may have held before:
        # pages stored under an old generation must not become current again.
        value = _fresh_generation()
        try:
            if not cache.add(GENERATION_KEY.format(portal_id), value, None):
                value = cache.get(GENERATION_KEY.format(portal_id)) or value
        except Exception:
            return 0
    if memo is not None:
        memo[portal_id] = value
    return value


def _fresh_generation():
    return time.time_ns() // 1000  # microseconds: unique, increasing, far below Redis' 2**63


def seed_generation(portal_id, value):
    """Remember a generation already read this request (by the early middleware's MGET)."""
    memo = getattr(_memo, "generations", None)
    if memo is not None and value is not None:
        memo.setdefault(portal_id, value)


def _incr(key):
    try:
        try:
            cache.incr(key)
        except ValueError:  # no counter yet: start one no earlier counter can have reached
            cache.set(key, _fresh_generation(), None)
    except Exception:
        pass


def bump(portal_ids):
    """Drop every cached page and cached block of these portals."""
    if getattr(_memo, "generations", None) is not None:
        _memo.generations = {}
    for portal_id in set(portal_ids):
        _incr(GENERATION_KEY.format(portal_id))


def bump_routes(**kwargs):
    """A portal's domain, slug or status, or a redirect changed: every process forgets its route map."""
    _incr(ROUTES_KEY)


def portal_and_ancestor_ids(portal_id):
    from components.models import Portal

    portal = Portal.objects.filter(pk=portal_id).first()
    if portal is None:
        return [portal_id]
    return list(portal.get_ancestors(include_self=True).values_list("pk", flat=True))


def purge_for_portal(portal_id):
    bump(portal_and_ancestor_ids(portal_id))


def purge_tree(portal):
    from components.models import Portal

    bump(Portal.objects.filter(tree_id=portal.tree_id).values_list("pk", flat=True))


def cached_data(portal, name, builder, timeout=None):
    """A block of data (menu categories, portal list) cached under the portal's generation."""
    if portal is None:
        return builder()
    key = DATA_KEY.format(gen=generation(portal.pk), portal=portal.pk, name=name)
    try:
        value = cache.get(key)
    except Exception:
        return builder()
    if value is None:
        value = builder()
        with contextlib.suppress(Exception):
            cache.set(key, value, timeout or _timeout())
    return value


class _RouteMap:
    """{route: portal id} of this process, valid for one value of ROUTES_KEY.

    A route is ("web", slug) for /web/<slug>/ paths and ("host", raw Host header) otherwise: exactly what
    PortalMiddleware resolves the portal from. Entries are recorded by PageCacheMiddleware once
    PortalMiddleware has resolved (and validated) the request, so the early middleware never resolves
    anything itself and needs no SQL. Replaced, never mutated across generations, so threads need no lock.
    """

    MAX_ENTRIES = 10_000  # hosts vary in case/port; a visitor must not grow the map without bound

    def __init__(self, generation=None):
        self.generation = generation
        self.portals = {}


_routes = _RouteMap()


def forget_routes(generation=None):
    global _routes
    _routes = _RouteMap(generation)


def _route_and_path(request):
    """(route, path inside the portal), or (None, None) for a /web/<slug> path PortalMiddleware redirects."""
    path = request.path_info
    match = WEB_PREFIX.match(path)
    if match is None:
        return ("host", request._get_raw_host()), path
    if match["rest"] is None:
        return None, None
    return ("web", match["slug"]), match["rest"]


def _language(request, path):
    """The language LocaleMiddleware will activate for this request (same functions, same order)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used:
        language = translation.get_language_from_path(path)
        if language:
            return language
        if not prefixed_default_language:
            return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=False)


def _digest(host, full_path):
    """The early middleware passes the raw Host header, PageCacheMiddleware the validated one (the same string):
    only hosts PortalMiddleware accepted ever get a stored page, so an unknown host simply misses, and the
    early path needs no ALLOWED_HOSTS check (whose portal-domain part reads the domain map)."""
    return hashlib.sha256(f"{host}|{full_path}".encode("utf-8", "surrogateescape")).hexdigest()


_declared = {}  # urlconf -> every query parameter some page declares (components.params.reads_params)


def declared_params(urlconf=None):
    """The union of the parameters the pages of `urlconf` declare, collected once per process from the URLconf
    itself (so it is complete before the first request resolves anything)."""
    urlconf = urlconf or settings.ROOT_URLCONF
    names = _declared.get(urlconf)
    if names is None:
        names = set()
        stack = list(get_resolver(urlconf).url_patterns)
        while stack:
            pattern = stack.pop()
            if isinstance(pattern, URLResolver):
                stack.extend(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                names |= getattr(pattern.callback, "query_params", None) or set()
        names = _declared[urlconf] = frozenset(names)
    return names


def _cache_path(request):
    """Path plus the declared parameters present, in a fixed order: what a cached page is keyed on.

    Parameters no page declares (utm_*, fbclid, random ones) are left out, so they share the plain page's entry;
    a page that declares the parameters it reads sees only those (reads_params), so it cannot depend on others.
    A declared parameter the page at this path does not read keeps the request out of the cache instead
    (PageCacheMiddleware: `_storable`), and the key stays computable without resolving the view."""
    if not request.META.get("QUERY_STRING"):
        return request.path
    names = declared_params(getattr(request, "urlconf", None))
    query = request.GET
    present = sorted(key for key in query if key in names)
    if not present:
        return request.path
    return f"{request.path}?{urlencode([(key, value) for key in present for value in query.getlist(key)])}"


def _entry_serves(entry, generation_now, request):
    """A stored (generation, response, declared) entry answers this request."""
    if entry is None or generation_now is None or len(entry) != 3 or entry[0] != generation_now:
        return False
    return entry[2] or not request.META.get("QUERY_STRING") or not request.GET


def _page_key(portal_id, language, digest):
    return PAGE_KEY.format(portal=portal_id, lang=language, digest=digest)


class _Lookup:
    """What the early middleware looked up, and what PageCacheMiddleware asks it to store."""

    __slots__ = ("route", "routes_generation", "key", "store")

    def __init__(self, route, routes_generation, key):
        self.route = route
        self.routes_generation = routes_generation
        self.key = key  # the page key read (None when the route's portal was not known yet)
        self.store = None  # (key, generation, declared) once the response was found cacheable


def _early_candidate(request):
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    # A session cookie may mean a logged-in user; the messages cookie means pending flash messages.
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


class EarlyPageCacheMiddleware:
    """Answer anonymous hits before the rest of the stack. Placed right after SecurityMiddleware/WhiteNoise.

    A hit costs one MGET (route generation, portal generation, page) and no SQL. Everything else (misses,
    visitors with a session or messages cookie, unknown routes) goes down the stack unchanged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _early_candidate(request):
            return self.get_response(request)
        route, path = _route_and_path(request)
        if route is None or path.startswith(UNCACHED_PREFIXES) or request.path_info.startswith(UNCACHED_PREFIXES):
            return self.get_response(request)  # (a /web/<slug> path is checked inside the portal, like below)
        routes = _routes
        portal_id = routes.portals.get(route)
        keys = [ROUTES_KEY]
        key = None
        if portal_id is not None:
            digest = _digest(request._get_raw_host(), _cache_path(request))
            key = _page_key(portal_id, _language(request, path), digest)
            keys += [GENERATION_KEY.format(portal_id), key]
        try:
            values = cache.get_many(keys)
        except Exception:  # a cache outage must never take pages down
            return self.get_response(request)
        routes_generation = values.get(ROUTES_KEY)
        if routes_generation != routes.generation:
            forget_routes(routes_generation)
            key = None
        elif key is not None:
            generation_now = values.get(GENERATION_KEY.format(portal_id))
            entry = values.get(key)
            if _entry_serves(entry, generation_now, request):
                response = entry[1]
                response["X-Page-Cache"] = "hit"
                return response
            seed_generation(portal_id, generation_now)
        lookup = request._page_cache_lookup = _Lookup(route, routes_generation, key)
        response = self.get_response(request)
        if lookup.store is not None and _response_cacheable(request, response):
            key, generation_then, declared = lookup.store
            with contextlib.suppress(Exception):
                cache.set(key, (generation_then, response, declared), _timeout())
        return response


def _request_cacheable(request):
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "portal", None) is None:
        return False
    if request.path_info.startswith(UNCACHED_PREFIXES):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # Pending flash messages travel in the "messages" cookie: that page must be rendered for this visitor.
    return MESSAGES_COOKIE not in request.COOKIES


def _response_cacheable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


class PageCacheMiddleware:
    """Decide what is cached; serve hits the early middleware could not. After Authentication and Messages.

    Under EarlyPageCacheMiddleware it only records the route, and hands the key of a cacheable response to
    the early middleware, which stores it once every middleware has added its headers. Alone (the early one
    skipped the request, e.g. an anonymous visitor with a session cookie) it looks up and stores itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_cacheable(request):
            return self.get_response(request)
        portal_id = request.portal.pk
        lookup = getattr(request, "_page_cache_lookup", None)
        try:
            # request.get_host() validated the host (PortalMiddleware called it): equal to the raw header then.
            key = _page_key(
                portal_id, getattr(request, "LANGUAGE_CODE", ""), _digest(request.get_host(), _cache_path(request))
            )
            present = {name for name in request.GET if name in declared_params(getattr(request, "urlconf", None))}
            any_params = bool(request.GET)
            if lookup is not None:
                routes = _routes
                if routes.generation == lookup.routes_generation and len(routes.portals) < _RouteMap.MAX_ENTRIES:
                    routes.portals[lookup.route] = portal_id
            current = generation(portal_id)
            # The early middleware may just have read this key and missed: not again.
            entry = None if lookup is not None and lookup.key == key else cache.get(key)
        except Exception:
            return self.get_response(request)
        if _entry_serves(entry, current, request):
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        declared = _view_params(request)
        if current and _storable(declared, present, any_params) and _response_cacheable(request, response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            response["X-Page-Cache"] = "miss"
            patch_cache_control(response, public=True, max_age=60)
            if lookup is not None:
                lookup.store = (key, current, declared is not None)
            else:
                with contextlib.suppress(Exception):
                    cache.set(key, (current, response, declared is not None), _timeout())
        return response


def _view_params(request):
    """The parameters the view that answered declared (reads_params), or None when it declared none."""
    match = getattr(request, "resolver_match", None)
    return getattr(match.func, "query_params", None) if match is not None else None


def _storable(declared, present, any_params):
    """A view that declared its parameters: stored unless a declared parameter of another page is present (its
    value is in the key but this page ignores it: storing would let random values fill the cache). A view that
    declared nothing: stored only for a request without any parameter."""
    if declared is None:
        return not any_params
    return present <= declared
