"""What a citizen sees on each public page type."""

import datetime

import pytest
from django.utils import timezone

from components.models import Organization
from tests.factories import MembershipFactory, UserFactory
from tests.portal.factories import (
    ArticleFactory,
    CategoryFactory,
    ConsultationCommentFactory,
    ConsultationDraftFactory,
    LeaderFactory,
    LegalDocumentFactory,
    WorkScheduleEntryFactory,
)

pytestmark = pytest.mark.django_db


def html(response):
    return response.content.decode()


def test_home_shows_featured_and_latest_news_by_category_schedule_documents_consultations(client, province, news):
    ArticleFactory(category=news, title="Tỉnh khánh thành cầu Đầm Cùng", is_featured=True)
    economy = CategoryFactory(portal=province, name="Kinh tế", slug="kinh-te")
    ArticleFactory(category=economy, title="Xuất khẩu tôm tăng mạnh")
    WorkScheduleEntryFactory(portal=province, content="Tiếp công dân định kỳ")
    LegalDocumentFactory(portal=province, number="15/2026/QĐ-UBND")
    ConsultationDraftFactory(portal=province, title="Dự thảo về chợ nông thôn")
    page = html(client.get("/"))
    assert "Tỉnh khánh thành cầu Đầm Cùng" in page
    assert "Kinh tế" in page and "Xuất khẩu tôm tăng mạnh" in page
    assert "Tiếp công dân định kỳ" in page
    assert "15/2026/QĐ-UBND" in page
    assert "Dự thảo về chợ nông thôn" in page
    assert "https://dichvucong.gov.vn/" in page  # link to the public-service portal
    for label in ["Trang chủ", "Giới thiệu", "Tin tức", "Văn bản", "Hỏi đáp", "Dịch vụ công trực tuyến", "Sơ đồ cổng"]:
        assert f">{label}</a>" in page
    assert 'href="/hoi-dap/"' in page


def test_province_home_shows_news_of_component_portals_linking_into_their_portal(client, province, department):
    cat = CategoryFactory(portal=department, slug="tin-so", name="Tin Sở")
    article = ArticleFactory(category=cat, title="Sở KH&CN nghiệm thu đề tài lúa chịu mặn")
    page = html(client.get("/"))
    assert "Tin từ các đơn vị" in page and "Sở KH&amp;CN nghiệm thu đề tài lúa chịu mặn" in page
    assert f'href="/web/sokhcn/tin-tuc/tin-so/{article.slug}-{article.pk}.html"' in page
    assert client.get(f"/web/sokhcn/tin-tuc/tin-so/{article.slug}-{article.pk}.html").status_code == 200


def test_category_page_paginates_and_includes_subcategories(client, province, news):
    sub = CategoryFactory(portal=province, parent=news, name="Thời sự", slug="thoi-su")
    for n in range(23):
        ArticleFactory(
            category=news, title=f"Tin số {n:02d}", published_at=timezone.now() - datetime.timedelta(hours=n)
        )
    ArticleFactory(category=sub, title="Tin chuyên mục con", published_at=timezone.now() - datetime.timedelta(days=3))
    first = html(client.get("/tin-tuc/tin-tuc-su-kien/"))
    assert "Tin số 00" in first and "Tin số 19" in first and "Tin số 20" not in first
    assert "Trang 1 / 2" in first and 'href="?trang=2"' in first
    second = html(client.get("/tin-tuc/tin-tuc-su-kien/?trang=2"))
    assert "Tin số 22" in second and "Tin chuyên mục con" in second
    assert client.get("/tin-tuc/khong-co/").status_code == 404
    sub_page = html(client.get("/tin-tuc/thoi-su/"))
    assert 'href="/tin-tuc/tin-tuc-su-kien/"' in sub_page  # breadcrumb to the parent


def test_category_list_interleaves_subcategories_newest_first_on_every_page(client, province, news):
    """Each page is cut from every subcategory's newest rows (portal.selectors.newest_in_categories on PostgreSQL):
    the order across categories, later pages, and expired articles must be as in one sorted list."""
    subs = [CategoryFactory(portal=province, parent=news, name=f"Mục {n}", slug=f"muc-{n}") for n in range(2)]
    now = timezone.now()
    for n in range(66):  # hour n goes to category n % 3: 22 each, more than a page, taking turns
        category = news if n % 3 == 0 else subs[n % 3 - 1]
        ArticleFactory(category=category, title=f"Bài giờ {n:02d}", published_at=now - datetime.timedelta(hours=n))
    ArticleFactory(
        category=subs[0],
        title="Bài đã hết hạn",
        published_at=now - datetime.timedelta(minutes=30),
        expire_at=now - datetime.timedelta(minutes=1),
    )

    def listed(page):
        text = html(client.get(f"/tin-tuc/tin-tuc-su-kien/?trang={page}"))
        return [
            n for _, n in sorted((text.index(f"Bài giờ {n:02d}<"), n) for n in range(66) if f"Bài giờ {n:02d}<" in text)
        ]

    assert listed(1) == list(range(20))
    assert listed(2) == list(range(20, 40))
    assert listed(4) == list(range(60, 66))
    assert "Bài đã hết hạn" not in html(client.get("/tin-tuc/tin-tuc-su-kien/"))


def test_article_page_shows_breadcrumbs_author_source_time_reference_label_related_and_citation(client, province, news):
    article = ArticleFactory(
        category=news,
        title="Tin chưa được xác nhận về mưa lớn",
        author_name="Trần Thị Bình",
        source="Báo Cà Mau",
        is_reference=True,
        body="<p>Nội dung <strong>chi tiết</strong>.</p>",
    )
    ArticleFactory(category=news, title="Tin cùng chuyên mục")
    page = html(client.get(article.get_absolute_url()))
    assert article.get_absolute_url() == f"/tin-tuc/tin-tuc-su-kien/{article.slug}-{article.pk}.html"
    assert 'aria-label="Đường dẫn"' in page and 'href="/tin-tuc/tin-tuc-su-kien/"' in page
    assert "Trần Thị Bình" in page and "Báo Cà Mau" in page
    assert "Tin tham khảo" in page
    assert "<strong>chi tiết</strong>" in page  # sanitised body is trusted HTML
    assert timezone.localtime(article.published_at).strftime("%d/%m/%Y") in page
    assert "Tin liên quan" in page and "Tin cùng chuyên mục" in page
    assert "Trích dẫn" in page and f"http://testserver{article.get_absolute_url()}" in page
    assert 'name="DC.creator" content="Trần Thị Bình"' in page
    assert 'name="DC.source" content="Báo Cà Mau"' in page
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in page
    assert 'property="og:type" content="article"' in page


def test_related_articles_are_the_categorys_five_newest_others(client, province, news):
    now = timezone.now()
    other = CategoryFactory(portal=province, slug="kinh-te", name="Kinh tế")
    for day in range(8):
        ArticleFactory(category=news, title=f"Cùng mục {day}", published_at=now - datetime.timedelta(days=day + 1))
    ArticleFactory(category=other, title="Mục khác mới nhất", published_at=now - datetime.timedelta(minutes=5))
    article = ArticleFactory(category=news, title="Bài đang đọc", published_at=now - datetime.timedelta(minutes=1))
    page = html(client.get(article.get_absolute_url()))
    related = page.split('class="related-list"', 1)[1].split("</ul>", 1)[0]
    titles = [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in related.split("<li>")[1:]]
    assert titles == [f"Cùng mục {day}" for day in range(5)]  # newest first, itself and other categories left out


def test_article_print_and_save_pages(client, province, news):
    article = ArticleFactory(category=news, title="Bài để in")
    printed = client.get(article.get_absolute_url().replace(".html", "/ban-in.html"))
    assert printed.status_code == 200 and "Bài để in" in html(printed)
    assert '<button type="button" data-print>' in html(printed) and "js/print.js" in html(printed)
    saved = client.get(article.get_absolute_url().replace(".html", "/luu.html"))
    assert saved["Content-Disposition"].startswith("attachment;") and "Bài để in" in html(saved)
    # The saved copy opens from disk: its styles travel inside it, and it has no print button.
    assert "<style>/* The print page" in html(saved) and 'font-family: "Times New Roman"' in html(saved)
    assert "data-print" not in html(saved) and "<script" not in html(saved)


def test_wrong_slug_or_category_redirects_to_the_canonical_article_url(client, province, news):
    article = ArticleFactory(category=news)
    response = client.get(f"/tin-tuc/khac/ten-cu-{article.pk}.html")
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_featured_image_is_fetched_first_with_dimensions(client, province, news, settings, tmp_path):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (10, 20, 30)).save(buffer, format="PNG")
    article = ArticleFactory(category=news)
    article.featured_image.save("anh.png", ContentFile(buffer.getvalue()))
    page = html(client.get(article.get_absolute_url()))
    # the article's own photo is the largest thing on the page: fetched at once, first (images below it are lazy)
    assert 'loading="eager" fetchpriority="high"' in page and 'width="640" height="360"' in page
    assert f'alt="{article.title}"' in page


def test_legal_documents_list_filters_and_search_by_number_or_words(client, province):
    LegalDocumentFactory(portal=province, number="01/2026/QĐ-UBND", title="Quy định về phí đỗ xe", field="Giao thông")
    LegalDocumentFactory(
        portal=province,
        number="22/2025/NQ-HĐND",
        doc_type="nghi-quyet",
        issuing_body="HĐND tỉnh Cà Mau",
        title="Nghị quyết học phí",
        field="Giáo dục",
        issued_on=datetime.date(2025, 7, 1),
        validity="expired",
    )
    page = html(client.get("/van-ban/"))
    assert "01/2026/QĐ-UBND" in page and "22/2025/NQ-HĐND" in page
    assert "HĐND tỉnh Cà Mau" in page  # issuing bodies in the filter
    only = html(client.get("/van-ban/?loai=nghi-quyet"))
    assert "22/2025/NQ-HĐND" in only and "01/2026/QĐ-UBND" not in only
    assert "01/2026/QĐ-UBND" not in html(client.get("/van-ban/?nam=2025"))
    assert "22/2025/NQ-HĐND" not in html(client.get("/van-ban/?hieu-luc=in_force"))
    assert "22/2025/NQ-HĐND" not in html(client.get("/van-ban/?linh-vuc=Giao+th%C3%B4ng"))
    assert "01/2026/QĐ-UBND" not in html(client.get("/van-ban/?co-quan=H%C4%90ND+t%E1%BB%89nh+C%C3%A0+Mau"))
    by_number = html(client.get("/van-ban/?q=01/2026/QĐ-UBND"))
    assert "01/2026/QĐ-UBND" in by_number and "22/2025/NQ-HĐND" not in by_number
    by_words = html(client.get("/van-ban/?q=hoc+phi"))
    assert "22/2025/NQ-HĐND" in by_words and "01/2026/QĐ-UBND" not in by_words


def test_legal_document_detail_shows_metadata_validity_links_and_download(client, province, settings, tmp_path):
    from django.core.files.base import ContentFile

    from editorial.models import LegalDocumentFile

    settings.MEDIA_ROOT = str(tmp_path)
    old = LegalDocumentFactory(portal=province, number="05/2020/QĐ-UBND", validity="replaced")
    new = LegalDocumentFactory(portal=province, number="07/2026/QĐ-UBND", signer="Nguyễn Văn Minh")
    new.replaces.add(old)
    attachment = LegalDocumentFile(document=new, title="Toàn văn")
    attachment.file.save("qd.pdf", ContentFile(b"%PDF-1.4 test"))
    page = html(client.get(new.get_absolute_url()))
    for text in ["07/2026/QĐ-UBND", "Nguyễn Văn Minh", "UBND tỉnh Cà Mau", "01/03/2026", "15/03/2026", "Còn hiệu lực"]:
        assert text in page
    assert "Thay thế" in page and old.get_absolute_url() in page
    assert "Tải về: Toàn văn" in page and attachment.file.url in page
    old_page = html(client.get(old.get_absolute_url()))
    assert "Bị thay thế bởi" in old_page and new.get_absolute_url() in old_page


def test_introduction_shows_org_chart_units_contacts_hotlines_leaders_and_spokesperson(client, province):
    office = Organization.objects.create(
        portal=province, name="Văn phòng UBND tỉnh", slug="vp", functions="Tham mưu tổng hợp", hotline="1900 1234"
    )
    Organization.objects.create(
        portal=province, parent=office, name="Phòng Hành chính - Tổ chức", slug="hc", phone="0290 1111"
    )
    LeaderFactory(portal=province, full_name="Phạm Thu Trang", position="Chánh Văn phòng", is_spokesperson=True)
    LeaderFactory(
        portal=province, full_name="Nguyễn Văn Minh", position="Chủ tịch UBND tỉnh", email="minh@camau.gov.vn"
    )
    page = html(client.get("/gioi-thieu/"))
    assert "Sơ đồ cơ cấu tổ chức" in page
    assert "Văn phòng UBND tỉnh" in page and "Phòng Hành chính - Tổ chức" in page
    assert (
        page.index("Văn phòng UBND tỉnh")
        < page.index('class="org-children"')
        < page.index("Phòng Hành chính - Tổ chức")
    )
    assert "Tham mưu tổng hợp" in page and "1900 1234" in page and "0290 1111" in page
    assert "Người phát ngôn" in page and "Phạm Thu Trang" in page
    assert "minh@camau.gov.vn" in page
    leaders = html(client.get("/gioi-thieu/lanh-dao/"))
    assert "Nguyễn Văn Minh" in leaders and "Chủ tịch UBND tỉnh" in leaders


def test_schedule_shows_this_week_and_navigates_between_weeks(client, province):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    leader = LeaderFactory(portal=province, full_name="Lê Quốc Bảo")
    entry = WorkScheduleEntryFactory(portal=province, date=monday + datetime.timedelta(days=2), content="Họp về sạt lở")
    entry.leaders.add(leader)
    WorkScheduleEntryFactory(portal=province, date=monday + datetime.timedelta(days=9), content="Việc tuần sau")
    page = html(client.get("/lich-cong-tac/"))
    assert "Họp về sạt lở" in page and "Lê Quốc Bảo" in page and "Việc tuần sau" not in page
    next_monday = monday + datetime.timedelta(days=7)
    assert f'href="?tuan={next_monday:%Y-%m-%d}"' in page
    following = html(client.get(f"/lich-cong-tac/?tuan={next_monday:%Y-%m-%d}"))
    assert "Việc tuần sau" in following and "Họp về sạt lở" not in following
    assert client.get("/lich-cong-tac/?tuan=khong-phai-ngay").status_code == 200


def test_consultation_shows_full_text_dates_and_only_moderated_comments(client, province):
    draft = ConsultationDraftFactory(portal=province, body="<p>Điều 1. Toàn văn dự thảo.</p>")
    ConsultationCommentFactory(draft=draft, name="Người đã duyệt", body="Góp ý đã duyệt")
    ConsultationCommentFactory(draft=draft, name="Người chờ duyệt", body="Góp ý chờ duyệt", status="pending")
    page = html(client.get(draft.get_absolute_url()))
    assert "Điều 1. Toàn văn dự thảo." in page
    assert draft.starts_on.strftime("%d/%m/%Y") in page and draft.ends_on.strftime("%d/%m/%Y") in page
    assert "Góp ý đã duyệt" in page and "Góp ý chờ duyệt" not in page
    assert "gopy@example.com" not in page  # e-mail addresses are never public
    assert "Gửi góp ý" in page and 'name="csrfmiddlewaretoken"' in page
    listing = html(client.get("/du-thao/"))
    assert draft.title in listing and "Đang lấy ý kiến" in listing and "1 góp ý" in listing


def test_citizen_sends_a_comment_inside_the_window_and_it_waits_for_moderation(client, province):
    draft = ConsultationDraftFactory(portal=province)
    response = client.post(
        draft.get_absolute_url(),
        {"name": "Võ Văn Dân", "email": "dan@example.com", "organization": "", "body": "Tôi đồng ý.", "consent": "on"},
    )
    assert response.status_code == 302 and "da-gui=1" in response["Location"]
    comment = draft.comments.get()
    assert comment.status == "pending" and comment.name == "Võ Văn Dân"
    thanks = html(client.get(response["Location"]))
    assert "sẽ được công khai sau khi kiểm duyệt" in thanks and "Tôi đồng ý." not in thanks


def test_comment_form_shows_errors_next_to_fields_and_keeps_what_was_typed(client, province):
    draft = ConsultationDraftFactory(portal=province)
    page = html(client.post(draft.get_absolute_url(), {"name": "", "email": "sai", "body": "Nội dung giữ lại"}))
    assert "Vui lòng nhập họ và tên." in page and "Thư điện tử không hợp lệ." in page
    assert "Vui lòng đánh dấu đồng ý" in page and "Nội dung giữ lại" in page
    assert draft.comments.count() == 0


def test_comment_form_is_closed_outside_the_window(client, province):
    today = timezone.localdate()
    closed = ConsultationDraftFactory(
        portal=province, starts_on=today - datetime.timedelta(days=30), ends_on=today - datetime.timedelta(days=1)
    )
    page = html(client.get(closed.get_absolute_url()))
    assert "Không trong thời gian lấy ý kiến" in page and 'name="body"' not in page
    response = client.post(
        closed.get_absolute_url(), {"name": "A", "email": "a@example.com", "body": "x", "consent": "on"}
    )
    assert response.status_code == 403 and closed.comments.count() == 0


def test_drafting_portal_staff_export_comments_as_csv_others_get_403(client, province, department):
    draft = ConsultationDraftFactory(portal=province)
    ConsultationCommentFactory(draft=draft, name="Người góp ý", email="rieng@example.com", status="pending")
    ConsultationCommentFactory(draft=draft, name="=HYPERLINK(1)", body="-2+3")
    url = f"/du-thao/{draft.pk}/gop-y.csv"
    assert client.get(url).status_code == 403
    outsider = MembershipFactory(portal=department, user=UserFactory(username="ngoai")).user
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    staff = MembershipFactory(portal=province, user=UserFactory(username="bientap")).user
    client.force_login(staff)
    response = client.get(url)
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "Người góp ý" in body and "rieng@example.com" in body
    assert "'=HYPERLINK(1)" in body and "'-2+3" in body  # formulas neutralised


def test_site_map_page_lists_sections_categories_and_component_portals(client, province, department, news):
    page = html(client.get("/so-do-cong/"))
    assert "Tin tức - Sự kiện" in page and 'href="/web/sokhcn/"' in page and 'href="/van-ban/"' in page


def test_not_found_page_uses_the_portal_layout_without_traceback(client, province):
    response = client.get("/khong-ton-tai/")
    page = html(response)
    assert response.status_code == 404 and 'class="site-header"' in page and "Không tìm thấy trang" in page
    assert "Traceback" not in page


def test_server_error_page_uses_the_layout_and_hides_the_traceback(province, settings):
    from django.test import Client

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.portal.urls_boom"
    response = Client(raise_request_exception=False).get("/boom/")
    page = html(response)
    assert response.status_code == 500 and "Hệ thống đang gặp sự cố" in page
    assert "secret detail" not in page and "Traceback" not in page and 'class="site-header"' in page


def test_every_page_carries_dublin_core_opengraph_and_canonical(client, province, news):
    article = ArticleFactory(category=news)
    for url in ["/", "/gioi-thieu/", "/van-ban/", article.get_absolute_url(), "/tim-kiem/?q=tin"]:
        page = html(client.get(url))
        for name in [
            "DC.title",
            "DC.creator",
            "DC.date",
            "DC.description",
            "DC.publisher",
            "DC.identifier",
            "DC.language",
            "DC.source",
            "DC.subject",
        ]:
            assert f'name="{name}"' in page, (url, name)
        assert 'property="og:title"' in page and 'rel="canonical"' in page


def test_emc_tracking_code_slot(client, province, settings):
    settings.EMC_TRACKING_CODE_HTML = '<script src="/static/emc-test.js" id="emc"></script>'
    assert '<script src="/static/emc-test.js" id="emc"></script>' in html(client.get("/"))


def test_satisfaction_rating_one_vote_per_visitor_per_page(client, province, news):
    from portal.models import SatisfactionRating

    article = ArticleFactory(category=news)
    page = html(client.get(article.get_absolute_url()))
    assert "Đánh giá mức độ hài lòng" in page and 'action="/danh-gia/"' in page
    first = client.post("/danh-gia/", {"path": article.get_absolute_url(), "score": "5"})
    assert first.status_code == 200 and "Cảm ơn bạn đã đánh giá." in html(first)
    again = client.post("/danh-gia/", {"path": article.get_absolute_url(), "score": "1"})
    assert "Bạn đã đánh giá trang này trước đó" in html(again)
    rating = SatisfactionRating.objects.get()
    assert rating.score == 5 and rating.portal == province and len(rating.visitor_hash) == 64
    from django.test import Client

    other = Client().post(
        "/danh-gia/", {"path": article.get_absolute_url(), "score": "3"}, HTTP_ACCEPT="application/json"
    )
    assert other.json() == {"ok": True, "created": True}
    assert SatisfactionRating.objects.count() == 2
    assert client.post("/danh-gia/", {"path": article.get_absolute_url(), "score": "9"}).status_code == 400
    assert client.post("/danh-gia/", {"path": "/bat-ky-chuoi-nao/", "score": "5"}).status_code == 400
    assert client.post("/danh-gia/", {"path": "https://example.com/", "score": "5"}).status_code == 400
    assert SatisfactionRating.objects.count() == 2


def test_rating_results_in_admin(client, province):
    from django.contrib.auth import get_user_model

    from portal.models import SatisfactionRating

    SatisfactionRating.objects.create(portal=province, path="/a/", score=4, visitor_hash="x" * 64)
    SatisfactionRating.objects.create(portal=province, path="/a/", score=2, visitor_hash="y" * 64)
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "Secret@2026!")
    client.force_login(admin)
    page = html(client.get("/admin/portal/satisfactionrating/"))
    assert "Tổng hợp theo trang" in page and "3.00" in page.replace(",", ".")


def test_unknown_component_portal_prefix_gets_the_not_found_page(client, province):
    response = client.get("/web/khong-ton-tai/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_component_portal_pages_rate_and_link_within_its_prefix(client, province, department):
    from portal.models import SatisfactionRating

    cat = CategoryFactory(portal=department, slug="tin-so", name="Tin Sở")
    article = ArticleFactory(category=cat, title="Tin riêng của sở")
    url = f"/web/sokhcn/tin-tuc/tin-so/{article.slug}-{article.pk}.html"
    page = html(client.get(url))
    assert 'action="/web/sokhcn/danh-gia/"' in page and 'href="/web/sokhcn/tin-tuc/tin-so/"' in page
    assert client.post("/web/sokhcn/danh-gia/", {"path": url, "score": "4"}).status_code == 200
    assert SatisfactionRating.objects.get().portal == department
    assert "Sitemap: http://testserver/web/sokhcn/sitemap.xml" in html(client.get("/web/sokhcn/robots.txt"))
    assert "http://testserver/web/sokhcn/sitemap-articles.xml" in html(client.get("/web/sokhcn/sitemap.xml"))
    assert f"http://testserver{url}" in html(client.get("/web/sokhcn/sitemap-articles.xml"))


def test_draft_full_text_is_sanitised_before_it_is_shown(client, province):
    draft = ConsultationDraftFactory(
        portal=province, body='<p onclick="steal()">Điều 1.</p><script>alert(1)</script><img src=x onerror="x()">'
    )
    page = html(client.get(draft.get_absolute_url()))
    assert "Điều 1." in page and "<script>alert(1)</script>" not in page
    assert "steal()" not in page and "onerror" not in page


def test_consultation_full_text_is_sanitised_like_articles(client, province):
    draft = ConsultationDraftFactory(
        portal=province,
        body='<p style="display:none">Điều 2.</p><img src="https://evil.example/x.png" onerror="alert(1)">'
        '<a href="javascript:alert(1)">xem</a><script>alert(1)</script>',
    )
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Điều 2." in html
    for dangerous in ("onerror", "javascript:alert", "<script>alert", "evil.example", 'style="display:none"'):
        assert dangerous not in html
