from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from editorial import views as editorial_views

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Editorial: "My work" page inside the admin, and shareable draft previews for people without an account.
    path("admin/editorial/my-work/", admin.site.admin_view(editorial_views.my_work), name="editorial_my_work"),
    path("xem-truoc/<str:token>/", editorial_views.shared_preview, name="editorial_shared_preview"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
