"""/sitemap.xml of the portal the request resolved to: its published pages, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import index, sitemap
from django.urls import reverse
from django.utils import translation

from components.params import reads_params
from editorial.models import Article, ConsultationDraft, LegalDocument
from feedback.sitemaps import QuestionSitemap

from . import selectors


class _PortalSitemap(Sitemap):
    limit = 5000

    def __init__(self, portal):
        self.portal = portal

    def get_protocol(self, protocol=None):
        return protocol or "https"


class StaticPagesSitemap(_PortalSitemap):
    changefreq = "daily"

    def items(self):
        names = [
            "home",
            "portal:introduction",
            "portal:leaders",
            "portal:schedule",
            "portal:news",
            "portal:documents",
            "portal:consultations",
            "portal:site-map",
            "feedback:list",
        ]
        return [(lang, name) for lang in ("vi", "en") for name in names]

    def location(self, item):
        lang, name = item
        with translation.override(lang):
            return reverse(name)


class CategorySitemap(_PortalSitemap):
    changefreq = "hourly"

    def items(self):
        return selectors.site_categories(self.portal)

    def location(self, item):
        with translation.override("vi"):
            return item.get_absolute_url()


class _PublishedSitemap(_PortalSitemap):
    model = None

    def items(self):
        qs = (
            self.model.objects.published()
            .for_portal(self.portal)
            .only("id", "slug", "language", "updated_at", "portal_id", "published_at")
            .order_by("-published_at", "-id")
        )
        if self.model is Article:
            qs = qs.select_related("category").only(
                "id", "slug", "language", "updated_at", "portal_id", "published_at", "category__slug"
            )
        return qs

    def location(self, item):
        with translation.override(item.language):
            return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(_PublishedSitemap):
    model = Article


class DocumentSitemap(_PublishedSitemap):
    model = LegalDocument


class ConsultationSitemap(_PublishedSitemap):
    model = ConsultationDraft


def _sections(request):
    portal = getattr(request, "portal", None)
    if portal is None:
        return {}
    return {
        "pages": StaticPagesSitemap(portal),
        "categories": CategorySitemap(portal),
        "articles": ArticleSitemap(portal),
        "documents": DocumentSitemap(portal),
        "consultations": ConsultationSitemap(portal),
        "questions": QuestionSitemap(portal),  # published Q&A (feedback:detail)
    }


@reads_params()
def sitemap_index_view(request):
    """/sitemap.xml: an index of the portal's section sitemaps (each paginated by `limit`)."""
    return index(request, sitemaps=_sections(request), sitemap_url_name="sitemap-section")


@reads_params("p")  # the page of a section (Django's sitemap view)
def sitemap_section_view(request, section):
    return sitemap(request, sitemaps=_sections(request), section=section)
