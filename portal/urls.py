from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from components import views as components_views
from editorial import views as editorial_views
from editorial.images import ckeditor_image_upload

from . import sitemaps, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # components: sign-in with a second factor and the account pages, ahead of the admin's own URLs.
    path("admin/login/", components_views.login_view),
    path("admin/tai-khoan/", include("components.urls")),
    # Editorial: "My work" page inside the admin, and shareable draft previews for people without an account.
    path("admin/editorial/my-work/", admin.site.admin_view(editorial_views.my_work), name="editorial_my_work"),
    path(
        "admin/editorial/start/",
        admin.site.admin_view(editorial_views.admin_landing),
        name="editorial_admin_landing",
    ),
    path("xem-truoc/<str:token>/", editorial_views.shared_preview, name="editorial_shared_preview"),
    # Legal-document files and consultation drafts: public once published, staff only before (decision 0720).
    path("tep/<path:name>", editorial_views.protected_file, name="protected_file"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Editor image uploads: staff only, verified and EXIF-stripped (editorial.images); must precede the package.
    path("ckeditor5/image_upload/", ckeditor_image_upload, name="editorial_image_upload"),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    # Public site: machine-readable files at the root of every portal (docs/decisions/0500).
    path("sitemap.xml", sitemaps.sitemap_index_view, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section_view, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers and crawlers that ignore <link rel="icon"> still ask for /favicon.ico: no 404 on every visit.
    path("favicon.ico", views.favicon, name="favicon"),
    # Open API, read-only public data (docs/decisions/1700): one prefix for every portal, the portal in the path.
    path("api/v1/", include("api.urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("portal.public_urls")),
    path("hoi-dap/", include("feedback.urls")),
    prefix_default_language=False,
)

# Public site: error pages in the portal's layout.
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
