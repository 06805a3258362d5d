"""Search across the portal and its component portals, without needing diacritics."""

import pytest

from tests.factories import PortalFactory
from tests.portal.factories import ArticleFactory, CategoryFactory, ConsultationDraftFactory, LegalDocumentFactory

pytestmark = pytest.mark.django_db


def search(client, query, **params):
    return client.get("/tim-kiem/", {"q": query, **params}).content.decode()


def test_words_typed_without_marks_find_vietnamese_text(client, province, news):
    ArticleFactory(category=news, title="Hà Nội hỗ trợ Cà Mau khắc phục sạt lở")
    ArticleFactory(category=news, title="Nâng cấp đường giao thông nông thôn")
    page = search(client, "ha noi")
    assert "<mark>Hà</mark> <mark>Nội</mark> hỗ trợ Cà Mau" in page
    assert "Nâng cấp" not in page
    page = search(client, "duong")
    assert "Nâng cấp <mark>đường</mark> giao thông" in page
    assert "Hà Nội" not in page
    assert "Nâng cấp" in search(client, "ĐƯỜNG GIAO THÔNG")  # marks and capitals typed also work


def test_search_covers_component_portals_documents_and_drafts_and_filters_by_type_and_portal(
    client, province, department, news
):
    dcat = CategoryFactory(portal=department, slug="tin-so")
    ArticleFactory(category=dcat, title="Sở công bố kết quả thủy sản")
    LegalDocumentFactory(portal=province, number="09/2026/QĐ-UBND", title="Quy định về thủy sản ven biển")
    ConsultationDraftFactory(portal=province, title="Dự thảo chính sách thủy sản")
    page = search(client, "thuy san")
    assert "Tìm thấy 3 kết quả" in page
    assert 'href="/web/sokhcn/tin-tuc/tin-so/' in page  # the component portal's own URL
    only_docs = search(client, "thuy san", loai="van-ban")
    assert "Tìm thấy 1 kết quả" in only_docs
    assert "ven biển" in only_docs and "Sở công bố" not in only_docs
    only_dept = search(client, "thuy san", cong="sokhcn")
    assert "Sở công bố" in only_dept and "ven biển" not in only_dept
    # A component portal searches its own subtree, not the province
    assert "ven biển" not in client.get("/web/sokhcn/tim-kiem/", {"q": "thuy san"}).content.decode()


def test_results_are_ranked_and_paginated(client, province, news):
    for n in range(12):
        ArticleFactory(category=news, title=f"Tin kinh tế số {n}", summary="Kinh tế biển")
    ArticleFactory(category=news, title="Phát triển kinh tế biển bền vững", summary="")
    page = search(client, "kinh te bien")
    assert "Tìm thấy 13 kết quả" in page and "Trang 1 / 2" in page
    second = client.get("/tim-kiem/", {"q": "kinh te bien", "trang": 2}).content.decode()
    assert second.count('class="search-result"') == 3


def test_bad_or_huge_queries_get_a_friendly_page(client, province):
    huge = client.get("/tim-kiem/", {"q": "a" * 5000})
    assert huge.status_code == 400 and "Từ khóa quá dài" in huge.content.decode()
    assert 'class="site-header"' in huge.content.decode()
    symbols = client.get("/tim-kiem/", {"q": "%%% ''' ;--"})
    assert symbols.status_code == 200 and "Không có từ khóa nào để tìm" in symbols.content.decode()
    empty = client.get("/tim-kiem/")
    assert empty.status_code == 200 and 'id="search-q"' in empty.content.decode()
    nothing = search(client, "khongcogiheticả")
    assert "Không tìm thấy kết quả" in nothing


def test_search_never_returns_unpublished_scheduled_or_other_provinces_content(client, province, news):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(category=news, title="Bản nháp bí mật cá sấu", state="draft")
    ArticleFactory(category=news, title="Hẹn giờ cá sấu", state="scheduled", published_at=None)
    ArticleFactory(category=news, title="Tương lai cá sấu", published_at=timezone.now() + timedelta(days=1))
    other = PortalFactory(slug="tinhkhac", parent=None, kind="province", name="Tỉnh khác")
    ArticleFactory(category=CategoryFactory(portal=other, slug="tk"), title="Cá sấu tỉnh khác")
    ArticleFactory(category=news, title="Trại cá sấu công khai")
    page = search(client, "ca sau")
    assert "Tìm thấy 1 kết quả" in page and "Trại" in page
    assert "bí mật" not in page and "Hẹn giờ" not in page and "Tương lai" not in page and "tỉnh khác" not in page


def test_postgresql_searches_the_stored_vector_through_its_gin_index(province, news):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only: SQLite searches the normalised search_text column")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        assert cursor.fetchone() is not None
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%search%"])
        assert {row[0] for row in cursor.fetchall()} == {
            "article_search_vector",
            "legaldoc_search_vector",
            "draft_search_vector",
            # the small types: an expression index over to_tsvector('simple', search_text) (decision 0520)
            "question_search",
            "schedule_search",
            "leader_search",
            "organization_search",
            "portal_search",
        }  # the old expression indexes (portal 0002) are gone
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM editorial_article WHERE search_vector @@ to_tsquery('simple', 'ha & noi:*')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "EXPLAIN SELECT id FROM feedback_question"
            " WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', 'hoc & ph:*')"
        )
        question_plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "article_search_vector" in plan
    assert "question_search" in question_plan


def test_the_time_window_is_read_from_the_articles_search_index(province):
    """The window's month condition must be the index's own expression (editorial 0012): if the two drift apart,
    the condition becomes a filter and the window reads every match's row again."""
    from django.db import connection

    from portal.search import PUBLISHED_MONTH

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only: the two-column GIN index")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM editorial_article "
            f"WHERE search_vector @@ to_tsquery('simple', 'lu & lon') AND {PUBLISHED_MONTH} >= 24300"
        )
        plan = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET enable_seqscan = on")
    index_conditions = " ".join(line for line in plan if "Index Cond" in line)
    assert any("article_search_vector" in line for line in plan)
    assert "date_part" in index_conditions and "search_vector @@" in index_conditions


def test_the_stored_vector_follows_every_change_of_the_text(client, province, news, settings):
    from django.db import connection

    from editorial.models import Article

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only: the vector is a column PostgreSQL computes")
    settings.PORTAL_PAGE_CACHE = False  # the same search URL is asked again after the change
    article = ArticleFactory(category=news, title="Khánh thành cầu Đầm Cùng")
    vector = Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)
    assert "'dam'" in vector and "'cung'" in vector
    assert "Khánh thành cầu" in search(client, "dam cung")
    article.title = "Khởi công đường ven biển"
    article.save()
    vector = Article.objects.values_list("search_vector", flat=True).get(pk=article.pk)
    assert "'bien'" in vector and "'dam'" not in vector
    assert "Không tìm thấy kết quả" in search(client, "dam cung")
    assert "Khởi công" in search(client, "duong ven bien")
    Article.objects.filter(pk=article.pk).update(search_text="cau moi")  # even an UPDATE outside save()
    assert Article.objects.values_list("search_vector", flat=True).get(pk=article.pk) == "'cau':1 'moi':2"


def test_many_results_say_more_than_the_cap_and_still_paginate(client, province, news, monkeypatch):
    from portal import search as site_search

    monkeypatch.setattr(site_search, "CANDIDATES", 12)
    for n in range(15):
        ArticleFactory(category=news, title=f"Tin nuôi tôm số {n}")
    page = search(client, "nuoi tom")
    assert "Tìm thấy hơn 12 kết quả cho “nuoi tom”" in page and "Trang 1 / 2" in page
    second = client.get("/tim-kiem/", {"q": "nuoi tom", "trang": 2}).content.decode()
    assert second.count('class="search-result"') == 2
    for n in range(13):
        ArticleFactory(category=news, language="en", title=f"Shrimp farming news {n}")
    english = client.get("/en/tim-kiem/", {"q": "shrimp"}).content.decode()
    assert "More than 12 results for “shrimp”" in english
    few = search(client, "nuoi tom so 14")
    assert "Tìm thấy 1 kết quả" in few


def test_marks_are_optional_in_either_direction_and_words_are_whole_words(client, province, news):
    ArticleFactory(category=news, title="Hỗ trợ hộ nghèo xây nhà")
    ArticleFactory(category=news, title="Học sinh vùng sâu đến trường")
    assert "<mark>Hỗ</mark> <mark>trợ</mark> <mark>hộ</mark>" in search(client, "ho tro ho")
    assert "<mark>nghèo</mark> xây nhà" in search(client, "HỖ TRỢ HỘ NGHÈO")
    assert "Học sinh" not in search(client, "ho tro ho")  # "ho" is a word, not the prefix of "hoc"


@pytest.mark.parametrize(
    "plan, settings_for_plan",
    [
        # walk: any match among the newest rows makes the walk worth it
        ("walk", {"WALK_GIN_COST": 1e-9}),
        # window: never walk; the share of matches sampled from every page, the window sized for 3× the matches
        # (WINDOW_SHARE 100: in a table of 41 rows that window may be wider than the table)
        ("window", {"WALK_GIN_COST": 1e12, "SPREAD_PERCENT": 100, "WINDOW_SHARE": 100}),
        # gin: never walk; a window sized for a hundredth of a match holds too few, so the GIN plan answers
        ("gin", {"WALK_GIN_COST": 1e12, "SPREAD_PERCENT": 100, "WINDOW_SHARE": 100, "WINDOW_MARGIN": 0.01}),
        # gin: the window would span more of the table than allowed
        ("no window", {"WALK_GIN_COST": 1e12, "SPREAD_PERCENT": 100, "WINDOW_SHARE": 0.01}),
        # the province-wide portal condition that no index serves (`portal_id + 0`)
        ("wide scope", {"WALK_GIN_COST": 1e12, "SPREAD_PERCENT": 100, "WINDOW_SHARE": 100, "WIDE_SCOPE_PORTALS": 1}),
    ],
)
def test_every_search_plan_finds_the_same_newest_matches(
    client, province, department, news, monkeypatch, plan, settings_for_plan, settings
):
    """Each type's newest CANDIDATES + 1 matches are found by a walk, a time window or the GIN index alone
    (portal/search.py); whichever is chosen, the page lists the same results, only from the portal's tree."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from portal import search as site_search

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only: SQLite has one plan")
    settings.PORTAL_PAGE_CACHE = False
    monkeypatch.setattr(site_search, "CANDIDATES", 5)
    monkeypatch.setattr(site_search, "PROBE", 12)
    for name, value in settings_for_plan.items():
        monkeypatch.setattr(site_search, name, value)
    now = timezone.now()
    dept_news = CategoryFactory(portal=department, slug="tin-so")
    other_province = PortalFactory(slug="tinhkhac", parent=None, kind="province", name="Tỉnh khác")
    elsewhere = CategoryFactory(portal=other_province, slug="tk")
    # 40 articles a day apart, newest first: every fourth one is about the flood, half of those in the department.
    for day in range(40):
        matching = day % 4 == 0
        category = dept_news if matching and day % 8 == 0 else news
        title = f"Lũ lớn ngày {day}" if matching else f"Tin nông nghiệp ngày {day}"
        ArticleFactory(category=category, title=title, published_at=now - timedelta(days=day, minutes=1))
    ArticleFactory(category=elsewhere, title="Lũ lớn ngày 1", published_at=now - timedelta(minutes=2))

    page = client.get("/tim-kiem/", {"q": "lu lon", "loai": "tin-bai"}).content.decode()

    assert "Tìm thấy hơn 5 kết quả" in page
    found = [day for day in range(40) if f"ngày {day}</a>" in page or f"ngày {day}<" in page]
    assert found == [0, 4, 8, 12, 16]  # the five newest flood articles, none from the other province
    only_department = client.get("/tim-kiem/", {"q": "lu lon", "cong": "sokhcn"}).content.decode()
    assert "Tìm thấy 5 kết quả" in only_department  # days 0, 8, 16, 24, 32


# --- Every public type (docs/decisions/0520-search-every-public-type.md) ----------------------------------------


@pytest.fixture
def every_type(province, department):
    import datetime

    from django.utils import timezone

    from tests.factories import OrganizationFactory
    from tests.feedback.factories import QuestionFactory
    from tests.portal.factories import LeaderFactory, WorkScheduleEntryFactory

    agency = OrganizationFactory(
        portal=province, name="Sở Giáo dục và Đào tạo", slug="so-gd", functions="Quản lý học phí"
    )
    QuestionFactory(
        portal=province,
        status="answered",
        is_published=True,
        published_at=timezone.now(),
        closed_at=timezone.make_aware(datetime.datetime(2026, 5, 12, 9, 0)),
        answered_by=agency,
        published_title="Miễn học phí học sinh trung học",
        published_body="Học sinh THCS có được miễn học phí không?",
        published_answer="Học sinh công lập được miễn học phí từ năm học 2025–2026.",
    )
    QuestionFactory(portal=province, title="Học phí chưa công khai", body="Học phí")  # never shown
    WorkScheduleEntryFactory(
        portal=province,
        date=datetime.date(2026, 5, 14),
        start_time=datetime.time(8, 30),
        content="Tiếp công dân định kỳ",
        location="Trụ sở Tiếp công dân tỉnh",
    )
    LeaderFactory(portal=province, full_name="Lê Văn Học", position="Giám đốc Sở Giáo dục và Đào tạo")
    LegalDocumentFactory(
        portal=province,
        number="15/2026/NQ-HĐND",
        doc_type="nghi-quyet",
        issued_on=datetime.date(2026, 4, 2),
        title="Nghị quyết quy định mức học phí năm học 2026–2027",
    )
    return agency


def test_search_finds_questions_schedule_leaders_and_organisations_with_what_identifies_them(
    client, province, every_type
):
    page = search(client, "học phí")
    assert "Tìm thấy 3 kết quả" in page  # the question, the document, the department (its functions)
    assert "Miễn <mark>học</mark> <mark>phí</mark> <mark>học</mark> sinh" in page
    assert "Cơ quan trả lời: Sở Giáo dục và Đào tạo" in page and "Ngày trả lời" in page and "12/05/2026" in page
    assert "Nghị quyết · Số 15/2026/NQ-HĐND" in page and "Ban hành" in page and "02/04/2026" in page
    assert 'href="/gioi-thieu/#unit-so-gd"' in page
    assert "chưa công khai" not in page
    schedule = search(client, "tiep cong dan")
    assert "<mark>Tiếp</mark> <mark>công</mark> <mark>dân</mark> định kỳ" in schedule
    assert "08:30 14/05/2026" in schedule and 'href="/lich-cong-tac/?tuan=2026-05-11"' in schedule
    leader = search(client, "le van hoc")
    assert (
        "<mark>Lê</mark> <mark>Văn</mark> <mark>Học</mark>" in leader
        and "Giám đốc Sở" in leader
        and 'href="/gioi-thieu/lanh-dao/"' in leader
    )
    only_questions = search(client, "hoc phi", loai="hoi-dap")
    assert "Tìm thấy 1 kết quả" in only_questions and "Nghị quyết" not in only_questions


def test_the_last_word_still_being_typed_is_a_prefix(client, province, every_type):
    page = search(client, "hoc ph")
    assert "Miễn <mark>học</mark> <mark>ph</mark>í" in page  # "ph" has no vowel: a word being typed
    # the question, the document, the department, and the Sở Khoa học's introduction (its address: "Phường")
    assert "Tìm thấy 4 kết quả" in page


def test_a_page_mixing_every_type_stays_within_the_search_budget(client, province, every_type, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from components.selectors import portal_domain_map, portal_index
    from portal.fragments import clear_local

    settings.PORTAL_PAGE_CACHE = False
    ArticleFactory(category=CategoryFactory(portal=province), title="Giảm học phí cho học sinh vùng khó")
    cache.clear()
    clear_local()
    portal_domain_map()
    portal_index()
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/tim-kiem/", {"q": "hoc phi"}).content.decode()
    assert "Tìm thấy 4 kết quả" in page  # an article, a document, a question, an organisation
    # the small types (questions, schedule, leaders, organisations) come with the ranked rows: no query of their own
    assert len(ctx.captured_queries) <= 6, "\n".join(q["sql"][:150] for q in ctx.captured_queries)


def test_the_introduction_page_of_a_portal_is_found_by_its_words(client, province, department):
    province.description = "Cà Mau là tỉnh cực Nam của Tổ quốc, có ba mặt giáp biển."
    province.save()
    page = search(client, "cuc nam to quoc")
    assert "Giới thiệu: Cổng Thông tin điện tử tỉnh Cà Mau" in page and 'href="/gioi-thieu/"' in page
    assert "<mark>cực</mark> <mark>Nam</mark> của <mark>Tổ</mark> <mark>quốc</mark>" in page
    assert "Trang giới thiệu" in page
    # a component portal's own search finds its own introduction, not the province's
    assert "cực Nam" not in client.get("/web/sokhcn/tim-kiem/", {"q": "cuc nam"}).content.decode()
