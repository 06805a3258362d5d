"""The question form never loses a citizen: per-citizen limits behind nginx, the challenge that is shown is the
one checked, and a saved question always shows its code (Redis down, broker down, session not saved)."""

import re
from unittest import mock

import pytest

from feedback.models import BlockedSender, Notification, Question
from feedback.spam import NUMBERS

from .factories import FieldFactory, QuestionFactory
from .test_public import ASK, form_data, png_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def field(db):
    return FieldFactory(name="Xây dựng", slug="xay-dung")


NGINX = {"REMOTE_ADDR": "127.0.0.1"}
DEAD_REDIS = {
    "default": {
        "BACKEND": "portal.redis_cache.ReusingRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def via_nginx(address):
    return {**NGINX, "HTTP_X_FORWARDED_FOR": address}


def shown_sum(response):
    """The sum the page asks for, read the way a citizen reads it."""
    match = re.search(r"Phép tính kiểm tra: (\S+) cộng (\S+) bằng mấy", response.content.decode())
    assert match, "the challenge is not on the page"
    return NUMBERS.index(match[1]) + NUMBERS.index(match[2])


# --- one address per citizen behind nginx -------------------------------------------------------------------------


def test_citizens_behind_nginx_have_independent_limits(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    settings.FEEDBACK_RATE_PER_IP = 1
    assert client.post(ASK, form_data(field, email="a@example.vn"), **via_nginx("203.0.113.1")).status_code == 302
    refused = client.post(ASK, form_data(field, email="b@example.vn"), **via_nginx("203.0.113.1"))
    assert refused.status_code == 429 and "Địa chỉ của bạn đã gửi quá nhiều câu hỏi" in refused.content.decode()
    assert client.post(ASK, form_data(field, email="c@example.vn"), **via_nginx("203.0.113.2")).status_code == 302
    assert sorted(Question.objects.values_list("submitter_ip", flat=True)) == ["203.0.113.1", "203.0.113.2"]


def test_a_forged_forwarded_header_from_outside_does_not_escape_the_limit(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    settings.FEEDBACK_RATE_PER_IP = 1
    outside = {"REMOTE_ADDR": "198.51.100.9"}
    first = client.post(ASK, form_data(field, email="a@example.vn"), HTTP_X_FORWARDED_FOR="1.1.1.1", **outside)
    assert first.status_code == 302
    second = client.post(ASK, form_data(field, email="b@example.vn"), HTTP_X_FORWARDED_FOR="2.2.2.2", **outside)
    assert second.status_code == 429
    assert Question.objects.get().submitter_ip == "198.51.100.9"


def test_spoofed_left_most_entries_do_not_change_the_citizen(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    settings.FEEDBACK_RATE_PER_IP = 1
    assert (
        client.post(ASK, form_data(field, email="a@example.vn"), **via_nginx("9.9.9.9, 203.0.113.1")).status_code == 302
    )
    again = client.post(ASK, form_data(field, email="b@example.vn"), **via_nginx("8.8.8.8, 203.0.113.1"))
    assert again.status_code == 429


def test_blocking_a_sender_address_blocks_only_that_citizen(client, province, field):
    BlockedSender.objects.create(ip="203.0.113.66", reason="Thư rác")
    assert client.post(ASK, form_data(field), **via_nginx("203.0.113.66")).status_code == 403
    assert client.post(ASK, form_data(field), **via_nginx("203.0.113.67")).status_code == 302


def test_lookup_limits_are_per_citizen_behind_nginx(client, province, settings):
    question = QuestionFactory(portal=province)
    settings.FEEDBACK_LOOKUP_RATE = 1
    url = f"/hoi-dap/tra-cuu/?ma={question.tracking_code}"
    assert client.get(url, **via_nginx("203.0.113.1")).status_code == 200
    assert client.get(url, **via_nginx("203.0.113.1")).status_code == 429
    assert client.get(url, **via_nginx("203.0.113.2")).status_code == 200


# --- the challenge shown is the one checked -----------------------------------------------------------------------


def test_after_three_failed_submissions_the_shown_sum_is_accepted(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 1
    page = client.post(ASK, form_data(field, consent=""))  # 1: consent forgotten; the challenge appears
    assert page.status_code == 400
    page = client.post(ASK, form_data(field, challenge=str(shown_sum(page) + 1)))  # 2: wrong sum
    assert "Kết quả chưa đúng" in page.content.decode()
    page = client.post(ASK, form_data(field, consent="", challenge=str(shown_sum(page))))  # 3: right sum, no consent
    html = page.content.decode()
    assert page.status_code == 400 and "Thủ tục xin phép sửa nhà" in html  # what was typed is kept
    assert f'name="challenge" value="{shown_sum(page)}"' in html  # the right answer too
    page = client.post(ASK, form_data(field, title="", challenge=str(shown_sum(page))))  # 4: title emptied
    assert page.status_code == 400
    done = client.post(ASK, form_data(field, challenge=str(shown_sum(page))))
    assert done.status_code == 302
    assert Question.objects.count() == 1


def test_a_get_of_the_form_shows_the_same_sum_as_the_last_failed_post(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 1
    failed = client.post(ASK, form_data(field, consent=""))
    reloaded = client.get(ASK)
    assert shown_sum(reloaded) == shown_sum(failed)
    assert client.post(ASK, form_data(field, challenge=str(shown_sum(reloaded)))).status_code == 302


def test_the_form_says_attachments_must_be_chosen_again(client, province, field):
    page = client.post(ASK, form_data(field, consent="", attachments=[png_file()]))
    assert "trình duyệt không thể giữ lại tệp đính kèm" in page.content.decode()


# --- a saved question always shows its code -----------------------------------------------------------------------


def test_with_redis_down_the_form_lookup_and_data_request_pages_work(client, province, field, settings):
    settings.CACHES = DEAD_REDIS
    settings.PORTAL_PAGE_CACHE = False
    assert client.get(ASK).status_code == 200
    sent = client.post(ASK, form_data(field), follow=True)
    question = Question.objects.get()
    assert sent.status_code == 200 and question.tracking_code in sent.content.decode()
    assert client.get(f"/hoi-dap/tra-cuu/?ma={question.tracking_code}").status_code == 200
    assert client.get("/hoi-dap/du-lieu-ca-nhan/").status_code == 200
    posted = client.post(
        "/hoi-dap/du-lieu-ca-nhan/", {"email": question.email, "code": question.tracking_code, "kind": "access"}
    )
    assert posted.status_code == 200


def test_with_redis_down_the_limits_hold_from_the_database(client, province, field, settings):
    settings.CACHES = DEAD_REDIS
    settings.PORTAL_PAGE_CACHE = False
    settings.FEEDBACK_CHALLENGE_AFTER = 100
    settings.FEEDBACK_RATE_PER_IP = 1
    assert client.post(ASK, form_data(field, email="a@example.vn"), **via_nginx("203.0.113.1")).status_code == 302
    assert client.post(ASK, form_data(field, email="b@example.vn"), **via_nginx("203.0.113.1")).status_code == 429
    assert client.post(ASK, form_data(field, email="c@example.vn"), **via_nginx("203.0.113.2")).status_code == 302
    from components.models import RateLimitHit

    assert RateLimitHit.objects.exists()  # counted in the database while the cache was down
    assert not RateLimitHit.objects.filter(key__contains="203.0.113").exists()  # only keyed hashes are stored


def test_a_broker_outage_shows_the_code_and_keeps_the_email_for_the_sweep(
    client, province, field, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    with (
        mock.patch("feedback.tasks.send_notifications.delay", side_effect=OperationalError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(ASK, form_data(field), follow=True)
    question = Question.objects.get()
    assert response.status_code == 200 and question.tracking_code in response.content.decode()
    notification = Notification.objects.get(question=question)
    assert notification.sent_at is None


def test_a_session_that_cannot_be_saved_still_shows_the_code(client, province, field):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import DatabaseError

    with mock.patch.object(SessionStore, "save", side_effect=DatabaseError("session table locked")):
        response = client.post(ASK, form_data(field))
    question = Question.objects.get()
    assert response.status_code == 200 and question.tracking_code in response.content.decode()


def test_an_expired_session_asks_for_the_new_sum_without_calling_the_answer_wrong(client, province, field, settings):
    settings.FEEDBACK_CHALLENGE_AFTER = 1
    client.post(ASK, form_data(field, consent=""))
    client.post(ASK, form_data(field, consent=""))
    client.cookies.clear()  # the session (and its challenge) is gone; the address still needs one
    page = client.post(ASK, form_data(field, challenge="7"))
    html = page.content.decode()
    assert page.status_code == 400 and "Vui lòng trả lời phép tính kiểm tra." in html
    assert "Kết quả chưa đúng" not in html
    assert client.post(ASK, form_data(field, challenge=str(shown_sum(page)))).status_code == 302


# --- the limits belong to the service, not to the form ------------------------------------------------------------


def _submit(portal, *, email, ip):
    from feedback import services

    return services.question_submit(
        portal=portal,
        name="Trần Văn Bình",
        email=email,
        title="Hỏi về giấy phép xây dựng",
        body="Nhà cấp bốn có cần xin giấy phép không?",
        consent_text="Tôi đồng ý.",
        ip=ip,
    )


def test_every_caller_of_question_submit_gets_the_limits(province, settings):
    """Not only the web form: any caller of the service (an API, a script) is refused past the hourly allowance,
    and nothing is stored."""
    from feedback.spam import TooManyQuestions

    settings.FEEDBACK_RATE_PER_EMAIL = 1
    settings.FEEDBACK_RATE_PER_IP = 2
    _submit(province, email="binh@example.vn", ip="203.0.113.7")
    with pytest.raises(TooManyQuestions) as refused:
        _submit(province, email=" Binh@Example.vn ", ip="203.0.113.8")
    assert refused.value.field == "email"
    _submit(province, email="an@example.vn", ip="203.0.113.7")
    with pytest.raises(TooManyQuestions) as refused:
        _submit(province, email="chi@example.vn", ip="203.0.113.7")
    assert refused.value.field is None
    assert Question.objects.count() == 2


def test_a_question_saved_while_its_count_cannot_be_written_still_shows_its_code(client, province, field):
    from components import ratelimit
    from feedback import spam

    real_hit = ratelimit.hit

    def hit(request, group, value, *, limit, period, increment=True):
        if increment and group in (spam.SENT_IP, spam.SENT_EMAIL):
            raise RuntimeError("counter store busy")
        return real_hit(request, group, value, limit=limit, period=period, increment=increment)

    with mock.patch.object(ratelimit, "hit", hit):
        response = client.post(ASK, form_data(field), follow=True)
    question = Question.objects.get()
    assert response.status_code == 200 and question.tracking_code in response.content.decode()
