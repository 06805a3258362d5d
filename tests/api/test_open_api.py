"""The open API (/api/v1/): what a consumer gets, and never gets; budgets, cache invalidation, rate limit, schema."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from components.events import content_changed
from editorial.models import Article, LegalDocument
from portal.fragments import clear_local
from tests.feedback.factories import FieldFactory, QuestionFactory
from tests.portal.factories import (
    ArticleFactory,
    CategoryFactory,
    ConsultationCommentFactory,
    ConsultationDraftFactory,
    LeaderFactory,
    LegalDocumentFactory,
    WorkScheduleEntryFactory,
)
from tests.portal.test_performance import _bulk_articles

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "camau.gov.vn"}
BASE = "/api/v1/portals/camau"


def get(client, path, **params):
    response = client.get(path, params, **HOST)
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response


def published_question(portal, **kw):
    values = {
        "portal": portal,
        "status": "answered",
        "is_published": True,
        "published_title": "Cấp giấy phép xây dựng nhà ở",
        "published_body": "Hồ sơ cấp phép xây dựng gồm những gì?",
        "published_answer": "Hồ sơ gồm đơn đề nghị, bản vẽ thiết kế và giấy tờ về đất.",
        "published_at": timezone.now(),
        **kw,
    }
    return QuestionFactory(**values)


def cold():
    """As after a deploy: nothing in the shared cache or in this process' fragments."""
    cache.clear()
    clear_local()


# --- What is shown, and what never is ------------------------------------------------------------------------


def test_portals_lists_active_portals_with_their_parent(client, province, department):
    data = get(client, "/api/v1/portals/").json()
    slugs = {row["slug"]: row for row in data["results"]}
    assert set(slugs) == {"camau", "sokhcn"}
    assert slugs["sokhcn"]["parent"] == "camau" and slugs["camau"]["parent"] is None


def test_articles_show_published_ones_only_per_portal_language_and_category(client, province, department, news):
    child = CategoryFactory(portal=province, parent=news, slug="thoi-su", name="Thời sự")
    other = CategoryFactory(portal=province, slug="van-hoa", name="Văn hóa")
    live = ArticleFactory(category=child, title="Khánh thành cầu Đầm Cùng")
    ArticleFactory(category=other, title="Lễ hội Nghinh Ông")
    ArticleFactory(category=news, title="Bản nháp chưa duyệt", state="draft", published_at=None)
    ArticleFactory(category=news, title="Hẹn giờ ngày mai", published_at=timezone.now() + datetime.timedelta(days=1))
    ArticleFactory(category=news, title="Bài đã hết hạn", expire_at=timezone.now() - datetime.timedelta(minutes=1))
    ArticleFactory(category=news, title="Opening of Dam Cung bridge", language="en")
    ArticleFactory(category=CategoryFactory(portal=department, slug="tin-so"), title="Tin của Sở")

    titles = [row["title"] for row in get(client, f"{BASE}/articles/").json()["results"]]
    assert sorted(titles) == ["Khánh thành cầu Đầm Cùng", "Lễ hội Nghinh Ông"]
    assert [row["title"] for row in get(client, f"{BASE}/articles/", lang="en").json()["results"]] == [
        "Opening of Dam Cung bridge"
    ]
    # A category includes its sub-categories, as the category page does.
    assert [row["title"] for row in get(client, f"{BASE}/articles/", category="tin-tuc-su-kien").json()["results"]] == [
        "Khánh thành cầu Đầm Cùng"
    ]
    assert get(client, f"{BASE}/articles/", category="khong-co").status_code == 404

    detail = get(client, f"{BASE}/articles/{live.pk}/").json()
    assert detail["body"] == "<p>Nội dung bài viết.</p>" and detail["source"] == "Văn phòng UBND tỉnh"
    assert detail["url"] == f"http://camau.gov.vn/tin-tuc/thoi-su/{live.slug}-{live.pk}.html"
    assert not {"state", "created_by", "search_text", "version", "pending_revision"} & set(detail)


def test_a_draft_article_never_appears_not_even_to_a_signed_in_editor(client, province, news, admin_user):
    draft = ArticleFactory(category=news, title="Bản nháp bí mật", state="draft", published_at=None)
    client.force_login(admin_user)
    assert get(client, f"{BASE}/articles/{draft.pk}/").status_code == 404
    assert "Bản nháp bí mật" not in get(client, f"{BASE}/articles/").content.decode()
    assert get(client, f"{BASE}/articles/999999/").status_code == 404


def test_unknown_or_closed_portal_and_bad_language_are_refused(client, province):
    assert get(client, "/api/v1/portals/khong-co/articles/").status_code == 404
    assert get(client, f"{BASE}/articles/", lang="fr").status_code == 400


def test_documents_filter_like_the_public_page_and_show_validity_links(client, province):
    old = LegalDocumentFactory(portal=province, number="01/2020/QĐ-UBND", validity="expired")
    new = LegalDocumentFactory(portal=province, number="05/2026/QĐ-UBND", doc_type="quyet-dinh", field="Giao thông")
    amended = LegalDocumentFactory(portal=province, number="09/2024/QĐ-UBND", field="Đất đai")
    new.replaces.add(old)
    new.amends.add(amended)
    LegalDocumentFactory(portal=province, number="99/2026/QĐ-UBND", state="draft", published_at=None)

    numbers = {row["number"] for row in get(client, f"{BASE}/documents/").json()["results"]}
    assert numbers == {"01/2020/QĐ-UBND", "05/2026/QĐ-UBND", "09/2024/QĐ-UBND"}
    assert [r["number"] for r in get(client, f"{BASE}/documents/", validity="expired").json()["results"]] == [
        "01/2020/QĐ-UBND"
    ]
    assert [r["number"] for r in get(client, f"{BASE}/documents/", field="Đất đai").json()["results"]] == [
        "09/2024/QĐ-UBND"
    ]
    assert [r["number"] for r in get(client, f"{BASE}/documents/", q="05/2026/QĐ-UBND").json()["results"]] == [
        "05/2026/QĐ-UBND"
    ]
    assert get(client, f"{BASE}/documents/", year="1999").json()["count"] == 0

    detail = get(client, f"{BASE}/documents/{new.pk}/").json()
    assert [d["number"] for d in detail["relations"]["replaces"]] == ["01/2020/QĐ-UBND"]
    assert [d["number"] for d in detail["relations"]["amends"]] == ["09/2024/QĐ-UBND"]
    replaced = get(client, f"{BASE}/documents/{old.pk}/").json()
    assert [d["number"] for d in replaced["relations"]["replaced_by"]] == ["05/2026/QĐ-UBND"]
    assert replaced["validity"] == LegalDocument.Validity.EXPIRED


def test_leaders_schedule_and_consultations(client, province):
    leader = LeaderFactory(portal=province, full_name="Huỳnh Quốc Việt", position="Chủ tịch UBND tỉnh")
    LeaderFactory(portal=province, full_name="Chưa công bố", state="draft", published_at=None)
    entry = WorkScheduleEntryFactory(portal=province, content="Tiếp công dân định kỳ")
    entry.leaders.add(leader)
    draft = ConsultationDraftFactory(portal=province, title="Dự thảo quy định về chợ")
    ConsultationCommentFactory(draft=draft, name="Lê Thị Góp Ý", email="gopy@example.vn", status="approved")
    ConsultationDraftFactory(portal=province, title="Dự thảo chưa công bố", state="draft", published_at=None)

    leaders = get(client, f"{BASE}/leaders/").json()
    assert [row["full_name"] for row in leaders] == ["Huỳnh Quốc Việt"]
    week = get(client, f"{BASE}/schedule/").json()
    entries = [e for day in week["days"] for e in day["entries"]]
    assert [e["content"] for e in entries] == ["Tiếp công dân định kỳ"]
    assert entries[0]["leaders"][0]["full_name"] == "Huỳnh Quốc Việt"
    assert len(week["days"]) == 7
    assert get(client, f"{BASE}/schedule/", week="2001-01-01").json()["week_start"] == "2001-01-01"

    drafts = get(client, f"{BASE}/consultations/").json()["results"]
    assert [d["title"] for d in drafts] == ["Dự thảo quy định về chợ"] and drafts[0]["approved_comments"] == 1
    detail = get(client, f"{BASE}/consultations/{draft.pk}/")
    assert detail.json()["approved_comments"] == 1
    assert "Lê Thị Góp Ý" not in detail.content.decode() and "gopy@example.vn" not in detail.content.decode()


def test_questions_never_show_the_asker_nor_unpublished_ones(client, province):
    field = FieldFactory(name="Xây dựng", slug="xay-dung")
    shown = published_question(
        province, name="Phạm Văn Đông", show_name=True, email="dong@example.vn", phone="0988777666", field=field
    )
    hidden = published_question(province, name="Lê Thị Mai", email="mai@example.vn", phone="0911222333")
    private = QuestionFactory(portal=province, title="Câu hỏi riêng tư", published_title="Câu hỏi riêng tư")

    listing = get(client, f"{BASE}/questions/")
    details = [get(client, f"{BASE}/questions/{q.pk}/") for q in (shown, hidden)]
    for response in (listing, *details):
        text = response.content.decode()
        for secret in ("Phạm Văn Đông", "Lê Thị Mai", "P.V.Đ.", "L.T.M.", "dong@example.vn", "mai@example.vn"):
            assert secret not in text
        for secret in ("0988777666", "0911222333", hidden.address, "Câu hỏi riêng tư"):
            assert secret not in text
    assert listing.json()["count"] == 2
    assert details[0].json()["answer"].startswith("Hồ sơ gồm đơn đề nghị")
    assert get(client, f"{BASE}/questions/{private.pk}/").status_code == 404
    assert [q["id"] for q in get(client, f"{BASE}/questions/", field="xay-dung").json()["results"]] == [shown.pk]


# --- Pagination, cache, rate limit -------------------------------------------------------------------------------


def test_pages_of_articles(client, province, news):
    _bulk_articles([news], 45)
    first = get(client, f"{BASE}/articles/").json()
    assert first["count"] == 45 and len(first["results"]) == 20 and first["next"].endswith("page=2")
    last = get(client, f"{BASE}/articles/", page=3).json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert len(get(client, f"{BASE}/articles/", page_size=500).json()["results"]) == 45  # capped at 100
    assert get(client, f"{BASE}/articles/", page=9).status_code == 404


def test_answers_are_cached_until_the_portal_content_changes(client, province, news):
    article = ArticleFactory(category=news, title="Tin ban đầu")
    first = get(client, f"{BASE}/articles/")
    assert first["X-Api-Cache"] == "miss" and "public" in first["Cache-Control"]
    Article.objects.filter(pk=article.pk).update(title="Tin đã sửa")  # behind the cache's back: still the old one
    again = get(client, f"{BASE}/articles/")
    assert again["X-Api-Cache"] == "hit" and again.json()["results"][0]["title"] == "Tin ban đầu"
    # What every service sends on commit after a change citizens see.
    content_changed.send(sender=Article, instance=article, portal_id=province.pk, action="updated", tree=False)
    clear_local()  # (another process: its fragments are keyed on the generation too)
    fresh = get(client, f"{BASE}/articles/")
    assert fresh["X-Api-Cache"] == "miss" and fresh.json()["results"][0]["title"] == "Tin đã sửa"


def test_a_component_portal_change_refreshes_its_answers_not_by_host(client, province, department):
    category = CategoryFactory(portal=department, slug="tin-so")
    article = ArticleFactory(category=category, title="Tin của Sở")
    url = "/api/v1/portals/sokhcn/articles/"
    assert get(client, url).json()["count"] == 1
    Article.objects.filter(pk=article.pk).update(state="draft")
    content_changed.send(sender=Article, instance=article, portal_id=department.pk, action="unpublished", tree=False)
    clear_local()
    assert get(client, url).json()["count"] == 0


def test_rate_limited_per_client_address(client, province, settings):
    settings.API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get(f"{BASE}/leaders/", REMOTE_ADDR="203.0.113.7", **HOST).status_code == 200
    refused = client.get(f"{BASE}/leaders/", REMOTE_ADDR="203.0.113.7", **HOST)
    assert refused.status_code == 429 and "Retry-After" in refused
    # Cached answers count too; another address is not affected.
    assert client.get(f"{BASE}/leaders/", REMOTE_ADDR="203.0.113.8", **HOST).status_code == 200
    # Behind the trusted proxy the forwarded client is counted, not the proxy.
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7", **HOST}
    assert client.get(f"{BASE}/leaders/", **forwarded).status_code == 429


# --- Query budgets: the same with 10 and 500 items -----------------------------------------------------------------


@pytest.fixture(params=[10, 500], ids=["10-items", "500-items"])
def many(request, province, news):
    n = request.param
    _bulk_articles([news, CategoryFactory(portal=province, slug="muc-2")], n)
    LegalDocument.objects.bulk_create(
        [
            LegalDocument(
                portal=province,
                number=f"{i}/2026/QĐ-UBND",
                doc_type="quyet-dinh",
                issuing_body="UBND tỉnh Cà Mau",
                issued_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
                title=f"Quyết định số {i}",
                slug=f"quyet-dinh-{i}",
                state="published",
                language="vi",
                published_at=timezone.now() - datetime.timedelta(hours=1),
            )
            for i in range(n)
        ]
    )
    field = FieldFactory(name="Đất đai", slug="dat-dai")
    for i in range(min(n, 30)):  # questions are made one by one (tracking codes): enough for two pages
        published_question(province, published_title=f"Câu hỏi số {i}", field=field)
    for _ in range(min(n, 25)):
        ConsultationDraftFactory(portal=province)
    leaders = [LeaderFactory(portal=province) for _ in range(min(n, 25))]
    for _ in range(min(n, 25)):
        WorkScheduleEntryFactory(portal=province).leaders.add(*leaders[:3])
    return n


MIDDLEWARE = 3  # cold start: PortalMiddleware's domain map, route map and portal row (then cached)
BUDGETS = [
    ("/api/v1/portals/", 3),
    (f"{BASE}/categories/", 2),
    (f"{BASE}/articles/", 4),
    (f"{BASE}/articles/?category=tin-tuc-su-kien", 4),
    (f"{BASE}/documents/", 3),
    (f"{BASE}/documents/?q=quyet+dinh&year=2026", 3),
    (f"{BASE}/leaders/", 2),
    (f"{BASE}/schedule/", 3),
    (f"{BASE}/consultations/", 3),
    (f"{BASE}/questions/", 3),
    (f"{BASE}/questions/?field=dat-dai", 3),
]


@pytest.mark.parametrize(("path", "budget"), BUDGETS, ids=[p for p, _ in BUDGETS])
def test_list_query_budget(client, many, path, budget, django_assert_max_num_queries):
    cold()
    with django_assert_max_num_queries(MIDDLEWARE + budget):
        response = client.get(path, **HOST)
    assert response.status_code == 200
    with django_assert_max_num_queries(1 if path.startswith(BASE) else budget):  # a hit: the portal lookup only
        assert client.get(path, **HOST).status_code == 200


def test_detail_query_budgets(client, many, django_assert_max_num_queries):
    article = Article.objects.filter(portal__slug="camau").first()
    document = LegalDocument.objects.first()
    document.replaces.add(*LegalDocument.objects.exclude(pk=document.pk)[:3])
    from editorial.models import ConsultationDraft
    from feedback.models import Question

    for path, budget in [
        (f"{BASE}/articles/{article.pk}/", 5),
        (f"{BASE}/documents/{document.pk}/", 7),
        (f"{BASE}/consultations/{ConsultationDraft.objects.first().pk}/", 3),
        (f"{BASE}/questions/{Question.objects.first().pk}/", 2),
    ]:
        cold()
        with django_assert_max_num_queries(MIDDLEWARE + budget):
            assert client.get(path, **HOST).status_code == 200, path


# --- Schema and docs page --------------------------------------------------------------------------------------------


def test_openapi_schema_and_docs_page_under_the_public_csp(client, province):
    schema = client.get("/api/v1/schema/", {"format": "json"}, **HOST)
    assert schema.status_code == 200
    body = schema.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/portals/{portal}/documents/{id}/" in body["paths"]
    docs = client.get("/api/v1/docs/", **HOST)
    assert docs.status_code == 200
    html = docs.content.decode()
    csp = docs["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in html and "<style>" not in html  # nothing inline: the init script is a separate file
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/v1/docs/", {"script": ""}, **HOST)
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
