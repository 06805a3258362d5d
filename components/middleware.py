"""Sets request.portal from the Host header or from a /web/<slug>/ path prefix.

Under /web/<slug>/ the prefix is moved into the script prefix, so the rest of the URLconf is the same
for every portal and reverse() keeps generating links inside that portal.

Merged portals (and old addresses kept in PortalRedirect) answer with a 301 to the same path under
their successor; retired portals answer with an archive notice page (410).
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.shortcuts import render
from django.urls import get_script_prefix, set_script_prefix

from .selectors import (
    portal_by_slug,
    portal_for_host,
    redirected_domain_target,
    redirected_slug_target,
    root_portal,
    successor_of,
)

WEB_PREFIX = re.compile(r"^/web/(?P<slug>[-a-zA-Z0-9_]+)(?P<rest>/.*)?$")
# Paths that belong to the installation, not to a portal: never redirected or archived.
SHARED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/i18n/", "/ckeditor5/")


def _successor_response(request, target, rest, *, from_domain=False):
    """301 to `rest` under the (last) successor. From an old domain the target is always absolute or under
    /web/<slug>/, because a bare path would land on the old domain again."""
    from .models import Portal

    target = successor_of(Portal.objects.get(pk=target) if isinstance(target, int) else target)
    if from_domain:
        base = f"{request.scheme}://{target.domain}" if target.domain else f"/web/{target.slug}"
    else:
        base = target.get_absolute_url().rstrip("/")
    location = base + (rest or "/")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


def _archive_response(request, portal):
    return render(request, "components/archived.html", {"archived_portal": portal}, status=410)


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = WEB_PREFIX.match(request.path_info)
        if not match:
            domain, _port = split_domain_port(request.get_host())  # refuses unknown hosts (400)
            portal = portal_for_host(domain)
            shared = request.path_info.startswith(SHARED_PREFIXES)
            if portal is None and not shared:
                old_target = redirected_domain_target(domain)
                if old_target is not None:
                    return _successor_response(request, old_target, request.path_info, from_domain=True)
            request.portal = portal or root_portal()
            request.portal_prefix = ""
            if portal is not None and not shared:
                response = self._closed_portal_response(request, portal, request.path_info, from_domain=True)
                if response is not None:
                    return response
            return self.get_response(request)

        portal = portal_by_slug(match["slug"])
        if portal is None:
            old_target = redirected_slug_target(match["slug"])
            if old_target is not None:
                return _successor_response(request, old_target, match["rest"])
            request.portal = root_portal()
            request.portal_prefix = ""
            raise Http404("No such portal")
        if match["rest"] is None:
            full_path = request.get_full_path()
            return HttpResponsePermanentRedirect(full_path.replace(match.group(0), match.group(0) + "/", 1))

        previous_prefix = get_script_prefix()
        request.portal = portal
        request.portal_prefix = f"/web/{portal.slug}"
        request.path_info = match["rest"]
        set_script_prefix(f"{previous_prefix.rstrip('/')}/web/{portal.slug}/")
        try:
            response = self._closed_portal_response(request, portal, match["rest"])
            if response is not None:
                return response
            return self.get_response(request)
        finally:
            set_script_prefix(previous_prefix)

    @staticmethod
    def _closed_portal_response(request, portal, rest, from_domain=False):
        from .models import Portal

        if portal.status == Portal.Status.MERGED and portal.merged_into_id:
            return _successor_response(request, portal, rest, from_domain=from_domain)
        if portal.status == Portal.Status.RETIRED:
            return _archive_response(request, portal)
        return None
