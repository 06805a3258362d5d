"""URLconf for the 500-page test: the real one plus a view that fails."""

from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as real_urlpatterns


def boom(request):
    raise RuntimeError("secret detail")


urlpatterns = [path("boom/", boom), *real_urlpatterns]
