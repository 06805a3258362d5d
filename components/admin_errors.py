"""The back office's own error pages: a refusal, a missing page or a server error under /admin/ is shown in the
admin's layout, in the user's language, with the reason and a way back (issue #15, docs/decisions/0121).

The public site keeps its own 403/404/500 (portal.views). A policy error's message (editorial's named
`EditorialPermissionDenied` errors carry a Vietnamese sentence) is what the page says.
"""

import logging

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger("django.request")

TEMPLATE = "admin/error_page.html"


def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "/admin/"


def _back_url(request) -> str:
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return _admin_prefix()


def render_admin_error(request, status: int, reason: str = "") -> TemplateResponse:
    titles = {
        403: _("Bạn không có quyền truy cập trang này"),
        404: _("Không tìm thấy trang"),
        500: _("Đã có lỗi xảy ra"),
    }
    context = {
        **(admin.site.each_context(request) if getattr(request, "user", None) is not None else {}),
        "title": titles[status],
        "status": status,
        "reason": reason,
        "back_url": _back_url(request),
        "admin_home": _admin_prefix(),
    }
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    response.render()
    return response


class AdminErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if not request.path_info.startswith(_admin_prefix()):
            return None
        if isinstance(exc, PermissionDenied):
            reason = str(exc) if exc.args and exc.args[0] else ""
            return render_admin_error(request, 403, reason)
        if isinstance(exc, Http404):
            reason = str(exc) if exc.args and isinstance(exc.args[0], str) else ""
            return render_admin_error(request, 404, reason)
        if settings.DEBUG:
            return None  # the debug page
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        try:
            return render_admin_error(request, 500)
        except Exception:  # the admin's layout itself failed: let Django's handler500 answer
            return None
