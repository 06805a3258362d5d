"""RSS 2.0 feeds (TT 39/2017): the latest published articles of the portal, and one feed per category."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from . import selectors

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    query_params = frozenset()  # reads no GET parameter (components.params.reads_params, for the page cache)

    def get_object(self, request, *args, **kwargs):
        portal = getattr(request, "portal", None)
        if portal is None:
            raise Http404("No portal")
        language = "en" if getattr(request, "LANGUAGE_CODE", "vi") == "en" else "vi"
        return {"portal": portal, "category": None, "language": language}

    def title(self, obj):
        return obj["portal"].name

    def link(self, obj):
        from django.urls import reverse

        return reverse("home")

    def description(self, obj):
        return obj["portal"].description or _("Tin mới nhất của %(name)s") % {"name": obj["portal"].name}

    def items(self, obj):
        articles = selectors.published_articles(obj["portal"], obj["language"])
        return selectors.with_portal(articles[:FEED_SIZE], obj["portal"])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.author_name

    def item_categories(self, item):
        return [item.category.name]

    def item_guid(self, item):
        return f"{item.portal.slug}-article-{item.pk}"

    item_guid_is_permalink = False


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, category=None, **kwargs):
        obj = super().get_object(request)
        cat = selectors.category_by_slug(obj["portal"], category)
        if cat is None:
            raise Http404("No such category")
        obj["category"] = cat
        return obj

    def title(self, obj):
        return f"{obj['category'].name} — {obj['portal'].name}"

    def link(self, obj):
        return obj["category"].get_absolute_url()

    def description(self, obj):
        return obj["category"].description or obj["category"].name

    def items(self, obj):
        ids = selectors.category_and_descendant_ids(obj["portal"], obj["category"])
        articles = selectors.published_articles(obj["portal"], obj["language"]).filter(category_id__in=ids)
        return selectors.with_portal(articles[:FEED_SIZE], obj["portal"])
