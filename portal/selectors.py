"""Reads for the public pages: published content only, one query per list, related rows joined.

Every function takes the portal the request resolved to and the active language; nothing here ever
returns a draft, a scheduled or expired item, or another portal's content unless it says so
(`*_tree` functions read the portal and its component portals).
"""

import datetime
from collections import OrderedDict

from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone

from components.models import Organization, Portal
from components.selectors import url_in_portal
from editorial.models import (
    Article,
    Category,
    ConsultationComment,
    ConsultationDraft,
    Leader,
    LegalDocument,
    WorkScheduleEntry,
)

from .fragments import local_data

HOME_CATEGORY_BLOCKS = 6
HOME_ARTICLES_PER_CATEGORY = 4
HOME_POOL = 80


# --- URLs across portals ----------------------------------------------------------------------------


def url_for(obj, current_portal=None):
    """URL of `obj` inside its own portal (the current one, or another portal of the tree)."""
    if current_portal is None or getattr(obj, "portal_id", None) in (None, current_portal.pk):
        return obj.get_absolute_url()  # the object's portal row is not needed (nor loaded) for its own pages
    return url_in_portal(obj.portal, obj.get_absolute_url)


def reverse_in(portal, current_portal, name, **kwargs):
    if current_portal is not None and portal.pk == current_portal.pk:
        return reverse(name, kwargs=kwargs)
    return url_in_portal(portal, lambda: reverse(name, kwargs=kwargs))


# --- Structure (cached per portal generation) ------------------------------------------------------


def site_categories(portal) -> list[Category]:
    """Active categories of the portal in tree order (menu, breadcrumbs, category lookup)."""

    def build():
        return list(Category.objects.for_portal(portal).visible().order_by("tree_id", "lft"))

    return local_data(portal, "categories", build)


def menu_categories(portal):
    return [c for c in site_categories(portal) if c.parent_id is None and c.show_in_menu]


def category_by_slug(portal, slug):
    return next((c for c in site_categories(portal) if c.slug == slug), None)


def category_ancestors(portal, category):
    by_id = {c.pk: c for c in site_categories(portal)}
    chain = []
    current = by_id.get(category.parent_id)
    while current is not None:
        chain.insert(0, current)
        current = by_id.get(current.parent_id)
    return chain


def category_and_descendant_ids(portal, category):
    return [
        c.pk
        for c in site_categories(portal)
        if c.tree_id == category.tree_id and category.lft <= c.lft and c.rght <= category.rght
    ]


def portal_tree(portal) -> list[Portal]:
    """The portal and its active component portals, in tree order (search filter, site map)."""

    def build():
        return list(portal.get_descendants(include_self=True).filter(status=Portal.Status.ACTIVE))

    return local_data(portal, "portal-tree", build)


# --- Articles -----------------------------------------------------------------------------------------


# Lists select only what list templates and feeds print (news items, related links, RSS): compiling and
# reading the ~60 columns of Article + Category + Portal was a fifth of a category page's time (analysis §2).
LIST_FIELDS = (
    "id",
    "portal_id",
    "category_id",
    "language",
    "title",
    "slug",
    "summary",
    "published_at",
    "author_name",
    "is_reference",
    "is_featured",
    "featured_image",
    "category__id",
    "category__slug",
    "category__name",
    "category__name_en",
    "category__parent_id",
)
PORTAL_FIELDS = ("portal__id", "portal__slug", "portal__name", "portal__domain", "portal__parent_id")


def published_articles(portal, language):
    """Published articles of one portal, newest first, with the list columns; `.portal` is `portal` itself."""
    return (
        Article.objects.published()
        .for_portal(portal)
        .filter(language=language)
        .select_related("category")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-id")
    )


# Each category's `limit` newest published articles, walked newest first over `article_category_live` (one
# LATERAL index scan per category). Without it PostgreSQL reads every published row of a category subtree and
# sorts them to show 20: thousands of scattered heap pages at 1M articles (bench/analysis.md §2). The portal is
# left to the outer query on purpose: a category's rows all share its portal, and the planner, taking the two
# conditions as independent, would expect a handful of rows and AND two whole bitmaps instead of walking the index.
_NEWEST_PER_CATEGORY = """SELECT newest.id FROM unnest(%s::bigint[]) AS c(id) CROSS JOIN LATERAL (
    SELECT a.id FROM editorial_article a
    WHERE a.category_id = c.id AND a.state = 'published' AND a.language = %s
      AND a.published_at <= %s AND (a.expire_at IS NULL OR a.expire_at > %s)
    ORDER BY a.published_at DESC, a.id DESC LIMIT %s
) AS newest"""


def newest_in_categories(articles, language, category_ids, limit):
    """`articles` (published articles) cut to the `limit` newest of each of these categories: the first `limit`
    rows of the list are among them, so a page ending at row `limit` reads only those. Pass `articles` without a
    category filter: with one, the planner reads every row of the categories through a bitmap and matches each
    against the walk (16 ms instead of 2 ms for a busy category at 1M)."""
    if connection.vendor != "postgresql":
        return articles.filter(category_id__in=category_ids)
    now = timezone.now()
    params = [list(category_ids), language, now, now, limit]
    return articles.filter(pk__in=RawSQL(_NEWEST_PER_CATEGORY, params))


def with_portal(articles, portal):
    """Give each article of `portal` the portal already in hand instead of joining its row again."""
    articles = list(articles)
    for article in articles:
        article.portal = portal
    return articles


def home_blocks(portal, language):
    """Featured news, latest news grouped by top-level category, and news from component portals.

    Cached per portal generation (the portal's and its component portals' publications bump it), so the three
    queries run once per change, not once per visit.
    """
    return local_data(portal, f"home-blocks-{language}", lambda: _home_blocks(portal, language))


def _home_blocks(portal, language):
    pool = with_portal(published_articles(portal, language)[:HOME_POOL], portal)  # query: latest of the portal
    featured = [a for a in pool if a.is_featured][:5] or pool[:3]
    featured_ids = {a.pk for a in featured}
    by_id = {c.pk: c for c in site_categories(portal)}

    def top_of(category):
        current = by_id.get(category.pk, category)
        while current.parent_id and current.parent_id in by_id:
            current = by_id[current.parent_id]
        return current

    blocks = OrderedDict()
    for article in pool:
        if article.pk in featured_ids:
            continue
        top = top_of(article.category)
        items = blocks.setdefault(top, [])
        if len(items) < HOME_ARTICLES_PER_CATEGORY:
            items.append(article)
    # Component portal ids come from the cache (dropped when the tree changes), so the query below walks the
    # (state, language, published_at) index newest-first and stops at 8 rows instead of joining the tree and
    # sorting every published article of the province (bench/RESULTS.md, analysis §1).
    component_ids = local_data(
        portal, "component-ids", lambda: list(portal.get_descendants().values_list("id", flat=True))
    )
    component_news = (
        list(  # query: latest articles of the component portals
            Article.objects.published()
            .filter(portal_id__in=component_ids, language=language)
            .select_related("category", "portal")
            .only(*LIST_FIELDS, *PORTAL_FIELDS)
            .order_by("-published_at", "-id")[:8]
        )
        if component_ids
        else []
    )
    return {
        "featured": featured,
        "category_blocks": list(blocks.items())[:HOME_CATEGORY_BLOCKS],
        "component_news": component_news,
    }


def article_for_page(portal, pk, language=None):
    """The published article with its category; `.portal` is `portal`, tags come with `article_extras`.

    Kept per portal generation: publishing, updating, unpublishing or expiring it bumps the generation, so a page
    never shows an old version after the change. A missing article is not kept (random ids fill no cache).
    """
    return local_data(portal, f"article-{int(pk)}", lambda: _article_row(portal, pk))


def _article_row(portal, pk):
    rows = (
        Article.objects.published()
        .for_portal(portal)
        .select_related("category")
        .defer("search_text", "category__description")
        .filter(pk=pk)
    )
    article = next(iter(rows), None)  # not .first(): ordering a primary-key lookup only costs compile time
    if article is not None:
        article.portal = portal
    return article


def article_extras(article):
    """Tags, the published translation and related articles of an article page, cached per portal generation.

    Any publication in the portal bumps the generation, so a new related article or translation shows at once.
    """

    def build():
        return {
            "tags": [tag.name for tag in article.tags.all()],  # query: the article's tags
            "translation": article_translation(article),  # query (only for an original): its translation
            "related": related_articles(article),  # query: newest articles of the same category
        }

    return local_data(article.portal, f"article-extras-{article.pk}", build)


def article_translation(article):
    """The published counterpart of the article in the other language, if any."""
    if article.translation_of_id:
        original = (
            Article.objects.published()
            .select_related("category")
            .only(*LIST_FIELDS)
            .filter(pk=article.translation_of_id)
            .first()
        )
        return original
    return (
        Article.objects.published()
        .filter(translation_of=article)
        .select_related("category")
        .only(*LIST_FIELDS)
        .order_by("-published_at")
        .first()
    )


def related_articles(article, limit=5):
    """The category's newest articles but this one: walked newest first like a category page (one more than
    `limit`, in case this article is among them), not read and sorted whole — 600 rows for a busy category at 1M."""
    # No category filter outside the walk (which keeps to the category): with one, the planner reads the whole
    # category again through a bitmap and runs the walk once per row.
    articles = newest_in_categories(
        published_articles(article.portal, article.language), article.language, [article.category_id], limit + 1
    )
    return with_portal(articles.exclude(pk=article.pk)[:limit], article.portal)


# --- Legal documents ------------------------------------------------------------------------------------


def published_documents(portal, language):
    return LegalDocument.objects.published().for_portal(portal).filter(language=language)


def document_filter_options(portal, language):
    def build():
        qs = published_documents(portal, language)
        return {
            "issuing_bodies": sorted(set(qs.values_list("issuing_body", flat=True))),
            "fields": sorted(f for f in set(qs.values_list("field", flat=True)) if f),
            "years": sorted({d.year for d in qs.dates("issued_on", "year")}, reverse=True),
        }

    return local_data(portal, f"document-filters-{language}", build)


def filter_documents(portal, language, *, doc_type="", issuing_body="", year=None, field="", validity="", q=""):
    from components.text import search_key

    qs = published_documents(portal, language)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    if issuing_body:
        qs = qs.filter(issuing_body=issuing_body)
    if year:
        qs = qs.filter(issued_on__year=year)
    if field:
        qs = qs.filter(field=field)
    if validity:
        qs = qs.filter(validity=validity)
    if q:
        key = search_key(q)
        condition = Q(number__iexact=q.strip())
        words = Q()
        for word in key.split()[:12]:
            words &= Q(search_text__contains=word)
        qs = qs.filter(condition | words)
    return qs.order_by("-issued_on", "-id")


def document_for_page(portal, pk):
    return LegalDocument.objects.published().for_portal(portal).prefetch_related("files").filter(pk=pk).first()


def document_relations(document):
    """Validity links, only to documents citizens can open."""
    live = LegalDocument.objects.published()
    return {
        "amends": list(live.filter(amended_by=document)),
        "amended_by": list(live.filter(amends=document)),
        "replaces": list(live.filter(replaced_by=document)),
        "replaced_by": list(live.filter(replaces=document)),
    }


# --- Leaders, schedule, organisation --------------------------------------------------------------------


def leaders(portal, language):
    return list(Leader.objects.published().for_portal(portal).filter(language=language).select_related("organization"))


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_schedule(portal, monday, language):
    """{day: [entries]} for the seven days from `monday` (every day listed, even empty ones)."""
    sunday = monday + datetime.timedelta(days=6)
    entries = (
        WorkScheduleEntry.objects.published()
        .for_portal(portal)
        .filter(language=language, date__range=(monday, sunday))
        .prefetch_related("leaders")
        .order_by("date", "start_time", "id")
    )
    days = OrderedDict((monday + datetime.timedelta(days=n), []) for n in range(7))
    for entry in entries:
        days[entry.date].append(entry)
    return days


def organisation_tree(portal):
    """The agency's units as nested [(unit, [(child, [...]), ...]), ...] (one query)."""
    units = list(Organization.objects.filter(portal=portal).order_by("tree_id", "lft"))
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    known = {unit.pk for unit in units}

    def build(parent_id):
        return [(unit, build(unit.pk)) for unit in children.get(parent_id, [])]

    roots = [unit for unit in units if unit.parent_id is None or unit.parent_id not in known]
    return [(unit, build(unit.pk)) for unit in roots]


# --- Consultations ------------------------------------------------------------------------------------------


def consultations(portal, language):
    return ConsultationDraft.objects.published().for_portal(portal).filter(language=language)


def open_consultations(portal, language, today=None):
    today = today or timezone.localdate()
    return consultations(portal, language).filter(starts_on__lte=today, ends_on__gte=today).order_by("ends_on")


def consultation_list(portal, language):
    return consultations(portal, language).annotate(
        approved_comments=Count("comments", filter=Q(comments__status=ConsultationComment.Status.APPROVED))
    )


def consultation_for_page(portal, pk):
    return ConsultationDraft.objects.published().for_portal(portal).filter(pk=pk).first()


def approved_comments(draft):
    return list(draft.comments.filter(status=ConsultationComment.Status.APPROVED).order_by("created_at", "id"))
