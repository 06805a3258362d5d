"""What each role sees and may do in the admin: pages, buttons, 403s, bulk actions, stale forms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.models import Article, AuditEvent, State
from tests.editorial.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:editorial_article_change", args=[article.pk])


def step_url(article, step):
    return reverse("admin:editorial_article_workflow", args=[article.pk, step])


def put(article, state):
    Article.objects.filter(pk=article.pk).update(state=state)
    article.refresh_from_db()
    return article


def buttons(response):
    html = response.content.decode()
    return {
        name
        for name in ("submit", "forward", "return", "approve", "schedule", "refuse", "unpublish", "archive")
        if f'data-step="{name}"' in html
    }


def form_data(article, **changes):
    data = {
        "portal": article.portal_id,
        "category": article.category_id,
        "language": article.language,
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "image_caption": "",
        "author_name": article.author_name,
        "source": article.source,
        "expected_version": article.version,
        "go_live_at_0": "",
        "go_live_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("contributor", State.DRAFT, {"submit", "archive"}),
        ("member", State.DRAFT, set()),
        ("member", State.SUBMITTED, {"forward", "return"}),
        ("secretary", State.SUBMITTED, {"forward", "return"}),
        ("secretary", State.IN_REVIEW, {"forward", "return"}),
        ("member", State.IN_REVIEW, set()),
        ("chief", State.AWAITING_APPROVAL, {"approve", "schedule", "refuse", "return", "archive"}),
        ("deputy", State.AWAITING_APPROVAL, {"approve", "schedule", "refuse", "return", "archive"}),
        ("secretary", State.AWAITING_APPROVAL, set()),
        ("chief", State.PUBLISHED, {"unpublish", "archive"}),
        ("administrator", State.SUBMITTED, set()),
    ],
)
def test_change_page_shows_only_the_buttons_the_role_may_use(client, board, article, role, state, expected):
    if role != "contributor" or state != State.DRAFT:
        put(article, state)
    client.force_login(getattr(board, role))
    response = client.get(change_url(article))
    if role == "member" and state == State.DRAFT:
        assert response.status_code == 403  # someone else's draft
        return
    assert response.status_code == 200
    assert buttons(response) == expected


def test_full_path_through_the_admin_publishes_and_records_history(
    client, board, article, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    path = [("contributor", "submit"), ("member", "forward"), ("secretary", "forward"), ("chief", "approve")]
    for role, step in path:
        client.force_login(getattr(board, role))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(step_url(article, step), {"comment": f"Ý kiến của {role}"})
        assert response.status_code == 302, (role, step)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    response = client.get(change_url(article))
    assert "Ý kiến của secretary" in response.content.decode()  # history on the item's page
    assert AuditEvent.objects.filter(object_id=article.pk).count() == 4
    assert board.contributor.email in {m.to[0] for m in mailoutbox if "Duyệt" in m.subject}


def test_step_not_allowed_is_refused_with_the_rules_reason(client, board, article):
    put(article, State.AWAITING_APPROVAL)
    client.force_login(board.member)
    response = client.post(step_url(article, "approve"), follow=True)
    assert "Chưa thực hiện “Duyệt và xuất bản”: Chỉ Trưởng Ban Biên tập" in response.content.decode()
    article.refresh_from_db()
    assert article.state == State.AWAITING_APPROVAL


def test_another_portals_content_answers_403(client, board, other_board):
    theirs = ArticleFactory(category=other_board.local, created_by=other_board.contributor, state=State.SUBMITTED)
    client.force_login(board.member)
    assert client.get(change_url(theirs)).status_code == 403
    assert client.post(step_url(theirs, "forward")).status_code == 403
    client.force_login(board.chief)
    assert client.get(change_url(theirs)).status_code == 403
    listing = client.get(reverse("admin:editorial_article_changelist"))
    assert theirs.title not in listing.content.decode()


def test_member_gets_403_on_a_category_not_assigned(client, board):
    travel = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.SUBMITTED)
    client.force_login(board.member)
    assert client.get(change_url(travel)).status_code == 403
    assert client.post(step_url(travel, "forward")).status_code == 403


def test_return_without_reason_is_refused_with_a_message(client, board, article):
    put(article, State.SUBMITTED)
    client.force_login(board.member)
    response = client.post(step_url(article, "return"), {"comment": ""}, follow=True)
    assert "Hãy ghi rõ lý do" in response.content.decode()
    article.refresh_from_db()
    assert article.state == State.SUBMITTED


def test_author_sees_no_approve_button_on_own_article(client, board):
    own = ArticleFactory(category=board.local, created_by=board.chief, state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    response = client.get(change_url(own))
    assert "approve" not in buttons(response)
    refused = client.post(step_url(own, "approve"), follow=True).content.decode()
    assert "Không ai được duyệt nội dung do chính mình viết hoặc sửa." in refused
    own.refresh_from_db()
    assert own.state == State.AWAITING_APPROVAL


def test_contributor_creates_an_article_in_the_admin(client, board):
    client.force_login(board.contributor)
    assert client.get(reverse("admin:editorial_article_add")).status_code == 200
    data = form_data(
        Article(
            portal=board.portal,
            category=board.local,
            title="Hội thi Cán bộ, công chức tài năng",
            summary="Hội thi lần thứ hai.",
            body="<p>Ngày 20/11...</p>",
            author_name="Lê Văn An",
            source="Sở Nội vụ",
            slug="",
            version=1,
        ),
    )
    data.pop("expected_version")
    response = client.post(reverse("admin:editorial_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Article.objects.get(title="Hội thi Cán bộ, công chức tài năng")
    assert created.created_by == board.contributor and created.state == State.DRAFT
    assert created.slug == "hoi-thi-can-bo-cong-chuc-tai-nang"


def test_author_and_source_are_mandatory(client, board):
    client.force_login(board.contributor)
    data = form_data(
        Article(portal=board.portal, category=board.local, title="Tin thiếu nguồn", version=1),
        author_name="",
        source="",
    )
    response = client.post(reverse("admin:editorial_article_add"), data)
    assert response.status_code == 200
    assert Article.objects.filter(title="Tin thiếu nguồn").count() == 0


def test_stale_form_is_refused_and_what_was_typed_is_kept(client, board):
    article = services.content_create(
        obj=Article(portal=board.portal, category=board.local, title="Bản gốc", author_name="A", source="B"),
        user=board.contributor,
    )
    client.force_login(board.contributor)
    stale_version = article.version
    # Someone else saves first.
    article.title = "Bản của người khác"
    services.content_update(obj=article, user=board.contributor, expected_version=stale_version)
    response = client.post(
        change_url(article), form_data(article, title="Bản tôi đang gõ", expected_version=stale_version)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vừa được người khác cập nhật" in html
    assert "Bản tôi đang gõ" in html
    article.refresh_from_db()
    assert article.title == "Bản của người khác"


def test_bulk_approve_acts_only_where_allowed(client, board):
    mine = ArticleFactory(category=board.local, created_by=board.chief, state=State.AWAITING_APPROVAL)
    theirs = ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    response = client.post(
        reverse("admin:editorial_article_changelist"),
        {"action": "bulk_approve", "_selected_action": [mine.pk, theirs.pk]},
        follow=True,
    )
    assert "Bỏ qua 1 mục" in response.content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.state, theirs.state) == (State.AWAITING_APPROVAL, State.PUBLISHED)


def test_bulk_approve_is_not_offered_to_members(client, board):
    ArticleFactory(category=board.local, created_by=board.contributor, state=State.SUBMITTED)
    client.force_login(board.member)
    response = client.get(reverse("admin:editorial_article_changelist"))
    assert "bulk_approve" not in response.content.decode()
    assert "bulk_forward" in response.content.decode()


def test_article_list_filters_and_query_count(client, board, django_assert_max_num_queries):
    for i in range(30):
        ArticleFactory(
            category=board.local,
            created_by=board.contributor,
            state=State.PUBLISHED if i % 2 else State.SUBMITTED,
            published_at=timezone.now(),
        )
    client.force_login(board.chief)
    url = reverse("admin:editorial_article_changelist")
    # session, user, 2 model-permission lookups, memberships, domain map, portal index (slugs, roots; cached like
    # the domain map, dropped only when a portal changes), 3 filter lookups (portals, categories, authors), date
    # hierarchy (2), counts (2), page rows with portal/category/author joined, and the portal-scoped admin sidebar
    # (province-administrator check, portal ids, roles held; feedback's board-portal and chief checks): 21 whatever
    # the rows
    with django_assert_max_num_queries(21):
        response = client.get(url, {"state": "published", "category": board.local.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 15


def test_diacritic_insensitive_search_in_the_admin(client, board):
    ArticleFactory(category=board.local, created_by=board.contributor, title="Đường Hà Nội được mở rộng")
    client.force_login(board.chief)
    response = client.get(reverse("admin:editorial_article_changelist"), {"q": "duong ha noi"})
    assert response.context["cl"].result_count == 1


def test_audit_log_is_read_only_and_filterable(client, board, article):
    services.submit(obj=article, user=board.contributor)
    client.force_login(board.chief)
    listing = client.get(reverse("admin:editorial_auditevent_changelist"), {"action": "submit"})
    assert listing.status_code == 200 and listing.context["cl"].result_count == 1
    event = AuditEvent.objects.get()
    detail = client.get(reverse("admin:editorial_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:editorial_auditevent_delete", args=[event.pk])).status_code == 403
    assert client.get(reverse("admin:editorial_auditevent_add")).status_code == 403


def test_chief_assigns_members_to_a_category_and_members_cannot(client, board):
    url = reverse("admin:editorial_category_change", args=[board.tourism.pk])
    client.force_login(board.member)
    assert client.post(url, {}).status_code == 403
    client.force_login(board.chief)
    data = {
        "portal": board.portal.pk,
        "name": "Du lịch",
        "slug": board.tourism.slug,
        "sort_order": 0,
        "is_active": "on",
        "show_in_menu": "on",
        "reviewers": [board.member.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    travel = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.SUBMITTED)
    member = type(board.member).objects.get(pk=board.member.pk)
    services.forward(obj=travel, user=member)
    assert AuditEvent.objects.filter(action="assign").exists()


def test_my_work_lists_what_waits_what_i_sent_and_overdue(client, board, settings):
    settings.EDITORIAL_REVIEW_OVERDUE_DAYS = 2
    waiting = ArticleFactory(
        category=board.local, created_by=board.contributor, state=State.SUBMITTED, title="Bài chờ thành viên"
    )
    old = ArticleFactory(category=board.local, created_by=board.contributor, state=State.SUBMITTED, title="Bài chờ lâu")
    Article.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timezone.timedelta(days=3))
    client.force_login(board.member)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Việc của tôi" in index
    html = client.get(reverse("editorial_my_work")).content.decode()
    assert waiting.title in html and old.title in html and "quá hạn" in html
    client.force_login(board.contributor)
    html = client.get(reverse("editorial_my_work")).content.decode()
    assert "Tôi đã gửi" in html and waiting.title in html


def test_deputy_outside_the_delegation_window_sees_no_approve_button_and_is_refused(client, board, article):
    from editorial.models import Delegation

    Delegation.objects.update(
        valid_from=timezone.localdate() - timezone.timedelta(days=9),
        valid_to=timezone.localdate() - timezone.timedelta(days=2),
    )
    put(article, State.AWAITING_APPROVAL)
    client.force_login(board.deputy)
    response = client.get(change_url(article))
    assert response.status_code == 200 and buttons(response) == set()
    refused = client.post(step_url(article, "approve"), follow=True).content.decode()
    assert "Bạn không có ủy quyền của Trưởng ban còn hiệu lực cho nội dung này." in refused
    article.refresh_from_db()
    assert article.state == State.AWAITING_APPROVAL


def test_chief_records_a_delegation_in_the_admin(client, board):
    from editorial.models import Delegation

    Delegation.objects.all().delete()
    client.force_login(board.chief)
    today = timezone.localdate()
    response = client.post(
        reverse("admin:editorial_delegation_add"),
        {
            "portal": board.portal.pk,
            "chief": board.chief.pk,
            "deputy": board.deputy.pk,
            "valid_from": today.isoformat(),
            "valid_to": (today + timezone.timedelta(days=3)).isoformat(),
            "scope_note": "Trưởng ban đi công tác",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Delegation.objects.active().filter(deputy=board.deputy).exists()
    assert AuditEvent.objects.filter(action="delegate", actor=board.chief).exists()
    client.force_login(board.member)
    assert client.get(reverse("admin:editorial_delegation_add")).status_code == 403


def test_category_tree_page_for_the_chief_and_read_only_for_members(client, board, other_board):
    client.force_login(board.chief)
    response = client.get(reverse("admin:editorial_category_changelist"))
    html = response.content.decode()
    assert response.status_code == 200 and "Tin trong tỉnh" in html and "tree-node" in html
    assert response.context["cl"].result_count == 3  # only this portal's categories
    client.force_login(board.member)
    assert client.get(reverse("admin:editorial_category_add")).status_code == 403


def test_reopen_a_refused_article_as_a_draft(client, board, article):
    put(article, State.REFUSED)
    client.force_login(board.contributor)
    assert "reopen" in client.get(change_url(article)).content.decode()
    assert client.post(step_url(article, "reopen")).status_code == 302
    article.refresh_from_db()
    assert article.state == State.DRAFT


def test_my_work_page_query_count_does_not_grow_with_the_items(client, board, django_assert_max_num_queries):
    for _ in range(12):
        ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    # session, user, memberships, portal map, per registered type (articles, legal documents, leaders, schedule
    # entries, consultation drafts): in-review rows, their latest revision authors (only when there are rows),
    # the chief's own items, its content type (cached after the first request); the admin sidebar
    # (province-administrator check, portal ids, roles held: one query each for all scoped admins; feedback's
    # board checks): 28, fixed whatever the number of items
    with django_assert_max_num_queries(28):
        response = client.get(reverse("editorial_my_work"))
    assert len(response.context["waiting"]) == 12


def test_audit_log_board_wide_filters_by_portal_user_and_date(client, board, other_board, article):
    services.submit(obj=article, user=board.contributor)
    theirs = ArticleFactory(category=other_board.local, created_by=other_board.contributor)
    services.submit(obj=theirs, user=other_board.contributor)
    url = reverse("admin:editorial_auditevent_changelist")
    client.force_login(board.chief)
    assert client.get(url).context["cl"].result_count == 1  # the other portal's log is not shown
    today = timezone.localdate()
    filters = {
        "portal": board.portal.pk,
        "actor__id__exact": board.contributor.pk,
        "created_at__gte": today.isoformat(),
        "created_at__lt": (today + timezone.timedelta(days=1)).isoformat(),
    }
    response = client.get(url, filters)
    assert response.status_code == 200 and response.context["cl"].result_count == 1
    client.force_login(board.contributor)  # contributors see their own actions only
    assert client.get(url).context["cl"].result_count == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"language": "en"}, {"English news"}),
        ({"author": "contributor"}, {"Contributor's piece"}),
        ({"is_reference__exact": "1"}, set()),
    ],
)
def test_article_list_filters(client, board, params, expected):
    ArticleFactory(category=board.local, created_by=board.contributor, title="Contributor's piece")
    ArticleFactory(category=board.local, created_by=board.chief, title="English news", language="en")
    client.force_login(board.chief)
    if params.get("author") == "contributor":
        params = {"author": board.contributor.pk}
    response = client.get(reverse("admin:editorial_article_changelist"), params)
    assert {a.title for a in response.context["cl"].result_list} == expected


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("contributor", 200),
        ("member", 200),
        ("secretary", 200),
        ("deputy", 200),
        ("chief", 200),
        ("administrator", 403),
    ],
)
def test_who_may_open_the_add_article_page(client, board, role, status):
    client.force_login(getattr(board, role))
    assert client.get(reverse("admin:editorial_article_add")).status_code == status


def test_staff_without_a_board_role_sees_no_editorial_pages(client, board, article):
    from tests.factories import UserFactory

    outsider = UserFactory(username="nhanvien.khac")
    client.force_login(outsider)
    assert client.get(reverse("admin:editorial_article_changelist")).status_code == 403
    assert client.get(change_url(article)).status_code == 403
    assert "Biên tập nội dung" not in client.get(reverse("admin:index")).content.decode()


def test_categories_cannot_be_dragged_or_filed_under_another_portals_tree(client, board, other_board, settings):
    from tests.factories import UserFactory

    root = UserFactory(username="quantri", is_superuser=True)
    client.force_login(root)
    response = client.post(
        reverse("admin:editorial_category_changelist"),
        {"cmd": "move_node", "cut_item": board.tourism.pk, "pasted_on": other_board.news.pk, "position": "last-child"},
    )
    assert response.content == b"FAIL, other portal."
    board.tourism.refresh_from_db()
    assert board.tourism.parent is None
    add = client.post(
        reverse("admin:editorial_category_add"),
        {"portal": board.portal.pk, "parent": other_board.news.pk, "name": "Lạc cổng", "sort_order": 0},
    )
    assert add.status_code == 200 and "Chuyên mục cha phải thuộc cùng cổng" in add.content.decode()


def test_chief_drags_a_category_inside_the_own_tree(client, board):
    client.force_login(board.chief)
    response = client.post(
        reverse("admin:editorial_category_changelist"),
        {"cmd": "move_node", "cut_item": board.tourism.pk, "pasted_on": board.news.pk, "position": "last-child"},
    )
    assert response.status_code == 200 and b"OK" in response.content
    board.tourism.refresh_from_db()
    assert board.tourism.parent == board.news
