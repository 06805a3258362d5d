"""A merge moves rows with set-based statements: same behaviour, a query count that does not grow with content."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from components.models import Membership, Portal
from components.services import portal_merge
from editorial import policy
from editorial.models import Article, Category, State
from editorial.portal_hooks import default_categories
from portal import cache as page_cache
from tests.editorial.factories import ArticleFactory, CategoryFactory, LegalDocumentFactory
from tests.factories import PortalFactory
from tests.feedback.factories import QuestionFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


def _source(commune, slug="khanhbinhtay"):
    return PortalFactory(parent=commune.parent, slug=slug, short_name=slug, name=f"Xã {slug}", kind="commune")


def _fill(source, target, n):
    """Both portals start with the default tree (so every default category is folded); A has one of its own."""
    tree = default_categories(source)
    default_categories(target)
    own = CategoryFactory(portal=source, slug="nong-thon-moi", name="Nông thôn mới", parent=tree["tin-tuc"])
    categories = [tree["tin-tuc"], tree["tin-trong-tinh"], own, tree["du-lich"]]
    articles = [
        ArticleFactory(
            portal=source,
            category=categories[i % len(categories)],
            state=State.PUBLISHED,
            published_at="2026-03-01T08:00:00+07:00",
        )
        for i in range(n)
    ]
    LegalDocumentFactory(portal=source, state=State.PUBLISHED, published_at="2026-03-01T08:00:00+07:00")
    QuestionFactory(portal=source)
    return articles


def _merge_queries(commune, province_admin, slug, n):
    source, target = _source(commune, slug), _source(commune, f"{slug}-moi")
    _fill(source, target, n)
    by = type(province_admin).objects.get(pk=province_admin.pk)  # its roles are memoised on the instance
    with CaptureQueriesContext(connection) as ctx:
        counts = portal_merge(source=source, target=target, by=by)
    assert counts["Tin, bài, văn bản và nội dung khác"] == n + 1  # and one legal document
    assert Article.objects.filter(portal=target).count() == n
    return len(ctx.captured_queries)


def test_query_count_of_a_merge_does_not_grow_with_the_number_of_articles(commune, province_admin):
    few = _merge_queries(commune, province_admin, "xaa", 5)
    many = _merge_queries(commune, province_admin, "xab", 50)
    assert few == many


def test_merge_loads_no_article(commune, province_admin, monkeypatch):
    """Articles carry their bodies: 10,000 of them in memory is what a set-based merge avoids."""
    source = _source(commune)
    _fill(source, commune, 12)
    loaded = []
    original = Article.from_db.__func__
    monkeypatch.setattr(Article, "from_db", classmethod(lambda cls, *a: loaded.append(1) or original(cls, *a)))
    portal_merge(source=source, target=commune, by=province_admin)
    assert loaded == []
    assert Article.objects.filter(portal=commune).count() == 12


def test_every_old_article_url_answers_301_and_ends_on_the_article(client, commune, province_admin):
    source = _source(commune)
    articles = _fill(source, commune, 12)
    old_urls = {a.pk: f"/web/{source.slug}/tin-tuc/{a.category.slug}/{a.slug}-{a.pk}.html" for a in articles}
    for article in articles:
        assert client.get(old_urls[article.pk]).status_code == 200

    portal_merge(source=source, target=commune, by=province_admin)

    for article in articles:
        first = client.get(old_urls[article.pk])
        assert first.status_code == 301 and first["Location"].startswith(f"/web/{commune.slug}/")
        final = client.get(old_urls[article.pk], follow=True)
        assert final.status_code == 200 and article.title in final.content.decode()
        assert final.redirect_chain and all(code == 301 for _url, code in final.redirect_chain)
        article.refresh_from_db()
        assert article.portal == commune and article.category.portal == commune
    assert not Category.objects.filter(portal=source).exists()


def test_board_roles_and_review_assignments_follow_the_content(commune, province_admin):
    source = _source(commune)
    articles = _fill(source, commune, 8)
    reviewer = member_of(source, Membership.Role.MEMBER, username="member.kbt")
    assign_perm("editorial.review_category", reviewer, Category.objects.get(portal=source, slug="tin-tuc"))
    chief_b = member_of(commune, Membership.Role.CHIEF, username="chief.kb")
    in_news = [a for a in articles if a.category.slug in ("tin-tuc", "tin-trong-tinh", "nong-thon-moi")]

    portal_merge(source=source, target=commune, by=province_admin)

    for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
        assert policy.allowed(policy.check_view, chief_b, article)
    for article in Article.objects.filter(pk__in=[a.pk for a in in_news]):
        assert policy.is_assigned(reviewer, article)  # B's "tin-tuc" and its sub-tree, where A's news now is
    assert Membership.objects.get(user=reviewer).portal == commune


def test_cached_pages_of_both_portals_are_dropped_once(
    commune, province_admin, monkeypatch, django_capture_on_commit_callbacks
):
    source = _source(commune)
    _fill(source, commune, 6)
    before = {p: page_cache.generation(p) for p in (source.pk, commune.pk)}
    bumps = []
    real_bump = page_cache.bump
    monkeypatch.setattr(page_cache, "bump", lambda ids: bumps.append(set(ids)) or real_bump(ids))

    with django_capture_on_commit_callbacks(execute=True):
        portal_merge(source=source, target=commune, by=province_admin)

    assert len(bumps) == 1
    assert {source.pk, commune.pk, commune.parent_id} <= bumps[0]
    assert all(page_cache.generation(p) > before[p] for p in before)
    with django_capture_on_commit_callbacks(execute=True):  # a re-run changes nothing: nothing to drop
        portal_merge(source=source, target=commune, by=province_admin)
    assert len(bumps) == 1


def test_merge_portal_command_previews_merges_and_is_safe_to_rerun(commune, province_admin):
    source = _source(commune)
    _fill(source, commune, 4)
    out = io.StringIO()
    call_command("merge_portal", source.slug, commune.slug, "--by", province_admin.username, "--dry-run", stdout=out)
    assert "Tin, bài, văn bản và nội dung khác: 5" in out.getvalue()
    assert Article.objects.filter(portal=source).count() == 4
    out = io.StringIO()
    call_command("merge_portal", source.slug, commune.slug, "--by", province_admin.username, stdout=out)
    assert Portal.objects.get(pk=source.pk).status == "merged"
    assert Article.objects.filter(portal=commune).count() == 4
    out = io.StringIO()
    call_command("merge_portal", source.slug, commune.slug, "--by", province_admin.username, stdout=out)
    assert "moved 0 objects" in out.getvalue()


def test_merge_portal_command_refuses_who_is_not_the_provincial_office(commune):
    source = _source(commune)
    chief = member_of(commune, Membership.Role.CHIEF, username="chief.kb")
    with pytest.raises(CommandError):
        call_command("merge_portal", source.slug, commune.slug, "--by", chief.username, stdout=io.StringIO())
    assert Portal.objects.get(pk=source.pk).status == "active"
