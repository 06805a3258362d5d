"""Citizens get their emails in the language of the page they used, although the worker that writes them later has
no request; officials get theirs in Vietnamese whatever language happens to be active."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from feedback import services, sweep, tasks
from feedback.models import DataRequest, Notification, Question
from tests.factories import MembershipFactory, PortalFactory, UserFactory

from .factories import FieldFactory, QuestionFactory
from .test_public import form_data as public_form_data

pytestmark = pytest.mark.django_db

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def english_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def form_data(**extra):
    """The public form's valid answers (tests/feedback/test_public.py), with a field of questions made here."""
    return public_form_data(FieldFactory(name="Xây dựng", slug="xay-dung"), **extra)


def ask(client, path, django_capture_on_commit_callbacks):
    """Submit the form; the email is only queued (the broker takes it after the commit), not sent in the request."""
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(path, form_data()).status_code == 302
    assert mail.outbox == []
    return Question.objects.get()


def run_worker(ambient):
    """What a Celery worker does: no request, some language active (its default, or one left by a previous task)."""
    ids = list(Notification.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))
    with translation.override(ambient):
        tasks.send_notifications(ids)


def test_a_question_asked_on_the_english_site_gets_its_emails_in_english(
    client, province, django_capture_on_commit_callbacks
):
    assert client.get("/en/hoi-dap/gui-cau-hoi/").status_code == 200
    question = ask(client, "/en/hoi-dap/gui-cau-hoi/", django_capture_on_commit_callbacks)
    assert question.language == "en"
    assert question.consent_text.startswith("I consent")  # the text the citizen saw, as before

    run_worker(ambient="vi")
    [email] = mail.outbox
    assert email.to == ["binh.tran@example.vn"]
    assert email.subject == f"We have received your question — tracking code {question.tracking_code}"
    assert email.body.startswith("Dear Trần Văn Bình,\n")
    assert f"Tracking code: {question.tracking_code}" in email.body
    assert f"https://camau.gov.vn/en/hoi-dap/tra-cuu/?ma={question.tracking_code}" in email.body
    assert "Kính gửi" not in email.body and "Mã tra cứu" not in email.body
    # The lookup page the link opens is the English one.
    page = client.get(f"/en/hoi-dap/tra-cuu/?ma={question.tracking_code}")
    assert page.status_code == 200 and 'lang="en"' in page.content.decode()


def test_a_question_asked_on_the_vietnamese_site_gets_its_emails_in_vietnamese(
    client, province, django_capture_on_commit_callbacks
):
    question = ask(client, "/hoi-dap/gui-cau-hoi/", django_capture_on_commit_callbacks)
    assert question.language == "vi"

    run_worker(ambient="en")  # a language left active in the worker does not leak into the email
    [email] = mail.outbox
    assert email.subject == f"Đã nhận câu hỏi của ông/bà — mã tra cứu {question.tracking_code}"
    assert email.body.startswith("Kính gửi ông/bà Trần Văn Bình,\n")
    assert f"Mã tra cứu: {question.tracking_code}" in email.body
    assert f"https://camau.gov.vn/hoi-dap/tra-cuu/?ma={question.tracking_code}" in email.body
    assert "/en/" not in email.body


def test_the_sweep_requeues_an_unsent_receipt_in_the_citizens_language(
    client, province, django_capture_on_commit_callbacks
):
    question = ask(client, "/en/hoi-dap/gui-cau-hoi/", django_capture_on_commit_callbacks)  # broker was down
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        assert sweep.run().requeued == 1
    [email] = [m for m in mail.outbox if m.to == [question.email]]
    assert email.subject.startswith("We have received your question")
    assert "/en/hoi-dap/tra-cuu/" in email.body


def test_every_email_of_an_english_question_is_english_and_the_officials_stay_vietnamese(
    province, board, agency, django_capture_on_commit_callbacks
):
    org, officer = agency
    question = QuestionFactory(portal=province, email="mary@example.com", name="Mary Nguyen", language="en")

    def sent(action):
        mail.outbox.clear()
        with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
            action()  # an English admin session must not turn the officials' emails into English
        return list(mail.outbox)

    [forwarded] = sent(
        lambda: services.question_forward(question=question, agency=org, klass="competent", user=board["secretary"])
    )
    assignment = question.assignments.get()
    assert forwarded.to == ["daumoi.sxd@camau.gov.vn"]
    assert forwarded.subject.startswith("[Hỏi đáp] Câu hỏi")
    assert f"{assignment.due_date:%d/%m/%Y}" in forwarded.subject
    assert "Kính gửi Sở Xây dựng" in forwarded.body and "Phân loại: Đúng thẩm quyền" in forwarded.body

    new_date = assignment.due_date + dt.timedelta(days=7)
    [interim] = sent(
        lambda: services.assignment_interim_reply(
            assignment=assignment, text="Đang kiểm tra hiện trạng.", new_due_date=new_date, user=officer
        )
    )
    assert interim.to == ["mary@example.com"]
    assert interim.subject == (
        f"Progress on your question {question.tracking_code}: answer expected by {english_date(new_date)}"
    )
    assert f"Answer expected by {english_date(new_date)}." in interim.body
    assert "Sở Xây dựng reports progress on your question" in interim.body

    [answer] = sent(
        lambda: services.assignment_answer(assignment=assignment, text="Không cần giấy phép.", user=officer)
    )
    assert answer.subject == f"Answer to your question {question.tracking_code}"
    assert "Sở Xây dựng answers your question" in answer.body and "Không cần giấy phép." in answer.body

    question.refresh_from_db()
    [published] = sent(
        lambda: services.question_publish(question=question, user=board["chief"], title="T", body="B", answer="A")
    )
    assert published.subject == f"Your question {question.tracking_code} has been published on the e-Portal"
    assert "Your phone number, e-mail address and postal address are not published." in published.body
    assert "/en/hoi-dap/tra-cuu/" in published.body

    other = QuestionFactory(portal=province, language="en")
    [rejected] = sent(lambda: services.question_reject(question=other, reason="duplicate", user=board["secretary"]))
    assert rejected.subject == f"Your question {other.tracking_code} was not accepted"
    assert "Reason: Duplicate of a question already sent." in rejected.body


def test_reminders_and_escalations_from_the_sweep_stay_vietnamese_for_an_english_question(
    province, board, agency, django_capture_on_commit_callbacks
):
    org, officer = agency
    question = QuestionFactory(portal=province, language="en", status=Question.Status.FORWARDED)
    due = dt.date(2026, 12, 7)
    question.assignments.create(
        agency=org, klass="competent", forwarded_at=dt.date(2026, 11, 30), due_date=due, current_due_date=due
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        sweep.run(now=dt.datetime(2026, 12, 8, 8, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    overdue = next(m for m in mail.outbox if "daumoi.sxd@camau.gov.vn" in m.to)
    assert overdue.subject == f"[Quá hạn] Câu hỏi {question.tracking_code} chưa được trả lời (hạn 07/12/2026)"
    assert "đã quá hạn trả lời (07/12/2026)" in overdue.body
    assert all(m.to != [question.email] for m in mail.outbox)  # nothing of the sweep goes to the citizen


def test_a_data_request_from_the_english_site_is_answered_in_english(
    client, province, django_capture_on_commit_callbacks
):
    UserFactory(username="sysadmin", email="sysadmin@camau.gov.vn", is_superuser=True)
    question = QuestionFactory(portal=province, email="mary@example.com", language="vi")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/hoi-dap/du-lieu-ca-nhan/",
            {"email": "mary@example.com", "code": question.tracking_code, "kind": "access"},
        )
    assert response.status_code == 200
    request = DataRequest.objects.get()
    assert request.language == "en"
    [to_admins] = mail.outbox
    assert "sysadmin@camau.gov.vn" in to_admins.to
    assert to_admins.subject.startswith("[Hỏi đáp] Yêu cầu về dữ liệu cá nhân")  # officials: Vietnamese

    mail.outbox.clear()
    admin = UserFactory(username="root2", is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.data_request_handle(request=request, user=admin)
    [copy] = mail.outbox
    assert copy.to == ["mary@example.com"]
    assert copy.subject == "Copy of your personal data"
    assert copy.body.startswith("Dear Sir or Madam,\n")
    sent_on = timezone.localtime(question.submitted_at)
    assert f"— Code {question.tracking_code}, sent on {english_date(sent_on.date())}, {sent_on:%H:%M}" in copy.body
    assert "Name: Nguyễn Thị Hồng Nhung; phone: 0912345678" in copy.body


def test_a_data_request_the_board_records_takes_the_language_of_the_citizens_latest_question(province):
    QuestionFactory(
        portal=province, email="mary@example.com", language="vi", submitted_at=timezone.now() - dt.timedelta(days=9)
    )
    QuestionFactory(portal=province, email="mary@example.com", language="en")
    assert services.data_request_create(email="Mary@example.com ", kind="access").language == "en"
    assert services.data_request_create(email="nobody@example.com", kind="access").language == "vi"


def test_the_link_of_a_component_portal_without_a_domain_goes_through_its_web_prefix(
    province, django_capture_on_commit_callbacks
):
    commune = PortalFactory(parent=province, slug="xa-khanh-binh", domain=None)
    question = QuestionFactory(portal=commune, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_reject(question=question, reason="duplicate", user=_chief(commune))
    assert f"https://camau.gov.vn/web/xa-khanh-binh/en/hoi-dap/tra-cuu/?ma={question.tracking_code}" in (
        mail.outbox[0].body
    )


def _chief(portal):
    return MembershipFactory(portal=portal, role="chief", user=UserFactory()).user


def test_the_admin_shows_the_language_read_only(client, province, board):
    question = QuestionFactory(portal=province, language="en")
    client.force_login(board["secretary"])
    html = client.get(f"/admin/feedback/question/{question.pk}/change/").content.decode()
    row = re.search(r'<div class="form-row field-language">.*?<div class="readonly">(.*?)</div>', html, re.S)
    assert row and row.group(1) == "Tiếng Anh"  # the admin speaks Vietnamese: "English" is "Tiếng Anh" there
    assert 'name="language"' not in html
