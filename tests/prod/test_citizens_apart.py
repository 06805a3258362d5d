"""Behind nginx every citizen is still themselves: limits, challenges and blocks follow the forwarded address.

The test runner is nginx's trusted client (loopback) and forwards a different address per citizen, as the
province's load balancer does; nginx appends its own peer, Django believes the chain only from trusted proxies.
"""

import pytest

from .citizen import ASK, ask, challenge_answer, question_fields, tracking_code

pytestmark = pytest.mark.prod


def _question_of(stack, code, attribute):
    return stack.shell(
        f"from feedback.models import Question; print(Question.objects.get(tracking_code='{code}').{attribute})"
    )


def test_the_stored_address_is_the_citizens_not_nginx(prod_stack):
    response = ask(prod_stack.session(client="203.0.113.31"), "c31@example.vn")
    assert _question_of(prod_stack, tracking_code(response.text), "submitter_ip") == "203.0.113.31"


def test_one_citizens_many_questions_neither_challenge_nor_refuse_another(prod_stack):
    busy = prod_stack.session(client="203.0.113.40")
    for n in range(5):  # FEEDBACK_RATE_PER_IP: the challenge appears and is solved on the way
        response = ask(busy, f"busy{n}@example.vn")
        assert response.url.endswith("/da-gui/"), (n, response.status_code)
    assert ask(busy, "busy-extra@example.vn").status_code == 429
    other = prod_stack.session(client="203.0.113.41")
    form = other.get(ASK)
    assert challenge_answer(form.text) is None
    assert ask(other, "other@example.vn").url.endswith("/da-gui/")


def test_lookups_are_limited_per_citizen(prod_stack):
    eager = prod_stack.session(client="203.0.113.50")
    statuses = [eager.get("/hoi-dap/tra-cuu/?ma=KHONGCO").status_code for _ in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    assert prod_stack.session(client="203.0.113.51").get("/hoi-dap/tra-cuu/?ma=KHONGCO").status_code == 404


def test_blocking_a_senders_address_blocks_only_that_sender(prod_stack):
    spammer = prod_stack.session(client="203.0.113.60")
    code = tracking_code(ask(spammer, "spam@example.vn").text)
    prod_stack.shell(
        "from django.contrib.auth import get_user_model; from feedback import services; "
        f"from feedback.models import Question; q = Question.objects.get(tracking_code='{code}'); "
        "admin = get_user_model().objects.get(username='admin.camau'); "
        "services.sender_block(ip=q.submitter_ip, reason='thử', user=admin)"
    )
    assert ask(spammer, "spam2@example.vn").status_code == 403
    assert ask(prod_stack.session(client="203.0.113.61"), "honest@example.vn").url.endswith("/da-gui/")


def test_the_challenge_shown_is_the_one_checked_across_failed_submissions(prod_stack):
    citizen = prod_stack.session(client="203.0.113.70")
    for n in range(2):  # use up the free attempts
        assert ask(citizen, f"loop{n}@example.vn").url.endswith("/da-gui/")
    form = citizen.get(ASK)
    assert challenge_answer(form.text) is not None
    # Consent forgotten, then a wrong sum: each time the page shows a challenge and keeps what was typed.
    page = citizen.post(ASK, data=question_fields(form.text, "loop@example.vn", consent=None)).text
    assert "Cần đồng ý" in page and "Thủ tục cấp giấy phép xây dựng nhà ở" in page
    page = citizen.post(ASK, data=question_fields(page, "loop@example.vn", challenge="99")).text
    assert "Kết quả chưa đúng" in page
    # The sum shown now is the one the server checks.
    done = citizen.post(ASK, data=question_fields(page, "loop@example.vn"))
    assert done.url.endswith("/da-gui/"), done.status_code
