"""Accessibility (axe-core, WCAG 2.1 AA) and small-screen layout, checked in Debian's chromium."""

import os
from pathlib import Path

import pytest

from tests.conftest import chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def axe_path():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("node_modules/axe-core is missing; `make test` runs `npm ci` first")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE


@pytest.fixture
def site(province, department):
    from components.models import Organization
    from tests.portal.factories import (
        ArticleFactory,
        CategoryFactory,
        ConsultationCommentFactory,
        ConsultationDraftFactory,
        LeaderFactory,
        LegalDocumentFactory,
        WorkScheduleEntryFactory,
    )

    news = CategoryFactory(portal=province, name="Tin tức - Sự kiện", slug="tin-tuc-su-kien", name_en="News")
    economy = CategoryFactory(portal=province, name="Kinh tế", slug="kinh-te")
    articles = []
    for n in range(12):
        articles.append(
            ArticleFactory(
                category=news if n % 2 else economy,
                title=f"Cà Mau đẩy mạnh phát triển đường giao thông nông thôn, kỳ {n}, tiêu đề dài thử xuống dòng",
                summary="Tỉnh tập trung nguồn lực cho hạ tầng giao thông, thủy lợi và chuyển đổi số cấp xã.",
                body="<p>Đoạn văn thứ nhất.</p><h2>Mục một</h2>"
                "<p>Đoạn văn <a href='https://camau.gov.vn/'>có liên kết</a>.</p>",
                is_featured=n < 3,
                is_reference=n == 5,
            )
        )
    dept_cat = CategoryFactory(portal=department, slug="tin-so", name="Tin Sở")
    ArticleFactory(category=dept_cat, title="Sở Khoa học và Công nghệ nghiệm thu đề tài")
    old = LegalDocumentFactory(portal=province, number="05/2020/QĐ-UBND", validity="replaced")
    doc = LegalDocumentFactory(portal=province, number="07/2026/QĐ-UBND")
    doc.replaces.add(old)
    office = Organization.objects.create(
        portal=province, name="Văn phòng UBND tỉnh", slug="vp", hotline="1900 1234", functions="Tham mưu, tổng hợp"
    )
    Organization.objects.create(portal=province, parent=office, name="Phòng Hành chính", slug="phc", phone="0290 1111")
    leader = LeaderFactory(
        portal=province, full_name="Nguyễn Văn Minh", is_spokesperson=True, biography="Sinh năm 1970."
    )
    WorkScheduleEntryFactory(portal=province).leaders.add(leader)
    draft = ConsultationDraftFactory(portal=province)
    ConsultationCommentFactory(draft=draft)
    question = _published_question(province)
    return {"article": articles[5], "document": doc, "draft": draft, "question": question}


def _published_question(portal):
    from django.utils import timezone

    from tests.feedback.factories import QuestionFactory

    return QuestionFactory(
        portal=portal,
        status="answered",
        is_published=True,
        published_at=timezone.now(),
        published_title="Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ",
        published_body="Xin hỏi cần những giấy tờ gì?",
        published_answer="Hồ sơ gồm đơn đề nghị, giấy tờ về quyền sử dụng đất và bản vẽ thiết kế.",
    )


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test still reads the database.
    # Set for this test only, so no other test (e.g. `check --deploy` in a subprocess) inherits it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _pages(site):
    return {
        "home": "/",
        "category": "/tin-tuc/tin-tuc-su-kien/",
        "article": site["article"].get_absolute_url(),
        "documents": "/van-ban/",
        "document": site["document"].get_absolute_url(),
        "search": "/tim-kiem/?q=duong+giao+thong",
        "consultation": site["draft"].get_absolute_url(),
        "consultations": "/du-thao/",
        "leaders": "/gioi-thieu/lanh-dao/",
        "introduction": "/gioi-thieu/",
        "schedule": "/lich-cong-tac/",
        "english-home": "/en/",
        "questions": "/hoi-dap/",
        "question": f"/hoi-dap/{site['question'].pk}/",
        "question-form": "/hoi-dap/gui-cau-hoi/",
        "question-lookup": f"/hoi-dap/tra-cuu/?ma={site['question'].tracking_code}",
    }


def test_public_pages_have_no_axe_violations(live_server, site, browser):
    script = axe_path().read_text()
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script; the CSP has its own test
    failures = {}
    for name, path in _pages(site).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, (name, response.status)
        page.add_script_tag(content=script)
        result = page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"""
        )
        violations = [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3], "help": v["help"]}
            for v in result["violations"]
        ]
        if violations:
            failures[name] = violations
    assert failures == {}


def test_home_and_article_fit_a_375px_screen_without_horizontal_scroll(live_server, site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 375, "height": 812})
    for name, path in [("home", "/"), ("article", site["article"].get_absolute_url())]:
        page.goto(live_server.url + path)
        shot = tmp_path / f"{name}-375.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)


def test_every_main_page_fits_a_320px_screen(live_server, site, browser):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    for name, path in _pages(site).items():
        page.goto(live_server.url + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)


def test_font_size_controls_enlarge_the_text_and_remember_it(live_server, site, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    before = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    after = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after > before
    page.goto(live_server.url + "/van-ban/")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == after


def test_rating_widget_records_an_anonymous_vote_without_leaving_the_page(live_server, site, browser):
    from portal.models import SatisfactionRating

    page = browser.new_page()
    page.goto(live_server.url + site["article"].get_absolute_url())
    page.get_by_label("4 – Hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    assert SatisfactionRating.objects.get().score == 4


def test_keyboard_users_reach_the_skip_link_first_and_it_moves_focus_to_the_content(live_server, site, browser):
    page = browser.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Bỏ qua, đến nội dung chính"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
