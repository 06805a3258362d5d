"""Sets request.portal from the Host header or from a /web/<slug>/ path prefix.

Under /web/<slug>/ the prefix is moved into the script prefix, so the rest of the URLconf is the same
for every portal and reverse() keeps generating links inside that portal.
"""

import re

from django.http import Http404, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.urls import get_script_prefix, set_script_prefix

from .selectors import portal_by_slug, portal_for_host, root_portal

WEB_PREFIX = re.compile(r"^/web/(?P<slug>[-a-zA-Z0-9_]+)(?P<rest>/.*)?$")


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = WEB_PREFIX.match(request.path_info)
        if not match:
            domain, _port = split_domain_port(request.get_host())  # refuses unknown hosts (400)
            request.portal = portal_for_host(domain) or root_portal()
            request.portal_prefix = ""
            return self.get_response(request)

        portal = portal_by_slug(match["slug"])
        if portal is None:
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
            return self.get_response(request)
        finally:
            set_script_prefix(previous_prefix)
