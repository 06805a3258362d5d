"""What citizens get at the URL of content the chief unpublished, per reason, and that it leaves every list."""

import pytest
from django.test import Client
from django.utils import timezone

from editorial import services
from editorial.models import State, UnpublishReason
from tests.editorial.factories import ArticleFactory, LegalDocumentFactory
from tests.portal.factories import ConsultationDraftFactory

pytestmark = pytest.mark.django_db


def live(**kwargs):
    return {"state": State.PUBLISHED, "published_at": timezone.now() - timezone.timedelta(hours=1), **kwargs}


def make(kind, board, title):
    if kind == "article":
        return ArticleFactory(category=board.local, created_by=board.contributor, title=title, **live())
    if kind == "document":
        return LegalDocumentFactory(portal=board.portal, created_by=board.contributor, title=title, **live())
    return ConsultationDraftFactory(portal=board.portal, created_by=board.contributor, title=title, **live())


KINDS = ["article", "document", "consultation"]


def unpublish(obj, board, reason, replacement=None, notice="", capture=None):
    def run():
        services.unpublish(
            obj=obj,
            user=board.chief,
            reason=reason,
            comment="Quyết định của Trưởng ban",
            replacement=replacement,
            notice=notice,
        )

    if capture is None:
        run()
    else:
        with capture(execute=True):
            run()
    obj.refresh_from_db()


@pytest.mark.parametrize("kind", KINDS)
def test_replaced_content_redirects_permanently_to_its_replacement(board, kind):
    old = make(kind, board, "Bản cũ Xqzvuong")
    new = make(kind, board, "Bản mới Xqzvuong thay thế")
    old_url = old.get_absolute_url()
    unpublish(old, board, UnpublishReason.REPLACED, replacement=new)
    response = Client().get(old_url)
    assert response.status_code == 301 and response["Location"] == new.get_absolute_url()
    assert "Bản mới Xqzvuong thay thế" in Client().get(old_url, follow=True).content.decode()


def test_replacement_in_a_component_portal_is_reached_in_its_own_portal(board, other_board):
    old = make("article", board, "Tin cũ của tỉnh")
    new = make("article", other_board, "Tin thay thế của sở")
    unpublish(old, board, UnpublishReason.REPLACED, replacement=new)
    response = Client().get(old.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == f"/web/{other_board.portal.slug}" + new.get_absolute_url()
    assert "Tin thay thế của sở" in Client().get(response["Location"]).content.decode()


def test_replaced_content_whose_replacement_left_answers_404(board):
    old = make("article", board, "Tin cũ")
    new = make("article", board, "Tin thay thế")
    unpublish(old, board, UnpublishReason.REPLACED, replacement=new)
    unpublish(new, board, UnpublishReason.ERROR)
    assert Client().get(old.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_withdrawn_content_keeps_a_notice_at_its_url_with_410_and_no_content(board, kind):
    obj = make(kind, board, "Nội dung bị thu hồi Kwyzhe")
    url = obj.get_absolute_url()
    notice = "Văn bản đã bị thu hồi theo Quyết định số 99/QĐ-UBND ngày 20/11/2026."
    unpublish(obj, board, UnpublishReason.WITHDRAWN, notice=notice)
    response = Client().get(url)
    assert response.status_code == 410
    page = response.content.decode()
    assert notice in page and "Nội dung đã được thu hồi" in page
    assert board.portal.name in page  # the portal's layout
    assert "Kwyzhe" not in page and (not getattr(obj, "summary", "") or obj.summary not in page)


def test_withdrawn_article_print_view_shows_the_notice_too(board):
    obj = make("article", board, "Tin bị thu hồi")
    unpublish(obj, board, UnpublishReason.WITHDRAWN, notice="Đã thu hồi.")
    url = obj.get_absolute_url().replace(".html", "/ban-in.html")
    response = Client().get(url)
    assert response.status_code == 410 and "Tin bị thu hồi" not in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_content_unpublished_in_error_answers_404(board, kind):
    obj = make(kind, board, "Đăng nhầm Plorvex")
    url = obj.get_absolute_url()
    unpublish(obj, board, UnpublishReason.ERROR)
    response = Client().get(url)
    assert response.status_code == 404 and "Plorvex" not in response.content.decode()


@pytest.mark.parametrize("reason", [UnpublishReason.ERROR, UnpublishReason.REPLACED, UnpublishReason.WITHDRAWN])
def test_unpublished_content_leaves_lists_feeds_sitemaps_and_search(board, reason):
    replacement = make("article", board, "Tin thay thế hiển thị")
    items = [make(kind, board, f"Gỡ xuống Zubrakit {kind}") for kind in KINDS]
    for obj in items:
        kwargs = {"notice": "Đã thu hồi."} if reason == UnpublishReason.WITHDRAWN else {}
        if reason == UnpublishReason.REPLACED:
            kwargs["replacement"] = (
                replacement
                if obj is items[0]
                else make("document" if obj is items[1] else "consultation", board, "Bản thay thế")
            )
        unpublish(obj, board, reason, **kwargs)
    citizen = Client()
    urls = [
        "/",
        "/tin-tuc/",
        board.local.get_absolute_url(),
        board.news.get_absolute_url(),
        "/van-ban/",
        "/du-thao/",
        "/rss/",
        f"/rss/{board.local.slug}/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-documents.xml",
        "/sitemap-consultations.xml",
        "/tim-kiem/?q=zubrakit",
        "/so-do-cong/",
    ]
    for url in urls:
        response = citizen.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Zubrakit" not in body, url
        for obj in items:
            assert obj.get_absolute_url() not in body, (url, obj)
    assert "Tin thay thế hiển thị" in citizen.get("/rss/").content.decode()  # the lists themselves work


@pytest.mark.parametrize(
    ("reason", "status"),
    [(UnpublishReason.WITHDRAWN, 410), (UnpublishReason.REPLACED, 301), (UnpublishReason.ERROR, 404)],
)
def test_cached_page_is_dropped_when_content_is_unpublished(
    board, settings, reason, status, django_capture_on_commit_callbacks
):
    settings.PORTAL_PAGE_CACHE = True
    obj = make("article", board, "Tin đang được đọc nhiều")
    url = obj.get_absolute_url()
    citizen = Client()
    assert citizen.get(url)["X-Page-Cache"] == "miss"
    assert citizen.get(url)["X-Page-Cache"] == "hit"
    kwargs = {"notice": "Đã thu hồi."} if reason == UnpublishReason.WITHDRAWN else {}
    if reason == UnpublishReason.REPLACED:
        kwargs["replacement"] = make("article", board, "Tin thay thế")
    unpublish(obj, board, reason, capture=django_capture_on_commit_callbacks, **kwargs)
    response = citizen.get(url)
    assert response.status_code == status
    assert "Tin đang được đọc nhiều" not in response.content.decode()
    assert citizen.get(url).status_code == status  # and it stays so: the notice/redirect is not cached as the page


def test_republished_content_is_shown_again_instead_of_the_notice(board, django_capture_on_commit_callbacks):
    obj = make("article", board, "Tin được đăng lại")
    url = obj.get_absolute_url()
    unpublish(obj, board, UnpublishReason.WITHDRAWN, notice="Tạm thu hồi để chỉnh sửa.")
    assert Client().get(url).status_code == 410
    services.reopen(obj=obj, user=board.chief)
    assert Client().get(url).status_code == 410  # being reworked: the notice stays at the URL
    obj.refresh_from_db()
    for role, step in [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]:
        services.transition(obj=obj, user=getattr(board, role), name=step)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(obj=obj, user=board.chief)
    response = Client().get(url)
    assert response.status_code == 200 and "Tin được đăng lại" in response.content.decode()


def test_withdrawn_english_article_shows_the_notice_in_english(board):
    obj = ArticleFactory(
        category=board.local, created_by=board.contributor, title="Provincial news", language="en", **live()
    )
    from django.utils import translation

    with translation.override("en"):
        url = obj.get_absolute_url()
    unpublish(obj, board, UnpublishReason.WITHDRAWN, notice="Withdrawn by decision 99/QĐ-UBND.")
    response = Client().get(url)
    assert url.startswith("/en/") and response.status_code == 410
    page = response.content.decode()
    assert "This content has been withdrawn" in page and "Withdrawn by decision 99/QĐ-UBND." in page
