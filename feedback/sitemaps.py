"""Sitemap of a portal's published questions, for the public site's /sitemap.xml (constructed with the portal)."""

from django.contrib.sitemaps import Sitemap

from .models import Question


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def __init__(self, portal):
        self.portal = portal

    def get_protocol(self, protocol=None):
        return protocol or "https"

    def items(self):
        return Question.objects.published().for_portal(self.portal).only("pk", "published_at").order_by("-pk")

    def lastmod(self, question):
        return question.published_at
