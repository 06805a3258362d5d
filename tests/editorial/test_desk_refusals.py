"""Every refusal explained where the user stands (issue #15): the rule's Vietnamese message on the change page and
after bulk actions, unavailable steps shown disabled with their reason, and the admin's 403/404/500 in the admin's
layout with a way back (the public site's error pages unchanged)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from components.admin_errors import AdminErrorPagesMiddleware
from editorial.models import Article, State
from tests.editorial.factories import ArticleFactory
from tests.editorial.test_admin import change_url, put

pytestmark = pytest.mark.django_db


def unavailable(html, step):
    """The reason shown beside the disabled button of `step` ("" when there is none)."""
    marker = f'data-unavailable-step="{step}"'
    if marker not in html:
        return ""
    part = html[html.index(marker) :]
    return part[part.index('class="workflow-why"') : part.index("</small>")]


def test_the_chief_sees_why_approving_their_own_article_is_not_offered(client, board):
    own = ArticleFactory(category=board.local, created_by=board.chief, state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    html = client.get(change_url(own)).content.decode()
    assert 'data-step="approve"' not in html
    assert "Không ai được duyệt nội dung do chính mình viết hoặc sửa." in unavailable(html, "approve")


def test_a_deputy_without_a_delegation_sees_why(client, board, article):
    from editorial.models import Delegation

    Delegation.objects.all().delete()
    put(article, State.AWAITING_APPROVAL)
    client.force_login(board.deputy)
    html = client.get(change_url(article)).content.decode()
    assert "Trưởng Ban Biên tập" in unavailable(html, "approve") or "ủy quyền" in unavailable(html, "approve")


def test_steps_of_other_states_are_listed_with_the_state(client, board, article):
    client.force_login(board.contributor)
    html = client.get(change_url(article)).content.decode()
    later = html[html.index('data-later-step="approve"') :]
    assert "Không thể “Duyệt và xuất bản” khi nội dung đang ở trạng thái “Bản nháp”." in later[: later.index("</li>")]


def test_a_category_not_assigned_answers_403_in_the_admins_layout_with_the_reason(client, board):
    travel = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.SUBMITTED)
    client.force_login(board.member)
    response = client.get(change_url(travel), HTTP_REFERER="http://testserver/admin/editorial/article/")
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-status="403"' in html and 'id="user-tools"' in html  # the admin's layout, signed in
    assert "Bạn không được phân công biên tập chuyên mục này." in html
    assert 'href="http://testserver/admin/editorial/article/"' in html  # back where the user came from
    assert "Về trang chủ quản trị" in html and "Forbidden" not in html


def test_a_missing_admin_page_answers_404_in_the_admins_layout(client, board, article):
    client.force_login(board.member)
    for url in (reverse("admin:editorial_article_revisions", args=[987654]), "/admin/khong-co-trang-nay/"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert 'data-status="404"' in html and "Không tìm thấy trang" in html, url


def test_the_public_404_stays_the_public_one(client, board):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "admin-error-page" not in response.content.decode()


def test_a_server_error_in_the_admin_is_shown_in_the_admins_layout(board, settings):
    settings.DEBUG = False
    request = RequestFactory().get("/admin/editorial/article/")
    request.user = board.chief
    request.session = {}
    response = AdminErrorPagesMiddleware(lambda r: None).process_exception(request, RuntimeError("boom"))
    assert response.status_code == 500
    html = response.content.decode()
    assert 'data-status="500"' in html and "Đã có lỗi xảy ra" in html and "boom" not in html
    request.user = AnonymousUser()
    assert AdminErrorPagesMiddleware(lambda r: None).process_exception(request, RuntimeError()).status_code == 500
    settings.DEBUG = True
    assert AdminErrorPagesMiddleware(lambda r: None).process_exception(request, RuntimeError()) is None


def test_bulk_approve_says_why_each_item_was_skipped(client, board):
    own = ArticleFactory(category=board.local, created_by=board.chief, state=State.AWAITING_APPROVAL)
    draft = ArticleFactory(category=board.local, created_by=board.contributor, state=State.DRAFT)
    fine = ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    response = client.post(
        reverse("admin:editorial_article_changelist"),
        {"action": "bulk_approve", "_selected_action": [own.pk, draft.pk, fine.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Bỏ qua 2 mục" in html
    assert f"“{own}”: Không ai được duyệt nội dung do chính mình viết hoặc sửa." in html
    assert f"“{draft}”: Không thể “Duyệt và xuất bản”" in html
    assert Article.objects.get(pk=fine.pk).state == State.PUBLISHED
