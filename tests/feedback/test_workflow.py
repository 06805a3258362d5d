"""The whole path in the admin: citizen → board → agency → answer → publication, with the emails;
agencies see and act only on their own assignments; retention; statistics; personal-data requests."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files import File
from django.utils import timezone
from PIL import Image

from feedback import services
from feedback.calendar import add_working_days, local_today
from feedback.models import Assignment, DataRequest, Question, RetentionError
from feedback.policy import NotAgencyOfficer, NotOnBoard

from .factories import AssignmentFactory, FieldFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def png(name="hien-trang.png"):
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buf, "PNG")
    buf.seek(0)
    buf.name = name
    return buf


def test_citizen_to_board_to_agency_to_answer_to_publication(
    client, province, board, agency, django_capture_on_commit_callbacks
):
    org, officer = agency
    field = FieldFactory(name="Xây dựng", slug="xay-dung")
    # 1. The citizen asks.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/hoi-dap/gui-cau-hoi/",
            {
                "name": "Võ Thị Lan",
                "email": "lan.vo@example.vn",
                "phone": "0900111222",
                "address": "Số 9 Ngô Quyền, Phường Tân Thành",
                "field": field.pk,
                "title": "Cấp phép sửa chữa nhà",
                "body": "Tôi là Võ Thị Lan, số điện thoại 0900111222, muốn sửa nhà thì có cần giấy phép?",
                "consent": "on",
                "attachments": [png()],
            },
        )
    assert response.status_code == 302
    question = Question.objects.get()
    assert [m.to for m in mail.outbox] == [["lan.vo@example.vn"]]

    # 2. The board sees it in the inbox and forwards it; the agency's focal officer is emailed with the due date.
    client.force_login(board["secretary"])
    inbox = client.get("/admin/feedback/inboxquestion/")
    assert "Cấp phép sửa chữa nhà" in inbox.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/feedback/question/{question.pk}/forward/",
            {"klass": "interagency", "field": field.pk, "agency": org.pk, "note": "Đề nghị trả lời sớm"},
        )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    expected_due = add_working_days(local_today(), 10)
    assert assignment.due_date == expected_due == assignment.current_due_date
    assert assignment.forwarded_at == local_today()
    assert mail.outbox[0].to == ["daumoi.sxd@camau.gov.vn"]
    assert f"{expected_due:%d/%m/%Y}" in mail.outbox[0].subject
    assert client.get("/admin/feedback/inboxquestion/").content.decode().count("Cấp phép sửa chữa nhà") == 0

    # 3. The agency reports progress with a new date (the citizen is told), then answers.
    client.force_login(officer)
    page = client.get(f"/admin/feedback/assignment/{assignment.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cấp phép sửa chữa nhà" in html and "hien-trang.png" in html
    attachment_url = f"/admin/feedback/question/attachment/{question.attachments.get().pk}/"
    assert client.get(attachment_url).status_code == 200
    mail.outbox.clear()
    new_date = expected_due + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/feedback/assignment/{assignment.pk}/interim/",
            {"text": "Đang phối hợp với UBND phường kiểm tra hiện trạng.", "new_due_date": new_date.isoformat()},
        )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.current_due_date == new_date and assignment.due_date == expected_due
    assert mail.outbox[0].to == ["lan.vo@example.vn"]
    assert f"{new_date:%d/%m/%Y}" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/feedback/assignment/{assignment.pk}/answer/",
            {"text": "Sửa chữa không làm thay đổi kết cấu thì không cần giấy phép. Gọi bà Lan số 0900111222."},
        )
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED and question.answered_by == org
    assert mail.outbox[0].to == ["lan.vo@example.vn"]
    assert "không cần giấy phép" in mail.outbox[0].body
    assignment.refresh_from_db()
    assert assignment.answered_on_time is True and assignment.working_days_taken == 0

    # 4. The chief approves publication with personal data edited out; the public page shows it.
    client.force_login(board["chief"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/feedback/question/{question.pk}/publish/",
            {
                "title": "Sửa chữa nhà có cần giấy phép xây dựng?",
                "body": "Muốn sửa nhà thì có cần giấy phép?",
                "answer": "Sửa chữa không làm thay đổi kết cấu thì không cần giấy phép.",
            },
        )
    assert response.status_code == 302
    client.logout()
    html = client.get(f"/hoi-dap/{question.pk}/").content.decode()
    assert "Sửa chữa nhà có cần giấy phép xây dựng?" in html
    for secret in ("0900111222", "lan.vo@example.vn", "Ngô Quyền", "Võ Thị Lan"):
        assert secret not in html
    assert "V.T.L." in html
    lookup = client.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}").content.decode()
    assert "Sửa chữa không làm thay đổi kết cấu" in lookup

    # 5. The chief can withdraw it again.
    client.force_login(board["chief"])
    with django_capture_on_commit_callbacks(execute=True):  # the public page cache is dropped after commit
        assert client.post(f"/admin/feedback/question/{question.pk}/unpublish/", {"confirm": "on"}).status_code == 302
    client.logout()
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 404


def test_a_secretary_cannot_approve_publication(client, province, board, agency):
    question = QuestionFactory(portal=province, status=Question.Status.ANSWERED, answer_text="Trả lời")
    client.force_login(board["secretary"])
    response = client.post(
        f"/admin/feedback/question/{question.pk}/publish/", {"title": "T", "body": "B", "answer": "A"}
    )
    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.is_published


def test_agency_a_cannot_see_or_answer_agency_b_assignment(client, province, agency, other_agency):
    org_a, officer_a = agency
    org_b, officer_b = other_agency
    mine = AssignmentFactory(agency=org_a, question__portal=province, question__title="Việc của Sở Xây dựng")
    theirs = AssignmentFactory(agency=org_b, question__portal=province, question__title="Việc của Sở Y tế")
    client.force_login(officer_a)
    listing = client.get("/admin/feedback/assignment/").content.decode()
    assert mine.question.tracking_code in listing
    assert theirs.question.tracking_code not in listing
    assert client.get(f"/admin/feedback/assignment/{theirs.pk}/change/").status_code == 404
    assert client.post(f"/admin/feedback/assignment/{theirs.pk}/answer/", {"text": "x"}).status_code == 404
    # Agencies read assignments, never the board's question pages (policy.check_view_question): not found.
    assert client.get(f"/admin/feedback/question/{theirs.question.pk}/change/").status_code == 404
    attachment_page = client.get("/admin/feedback/question/statistics/")
    assert attachment_page.status_code == 200
    assert "Sở Y tế" not in attachment_page.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Assignment.Status.OPEN
    with pytest.raises(NotAgencyOfficer):
        services.assignment_answer(assignment=theirs, text="x", user=officer_a)


def test_a_board_member_cannot_answer_for_the_agency_nor_act_on_another_portal(department, board, agency):
    org, _ = agency
    assignment = AssignmentFactory(agency=org, question__portal=board["secretary"].memberships.get().portal)
    with pytest.raises(NotAgencyOfficer):
        services.assignment_answer(assignment=assignment, text="x", user=board["secretary"])
    elsewhere = QuestionFactory(portal=department)
    with pytest.raises(NotOnBoard):
        services.question_forward(question=elsewhere, agency=org, klass="competent", user=board["secretary"])


def test_send_back_lets_the_board_forward_again_keeping_the_history(
    province, board, agency, other_agency, django_capture_on_commit_callbacks
):
    org_a, officer_a = agency
    org_b, _ = other_agency
    question = QuestionFactory(portal=province)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.question_forward(question=question, agency=org_a, klass="competent", user=board["secretary"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_send_back(assignment=first, reason="Thuộc lĩnh vực y tế", user=officer_a)
    question.refresh_from_db()
    assert question.status == Question.Status.RETURNED
    assert {"thuky@camau.gov.vn", "truongban@camau.gov.vn"} <= set(mail.outbox[0].to)
    assert "Thuộc lĩnh vực y tế" in mail.outbox[0].body
    second = services.question_forward(question=question, agency=org_b, klass="competent", user=board["secretary"])
    assert list(question.assignments.order_by("pk").values_list("agency_id", "status")) == [
        (org_a.pk, "returned"),
        (org_b.pk, "open"),
    ]
    assert second.due_date == add_working_days(local_today(), 5)
    assert list(question.events.values_list("action", flat=True)) == ["forwarded", "sent_back", "forwarded"]


def test_rejection_tells_the_citizen_the_reason(province, board, django_capture_on_commit_callbacks):
    question = QuestionFactory(portal=province, email="hoi@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_reject(
            question=question, reason="duplicate", note="Đã hỏi ở mã khác", user=board["secretary"]
        )
    assert mail.outbox[0].to == ["hoi@example.vn"]
    assert "Trùng lặp" in mail.outbox[0].body


def test_questions_cannot_be_deleted_until_30_days_after_the_answer(client, province, board, settings):
    question = QuestionFactory(portal=province, status=Question.Status.ANSWERED, closed_at=timezone.now())
    with pytest.raises(RetentionError):
        question.delete()
    with pytest.raises(RetentionError):
        Question.objects.filter(pk=question.pk).delete()
    client.force_login(board["chief"])
    assert client.post(f"/admin/feedback/question/{question.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()
    Question.objects.filter(pk=question.pk).update(closed_at=timezone.now() - dt.timedelta(days=31))
    question.refresh_from_db()
    services.question_delete(question=question, user=board["chief"])
    assert not Question.objects.filter(pk=question.pk).exists()


def test_spam_and_blocking_a_sender(client, province, board):
    question = QuestionFactory(portal=province, email="rac@example.vn", submitter_ip="10.0.0.9")
    client.force_login(board["secretary"])
    response = client.post(f"/admin/feedback/question/{question.pk}/spam/", {"block": "on", "reason": "Quảng cáo"})
    assert response.status_code == 302
    assert services.is_blocked(email="rac@example.vn")
    assert services.is_blocked(ip="10.0.0.9")
    question.refresh_from_db()
    assert question.is_spam


def test_statistics_count_on_time_late_and_overdue_by_agency(client, province, board, agency):
    org, _ = agency
    AssignmentFactory(
        agency=org, question__portal=province, status="answered", answered_on_time=True, working_days_taken=3
    )
    AssignmentFactory(
        agency=org, question__portal=province, status="answered", answered_on_time=False, working_days_taken=9
    )
    AssignmentFactory(agency=org, question__portal=province, status="overdue", current_due_date=dt.date(2020, 1, 2))
    client.force_login(board["chief"])
    html = client.get("/admin/feedback/question/statistics/").content.decode()
    assert "Sở Xây dựng" in html
    compact = "".join(html.split())
    # forwarded, on time, late, open, overdue, average working days
    assert '<thscope="row">SởXâydựng</th><td>3</td><td>1</td><td>1</td><td>1</td><td>1</td><td>6,0</td>' in compact


def test_personal_data_requests_are_due_in_72_hours_and_erase_what_the_law_allows(
    province, board, django_capture_on_commit_callbacks
):
    old = QuestionFactory(portal=province, email="xoa@example.vn", status="answered")
    Question.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=40))
    recent = QuestionFactory(portal=province, email="xoa@example.vn", status="answered", closed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        request = services.data_request_create(email="xoa@example.vn", kind="erase")
    assert request.due_at - request.received_at == dt.timedelta(hours=72)
    handled = services.data_request_handle(request=request, user=board["chief"])
    assert handled.status == DataRequest.Status.PARTIAL
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.phone == "" and old.anonymised_at
    assert recent.email == "xoa@example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        access = services.data_request_create(email="xoa@example.vn", kind="access")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.data_request_handle(request=access, user=board["chief"])
    assert mail.outbox[0].to == ["xoa@example.vn"]
    assert recent.tracking_code in mail.outbox[0].body


def test_attachments_are_served_only_to_the_board_and_the_agency_it_was_forwarded_to(
    client, province, board, agency, other_agency
):
    org, officer = agency
    _other_org, other_officer = other_agency
    question = QuestionFactory(portal=province)
    attachment = question.attachments.create(
        file=File(png(), name="giay-to.png"), original_name="giay-to.png", kind="png", size=100
    )
    url = f"/admin/feedback/question/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    AssignmentFactory(question=question, agency=org)
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "image/png"
    client.force_login(board["secretary"])
    assert client.get(url).status_code == 200


def test_closed_questions_are_exported_for_the_archives_once(province, agency, tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    org, _ = agency
    old = AssignmentFactory(agency=org, question__portal=province, status="answered").question
    Question.objects.filter(pk=old.pk).update(
        status="answered", answer_text="Đã trả lời", closed_at=timezone.now() - dt.timedelta(days=400)
    )
    recent = QuestionFactory(portal=province, status="answered", closed_at=timezone.now())
    out = StringIO()
    call_command("archive_feedback", "--out", str(tmp_path), stdout=out)
    assert "Archived 1 questions" in out.getvalue()
    (path,) = tmp_path.iterdir()
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["tracking_code"] == old.tracking_code
    assert record["answer"] == "Đã trả lời"
    assert record["assignments"][0]["agency"] == "Sở Xây dựng"
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.archived_at is not None and recent.archived_at is None
    out = StringIO()
    call_command("archive_feedback", "--out", str(tmp_path), stdout=out)
    assert "Nothing to archive." in out.getvalue()


def test_publishing_and_withdrawing_tell_the_public_site_after_the_commit(
    province, board, django_capture_on_commit_callbacks
):
    from editorial.signals import content_changed

    received = []

    def receiver(sender, instance, portal_id, action, **kwargs):
        received.append((sender, instance.pk, portal_id, action))

    content_changed.connect(receiver)
    try:
        question = QuestionFactory(portal=province, status=Question.Status.ANSWERED, answer_text="Trả lời")
        with django_capture_on_commit_callbacks(execute=True):
            services.question_publish(question=question, user=board["chief"], title="T", body="B", answer="A")
        with django_capture_on_commit_callbacks(execute=True):
            services.question_unpublish(question=question, user=board["chief"])
    finally:
        content_changed.disconnect(receiver)
    assert received == [
        (Question, question.pk, province.pk, "published"),
        (Question, question.pk, province.pk, "unpublished"),
    ]


def test_coordinating_agencies_receive_the_question_and_may_read_but_not_answer(
    client, province, board, agency, other_agency, django_capture_on_commit_callbacks
):
    org, officer = agency
    helper_org, helper = other_agency
    question = QuestionFactory(portal=province, title="Ô nhiễm từ cơ sở y tế tư nhân")
    client.force_login(board["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/feedback/question/{question.pk}/forward/",
            {"klass": "interagency", "agency": org.pk, "coordinating": [helper_org.pk]},
        )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.due_date == add_working_days(local_today(), 10)
    assert set(mail.outbox[0].to) == {"daumoi.sxd@camau.gov.vn", "daumoi.syt@camau.gov.vn"}
    assert "Cơ quan phối hợp: Sở Y tế" in mail.outbox[0].body
    client.force_login(helper)
    page = client.get(f"/admin/feedback/assignment/{assignment.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/feedback/assignment/{assignment.pk}/answer/" not in page.content.decode()
    assert client.post(f"/admin/feedback/assignment/{assignment.pk}/answer/", {"text": "x"}).status_code == 403
    with pytest.raises(NotAgencyOfficer):
        services.assignment_answer(assignment=assignment, text="x", user=helper)


def test_forwarding_to_an_agency_nobody_can_be_emailed_at_is_refused(client, province, board):
    from tests.factories import OrganizationFactory

    silent = OrganizationFactory(portal=province, name="Ban Quản lý dự án", slug="ban-qlda", email="")
    question = QuestionFactory(portal=province)
    client.force_login(board["secretary"])
    response = client.post(
        f"/admin/feedback/question/{question.pk}/forward/", {"klass": "competent", "agency": silent.pk}
    )
    assert response.status_code == 200
    assert "chưa có cán bộ đầu mối" in response.content.decode()
    assert not Assignment.objects.exists()


def test_an_attachment_named_html_downloads_under_its_real_kind_and_inert(client, province, board, media_root):
    """A citizen's PDF named .html is stored and downloaded as .pdf, typed application/pdf (decision 0720)."""
    from django.core.files.base import ContentFile

    question = QuestionFactory(portal=province)
    attachment = question.attachments.create(
        file=ContentFile(b"%PDF-1.4\n<script>alert(1)</script>", name="don.html"),
        original_name="don.html",
        kind="pdf",
        size=33,
    )
    assert attachment.file.name.endswith("/don.pdf")
    client.force_login(board["secretary"])
    response = client.get(f"/admin/feedback/question/attachment/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="don.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
