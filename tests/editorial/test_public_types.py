"""Leaders, schedule entries and consultation drafts go through the same editorial workflow as articles."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from editorial import services
from editorial.models import AuditEvent, ConsultationComment, ConsultationDraft, Leader, State, WorkScheduleEntry
from portal.services import NotModeratorOfPortal, consultation_comments_moderate
from tests.portal.factories import ConsultationCommentFactory, ConsultationDraftFactory, LeaderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday())
TIMES = {"go_live_at_0": "", "go_live_at_1": "", "expire_at_0": "", "expire_at_1": ""}


def leader_data(portal):
    return {
        "portal": portal.pk,
        "language": "vi",
        "organization": "",
        "full_name": "Võ Thị Phương Thảo",
        "position": "Phó Chủ tịch UBND tỉnh",
        "phone": "0290 3831 009",
        "email": "vtpthao@camau.gov.vn",
        "biography": "Sinh năm 1978.",
        "order": "5",
        "expected_version": "",
        **TIMES,
    }


def schedule_data(portal):
    return {
        "portal": portal.pk,
        "language": "vi",
        "date": TODAY.isoformat(),
        "start_time": "08:00",
        "content": "Kiểm tra công trình kè chống sạt lở ven biển Tây",
        "location": "Huyện Trần Văn Thời",
        "participants": "Sở Nông nghiệp và Môi trường",
        "expected_version": "",
        **TIMES,
    }


def draft_data(portal):
    return {
        "portal": portal.pk,
        "language": "vi",
        "title": "Dự thảo Nghị quyết hỗ trợ ngư dân vươn khơi",
        "slug": "",
        "summary": "Lấy ý kiến Nhân dân.",
        "body": "<p>Điều 1. Phạm vi điều chỉnh.</p>",
        "drafting_agency": "Sở Nông nghiệp và Môi trường",
        "starts_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=20)).isoformat(),
        "expected_version": "",
        **TIMES,
    }


# (model, admin data, marker text shown on the public page, public URL of the item)
TYPES = {
    "leader": (Leader, leader_data, "Võ Thị Phương Thảo", lambda obj: reverse("portal:leaders")),
    "schedule": (
        WorkScheduleEntry,
        schedule_data,
        "Kiểm tra công trình kè chống sạt lở",
        lambda obj: reverse("portal:schedule") + f"?tuan={MONDAY.isoformat()}",
    ),
    "draft": (ConsultationDraft, draft_data, "hỗ trợ ngư dân vươn khơi", lambda obj: obj.get_absolute_url()),
}


def admin_url(model, name, *args):
    return reverse(f"admin:editorial_{model._meta.model_name}_{name}", args=args)


@pytest.mark.parametrize("kind", list(TYPES))
def test_contributor_creates_an_item_that_is_public_only_after_the_chief_approves(
    client, board, kind, django_capture_on_commit_callbacks
):
    model, data, marker, public_url = TYPES[kind]
    client.force_login(board.contributor)
    response = client.post(admin_url(model, "add"), data(board.portal))
    assert response.status_code == 302, response.content.decode()[:3000]
    obj = model.objects.get()
    assert obj.state == State.DRAFT and obj.created_by == board.contributor
    citizen = Client()
    url = public_url(obj)

    def public_shows():
        page = citizen.get(url)
        return page.status_code == 200 and marker in page.content.decode()

    assert not public_shows()  # a draft: the anonymous page (now cached) does not show it
    path = [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]
    for role, step in path:
        client.force_login(getattr(board, role))
        assert client.post(admin_url(model, "workflow", obj.pk, step)).status_code == 302, (role, step)
        assert not public_shows()
    obj.refresh_from_db()
    assert obj.state == State.AWAITING_APPROVAL
    client.force_login(board.chief)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(admin_url(model, "workflow", obj.pk, "approve")).status_code == 302
    obj.refresh_from_db()
    assert obj.state == State.PUBLISHED
    assert public_shows()  # the cached page was dropped when it went live
    actions = list(
        AuditEvent.objects.filter(object_id=obj.pk, content_type__model=model._meta.model_name)
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "submit", "forward", "forward", "approve"]


@pytest.mark.parametrize("kind", list(TYPES))
def test_a_member_of_another_portal_gets_403(client, board, other_board, kind):
    model, data, marker, _ = TYPES[kind]
    client.force_login(board.contributor)
    client.post(admin_url(model, "add"), data(board.portal), follow=True)  # follow: the flash message is read
    obj = model.objects.get()
    services.submit(obj=obj, user=board.contributor)
    for outsider in (other_board.member, other_board.chief):
        client.force_login(outsider)
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 403
        assert client.post(admin_url(model, "workflow", obj.pk, "forward")).status_code == 403
        assert client.get(admin_url(model, "preview", obj.pk)).status_code == 403
        assert marker not in client.get(admin_url(model, "changelist")).content.decode()
    obj.refresh_from_db()
    assert obj.state == State.SUBMITTED


@pytest.mark.parametrize("kind", list(TYPES))
def test_preview_shows_the_item_with_the_public_template(client, board, kind):
    model, data, marker, _ = TYPES[kind]
    client.force_login(board.contributor)
    client.post(admin_url(model, "add"), data(board.portal))
    obj = model.objects.get()
    response = client.get(admin_url(model, "preview", obj.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert marker in page and "Bản xem trước" in page


def test_chief_cannot_approve_a_leader_he_wrote_and_a_contributor_cannot_approve(client, board):
    leader = LeaderFactory(portal=board.portal, state=State.AWAITING_APPROVAL, created_by=board.chief)
    client.force_login(board.chief)
    refused = client.post(admin_url(Leader, "workflow", leader.pk, "approve"), follow=True).content.decode()
    assert "Không ai được duyệt nội dung do chính mình viết hoặc sửa." in refused
    client.force_login(board.contributor)
    refused = client.post(admin_url(Leader, "workflow", leader.pk, "approve"))
    assert refused.status_code == 403 and 'data-status="403"' in refused.content.decode()  # may not even see it
    leader.refresh_from_db()
    assert leader.state == State.AWAITING_APPROVAL


def test_editing_a_published_leader_keeps_the_live_version_until_approved(
    client, board, django_capture_on_commit_callbacks
):
    leader = LeaderFactory(portal=board.portal, created_by=board.contributor, full_name="Nguyễn Văn Cũ")
    citizen = Client()
    assert "Nguyễn Văn Cũ" in citizen.get(reverse("portal:leaders")).content.decode()
    client.force_login(board.contributor)
    data = {**leader_data(board.portal), "full_name": "Nguyễn Văn Mới", "expected_version": leader.version}
    assert client.post(admin_url(Leader, "change", leader.pk), data).status_code == 302
    page = citizen.get(reverse("portal:leaders")).content.decode()
    assert "Nguyễn Văn Cũ" in page and "Nguyễn Văn Mới" not in page
    leader.refresh_from_db()
    for role, step in [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]:
        services.transition(obj=leader, user=getattr(board, role), name=step)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(obj=leader, user=board.chief)
    page = citizen.get(reverse("portal:leaders")).content.decode()
    assert "Nguyễn Văn Mới" in page and "Nguyễn Văn Cũ" not in page


def test_schedule_entry_form_offers_only_leaders_of_the_users_portals(client, board, other_board):
    LeaderFactory(portal=board.portal, full_name="Lãnh đạo của tỉnh")
    LeaderFactory(portal=other_board.portal, full_name="Lãnh đạo của sở")
    client.force_login(board.contributor)
    page = client.get(admin_url(WorkScheduleEntry, "add")).content.decode()
    assert "Lãnh đạo của tỉnh" in page and "Lãnh đạo của sở" not in page


def test_admin_search_finds_leaders_without_diacritics(client, board):
    LeaderFactory(portal=board.portal, full_name="Đặng Hữu Đức", created_by=board.contributor)
    client.force_login(board.chief)
    response = client.get(admin_url(Leader, "changelist"), {"q": "dang huu duc"})
    assert response.status_code == 200 and response.context["cl"].result_count == 1


# --- Comment moderation ------------------------------------------------------------------------------------


def comment_changelist():
    return reverse("admin:editorial_consultationcomment_changelist")


def test_board_member_moderates_only_comments_of_their_own_portal(client, board, other_board):
    ours = ConsultationCommentFactory(
        draft=ConsultationDraftFactory(portal=board.portal), name="Góp ý về dự thảo của tỉnh", status="pending"
    )
    theirs = ConsultationCommentFactory(
        draft=ConsultationDraftFactory(portal=other_board.portal), name="Góp ý về dự thảo của sở", status="pending"
    )
    client.force_login(board.member)
    listing = client.get(comment_changelist()).content.decode()
    assert "Góp ý về dự thảo của tỉnh" in listing and "Góp ý về dự thảo của sở" not in listing
    client.post(
        comment_changelist(), {"action": "approve", "_selected_action": [ours.pk, theirs.pk], "index": 0}, follow=True
    )
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == "approved" and theirs.status == "pending"
    change = reverse("admin:editorial_consultationcomment_change", args=[theirs.pk])
    assert client.get(change).status_code == 404  # not among the rows this user may see
    with pytest.raises(NotModeratorOfPortal):
        consultation_comments_moderate(comments=[theirs], user=board.member, status="approved")
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def test_contributor_cannot_moderate_comments_on_their_portals_drafts(client, board):
    """A contributor writes for the board but does not sit on it (docs/decisions/0800-roles-defined-once.md)."""
    comment = ConsultationCommentFactory(draft=ConsultationDraftFactory(portal=board.portal), status="pending")
    client.force_login(board.contributor)
    assert client.get(comment_changelist()).status_code == 403
    client.post(comment_changelist(), {"action": "approve", "_selected_action": [comment.pk], "index": 0})
    with pytest.raises(NotModeratorOfPortal):
        consultation_comments_moderate(comments=[comment], user=board.contributor, status="approved")
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_superuser_moderates_every_portal_and_outsiders_see_nothing(client, board, other_board):
    theirs = ConsultationCommentFactory(draft=ConsultationDraftFactory(portal=other_board.portal), status="pending")
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Secret@2026!")
    client.force_login(root)
    client.post(comment_changelist(), {"action": "reject", "_selected_action": [theirs.pk], "index": 0})
    theirs.refresh_from_db()
    assert theirs.status == ConsultationComment.Status.REJECTED
    outsider = get_user_model().objects.create_user("nobody", password="x", is_staff=True)
    client.force_login(outsider)
    assert client.get(comment_changelist()).status_code == 403


def test_approved_comment_shows_on_the_public_draft_page(client, board, django_capture_on_commit_callbacks):
    draft = ConsultationDraftFactory(portal=board.portal)
    comment = ConsultationCommentFactory(draft=draft, body="Đề nghị hỗ trợ thêm nhiên liệu.", status="pending")
    assert "Đề nghị hỗ trợ thêm nhiên liệu." not in Client().get(draft.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        consultation_comments_moderate(comments=[comment], user=board.chief, status="approved")
    assert "Đề nghị hỗ trợ thêm nhiên liệu." in Client().get(draft.get_absolute_url()).content.decode()


def test_publication_email_links_to_the_public_page_of_a_schedule_entry(
    board, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    entry = WorkScheduleEntry.objects.create(
        portal=board.portal, date=TODAY, content="Họp Ban Chỉ đạo chuyển đổi số", created_by=board.contributor
    )
    with django_capture_on_commit_callbacks(execute=True):
        for role, step in [("contributor", "submit"), ("member", "forward"), ("secretary", "forward")]:
            services.transition(obj=entry, user=getattr(board, role), name=step)
        services.approve(obj=entry, user=board.chief)
    published = [m for m in mailoutbox if board.contributor.email in m.to and "Họp Ban Chỉ đạo" in m.body]
    assert published and f"/lich-cong-tac/?tuan={MONDAY.isoformat()}" in published[-1].body


def test_moderator_changes_a_comments_status_in_its_form_but_not_its_text(client, board):
    comment = ConsultationCommentFactory(
        draft=ConsultationDraftFactory(portal=board.portal), body="Góp ý gốc của người dân.", status="pending"
    )
    client.force_login(board.secretary)
    url = reverse("admin:editorial_consultationcomment_change", args=[comment.pk])
    response = client.post(url, {"status": "approved", "body": "Nội dung bị sửa"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.body == "Góp ý gốc của người dân."


def test_submitted_schedule_entry_waits_on_the_members_my_work_page(client, board):
    entry = WorkScheduleEntry.objects.create(
        portal=board.portal, date=TODAY, content="Đối thoại với doanh nghiệp", created_by=board.contributor
    )
    services.submit(obj=entry, user=board.contributor)
    client.force_login(board.member)
    response = client.get(reverse("editorial_my_work"))
    assert [row["obj"] for row in response.context["waiting"]] == [entry]
    assert "Đối thoại với doanh nghiệp" in response.content.decode()
