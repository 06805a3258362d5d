"""No hostile query parameter makes a public page answer 500: each gets the friendly page or is ignored."""

import datetime
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.feedback.factories import QuestionFactory
from tests.portal.factories import (
    ArticleFactory,
    ConsultationDraftFactory,
    LegalDocumentFactory,
    WorkScheduleEntryFactory,
)

pytestmark = pytest.mark.django_db

# Raw query-string values (already percent-encoded where needed).
HOSTILE = {
    "nul": "%00",
    "nul-inside": "ab%00cd",
    "long": "a" * 5000,
    "first-day": "0001-01-01",
    "last-day": "9999-12-31",
    "year-zero": "0000",
    "negative": "-1",
    "huge": "99999999999999999999",
    "float-inf": "1e400",
    "bad-utf8": "%ff",
    "dots": "../",
    "sql": quote("' OR 1=1; DROP TABLE editorial_article; --"),
    "superscript-digits": quote("²⁰²⁶"),
    "day-first": "31/02/2026",
}
# Every parameter any public page reads, plus ones none reads.
PARAMS = ["q", "trang", "tuan", "nam", "loai", "co-quan", "linh-vuc", "hieu-luc", "cong", "da-gui", "p", "ma", "utm"]
# ... and the open API's (api/views.py).
PARAMS += ["lang", "page", "page_size", "category", "type", "issuing_body", "year", "field", "validity", "week"]
PARAMS += ["agency", "format", "script"]

# URL names that are not public pages (the back office, POST endpoints, health, file downloads).
NOT_PUBLIC = {
    "healthz",
    "editorial_my_work",
    "editorial_image_upload",
    "portal:rate",
    "set_language",
    "protected_file",
    "editorial_admin_landing",
}


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith(("admin/", "ckeditor5/")):
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


@pytest.fixture
def public_urls(province, news):
    article = ArticleFactory(category=news, slug="tin-a")
    document = LegalDocumentFactory(portal=province, slug="van-ban-a")
    draft = ConsultationDraftFactory(portal=province, slug="du-thao-a")
    WorkScheduleEntryFactory(portal=province)
    question = QuestionFactory(
        portal=province, is_published=True, published_at=timezone.now(), published_title="Câu hỏi công khai"
    )
    article_kwargs = {"category": news.slug, "slug": article.slug, "pk": article.pk}
    return {
        "home": reverse("home"),
        "robots": reverse("robots"),
        "favicon": reverse("favicon"),
        "sitemap": reverse("sitemap"),
        "sitemap-section": reverse("sitemap-section", kwargs={"section": "articles"}),
        "editorial_shared_preview": reverse("editorial_shared_preview", kwargs={"token": "abc"}),
        "portal:introduction": reverse("portal:introduction"),
        "portal:leaders": reverse("portal:leaders"),
        "portal:schedule": reverse("portal:schedule"),
        "portal:news": reverse("portal:news"),
        "portal:category": reverse("portal:category", kwargs={"category": news.slug}),
        "portal:article": reverse("portal:article", kwargs=article_kwargs),
        "portal:article-print": reverse("portal:article-print", kwargs=article_kwargs),
        "portal:article-save": reverse("portal:article-save", kwargs=article_kwargs),
        "portal:documents": reverse("portal:documents"),
        "portal:document": document.get_absolute_url(),
        "portal:consultations": reverse("portal:consultations"),
        "portal:consultation": draft.get_absolute_url(),
        "portal:consultation-export": reverse("portal:consultation-export", kwargs={"pk": draft.pk}),
        "portal:site-map": reverse("portal:site-map"),
        "portal:search": reverse("portal:search"),
        "portal:rss": reverse("portal:rss"),
        "portal:rss-category": reverse("portal:rss-category", kwargs={"category": news.slug}),
        "feedback:list": reverse("feedback:list"),
        "feedback:ask": reverse("feedback:ask"),
        "feedback:sent": reverse("feedback:sent"),
        "feedback:lookup": reverse("feedback:lookup"),
        "feedback:data_request": reverse("feedback:data_request"),
        "feedback:detail": reverse("feedback:detail", kwargs={"pk": question.pk}),
        **_api_urls(province.slug, article.pk, document.pk, draft.pk, question.pk),
    }


def _api_urls(portal, article, document, draft, question):
    def api(name, **kwargs):
        return reverse(
            f"api:{name}", kwargs={"portal": portal, **kwargs} if name not in ("portals", "schema", "docs") else kwargs
        )

    lists = ("categories", "articles", "documents", "leaders", "schedule", "consultations", "questions")
    urls = {f"api:{name}": api(name) for name in ("portals", "schema", "docs", *lists)}
    for name, pk in (("article", article), ("document", document), ("consultation", draft), ("question", question)):
        urls[f"api:{name}"] = api(name, pk=pk)
    return urls


def test_every_public_url_name_is_covered(public_urls):
    assert set(_names(get_resolver().url_patterns)) - NOT_PUBLIC == set(public_urls)


def _assert_friendly(response, url):
    assert response.status_code < 500, url
    if response.status_code in (200, 400, 404) and response["Content-Type"].startswith("text/html"):
        assert '<html lang="vi"' in response.content.decode(), url


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_values_in_every_parameter_never_answer_500(client, public_urls, value):
    for name, url in public_urls.items():
        together = "&".join(f"{param}={value}" for param in PARAMS)
        _assert_friendly(client.get(f"{url}?{together}"), f"{name} {url}?{together[:80]}")
        for param in PARAMS:
            _assert_friendly(client.get(f"{url}?{param}={value}"), f"{name} {url}?{param}={value[:40]}")


@pytest.mark.parametrize(
    ("asked", "monday"),
    [
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("1899-12-31", None),
        ("1900-01-01", datetime.date(1900, 1, 1)),
        ("2999-12-31", datetime.date(2999, 12, 30)),
        ("2026-11-26", datetime.date(2026, 11, 23)),
    ],
)
def test_schedule_weeks_at_the_edges_show_that_week_or_this_week(client, province, asked, monday):
    response = client.get(f"{reverse('portal:schedule')}?tuan={asked}")
    assert response.status_code == 200
    shown = response.context["monday"]
    expected = monday or (timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday()))
    assert shown == expected
    assert "Lịch công tác" in response.content.decode()


def test_a_nul_byte_is_removed_from_a_filter_and_the_rest_is_kept(client, province):
    LegalDocumentFactory(portal=province, title="Quy định về chợ nổi")
    LegalDocumentFactory(portal=province, title="Quy định về bến xe")
    page = client.get(reverse("portal:documents") + "?q=ch%00%E1%BB%A3").content.decode()
    assert "Quy định về chợ nổi" in page and "Quy định về bến xe" not in page


def test_an_over_long_search_is_refused_in_vietnamese(client, province):
    response = client.get(reverse("portal:search") + "?q=" + "a" * 5000)
    assert response.status_code == 400
    assert '<html lang="vi"' in response.content.decode()


def test_too_many_parameters_get_a_vietnamese_400_page(client, province):
    response = client.get("/?" + "&".join(f"a{i}=1" for i in range(1100)))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="vi"' in page and "Yêu cầu không hợp lệ" in page


def test_admin_changelist_search_with_a_nul_byte_answers_the_list(client, province):
    from tests.editorial.factories import board_user

    client.force_login(board_user(province, "contributor"))
    response = client.get(reverse("admin:editorial_article_changelist") + "?q=tin%00&o=1")
    assert response.status_code == 200
    response = client.get(reverse("admin:editorial_legaldocument_changelist") + "?q=%00")
    assert response.status_code == 200
