"""Page cache for anonymous visitors, per portal, language, host and path, with precise invalidation.

Every portal has a *generation* number in the cache. A cached page's key contains the generation of the
portal that rendered it, so bumping a generation drops every page of that portal at once (the old keys
simply expire). When content of portal P changes, P's generation and those of all its ancestors are
bumped: the province's home, search and feeds show content of its component portals. When a Portal row
itself changes (name, contacts shown in every header and footer), the whole tree is bumped.

What is never cached (docs/decisions/0501-page-cache.md):
- anything but GET/HEAD, and any request of a logged-in user (staff previewing or editing);
- responses that are not 200, that set a cookie, that are marked private/no-cache, or that used the CSRF
  token (pages with a POST form: consultation comments, questions) — such pages are rendered fresh, so the
  form's token always matches the visitor's cookie;
- requests carrying pending flash messages.
"""

import contextlib
import hashlib

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control

GENERATION_KEY = "portal:gen:{}"
PAGE_KEY = "portal:page:{gen}:{portal}:{lang}:{digest}"
DATA_KEY = "portal:data:{gen}:{portal}:{name}"


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
        value = 1
        try:
            cache.add(GENERATION_KEY.format(portal_id), value, None)
        except Exception:
            return 0
    if memo is not None:
        memo[portal_id] = value
    return value


def bump(portal_ids):
    """Drop every cached page and cached block of these portals."""
    if getattr(_memo, "generations", None) is not None:
        _memo.generations = {}
    for portal_id in set(portal_ids):
        key = GENERATION_KEY.format(portal_id)
        try:
            try:
                cache.incr(key)
            except ValueError:  # no generation yet: start one above any value that may be racing
                cache.set(key, 2, None)
        except Exception:
            continue


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


def _page_key(request):
    portal = request.portal
    raw = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()
    return PAGE_KEY.format(
        gen=generation(portal.pk), portal=portal.pk, lang=getattr(request, "LANGUAGE_CODE", ""), digest=digest
    )


def _request_cacheable(request):
    if not _enabled() or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "portal", None) is None:
        return False
    path = request.path_info
    if path.startswith(("/admin/", "/static/", "/media/", "/healthz", "/ckeditor5/", "/i18n/")):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # Pending flash messages travel in the "messages" cookie: that page must be rendered for this visitor.
    return "messages" not in request.COOKIES


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
    """Serve and store anonymous pages. Placed after Authentication and Message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_cacheable(request):
            return self.get_response(request)
        try:
            key = _page_key(request)
            cached = cache.get(key)
        except Exception:
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if _response_cacheable(request, response):
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            response["X-Page-Cache"] = "miss"
            patch_cache_control(response, public=True, max_age=60)
            with contextlib.suppress(Exception):
                cache.set(key, response, _timeout())
        return response
