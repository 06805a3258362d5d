"""URLconf for the 500-page test: the real one plus a view that fails."""

from django.urls import path

from portal.urls import handler404, handler500, urlpatterns as real_urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("secret detail")


urlpatterns = [path("boom/", boom), *real_urlpatterns]
