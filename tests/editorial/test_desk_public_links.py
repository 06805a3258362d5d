"""Correct public links (issue #15): "Xem trên trang web" opens the item on its own portal (domain or /web/<slug>/),
and links in notification emails are absolute, from a setting checked at start-up."""

import re

import pytest
from django.core.checks import run_checks
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.models import Article, State
from tests.editorial.factories import ArticleFactory
from tests.editorial.test_admin import change_url
from tests.editorial.test_notifications import run_after_commit


def put(article, state):
    Article.objects.filter(pk=article.pk).update(state=state, published_at=timezone.now())


pytestmark = pytest.mark.django_db
run_after_commit = run_after_commit  # the fixture of test_notifications, used here too


def view_on_site(html):
    found = re.search(r'<a href="([^"]+)" class="viewsitelink">', html)
    return found and found.group(1)


def test_view_on_site_of_a_component_portals_article_answers_200(client, other_board, department, settings):
    settings.PORTAL_LINK_DOMAINS = False
    article = ArticleFactory(category=other_board.local, created_by=other_board.contributor)
    put(article, State.PUBLISHED)
    client.force_login(other_board.chief)
    link = view_on_site(client.get(change_url(article)).content.decode())
    assert link and link.startswith(f"/web/{department.slug}/")
    client.logout()
    assert client.get(link).status_code == 200


def test_view_on_site_uses_the_portals_domain_when_links_use_domains(client, other_board, department, settings):
    settings.PORTAL_LINK_DOMAINS = True
    article = ArticleFactory(category=other_board.local, created_by=other_board.contributor)
    put(article, State.PUBLISHED)
    client.force_login(other_board.chief)
    link = view_on_site(client.get(change_url(article)).content.decode())
    assert link.startswith(f"https://{department.domain}/") and link.endswith(f"-{article.pk}.html")


def test_no_view_on_site_link_before_publication(client, board, article):
    client.force_login(board.contributor)
    assert view_on_site(client.get(change_url(article)).content.decode()) is None


def test_notification_emails_link_absolutely_to_the_back_office(board, article, mailoutbox, run_after_commit, settings):
    settings.EDITORIAL_SITE_URL = "https://quantri.camau.gov.vn"
    run_after_commit(services.submit, obj=article, user=board.contributor)
    body = "\n".join(m.body for m in mailoutbox)
    assert f"https://quantri.camau.gov.vn{reverse('admin:editorial_article_change', args=[article.pk])}" in body


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://camau.gov.vn", True),
        ("http://10.0.0.5:8000", True),
        ("", False),
        ("/admin", False),
        ("camau.gov.vn", False),
    ],
)
def test_the_back_office_address_is_checked_at_start_up_when_debug_is_off(settings, value, ok):
    settings.DEBUG = False
    settings.EDITORIAL_SITE_URL = value
    errors = [e for e in run_checks() if e.id == "editorial.E001"]
    assert (not errors) == ok
    settings.DEBUG = True
    assert not [e for e in run_checks() if e.id == "editorial.E001"]
