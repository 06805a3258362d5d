"""Redis (cache and broker) down: the citizen's pages still answer, and a saved question shows its code."""

import re

import pytest

from .citizen import ask, tracking_code
from .conftest import csrf_token

pytestmark = pytest.mark.prod


def test_with_redis_down_the_question_form_lookup_and_data_request_answer(prod_stack):
    citizen = prod_stack.session(client="203.0.113.80")
    with prod_stack.redis_down():
        assert prod_stack.get("/healthz").status_code == 503
        # Broker down after the question is saved: the sent page with its code, never an error page.
        response = ask(citizen, "outage@example.vn")
        assert response.status_code == 200, response.status_code
        code = tracking_code(response.text)
        assert citizen.get(f"/hoi-dap/tra-cuu/?ma={code}").status_code == 200
        form = citizen.get("/hoi-dap/du-lieu-ca-nhan/")
        assert form.status_code == 200
        kind = re.search(r'name="kind" value="(\w+)"', form.text).group(1)
        fields = {"csrfmiddlewaretoken": csrf_token(form.text), "email": "outage@example.vn", "code": code}
        answer = citizen.post("/hoi-dap/du-lieu-ca-nhan/", data={**fields, "kind": kind, "details": ""})
        assert answer.status_code == 200, answer.status_code
        assert "Đã nhận yêu cầu" in answer.text
        assert prod_stack.get("/").status_code == 200
    assert prod_stack.get("/healthz").json()["broker"] == "ok"
    assert not prod_stack.mail.to("outage@example.vn")
    # Redis is back: the sweep (beat runs it every 15 minutes; here at once, with no waiting period) queues the
    # confirmation that could not be queued, and the worker sends it. Nothing was lost.
    prod_stack.shell("from feedback import sweep; sweep.run()", env={"FEEDBACK_RESEND_AFTER_MINUTES": "0"})
    (mail,) = prod_stack.mail.wait_for("outage@example.vn", timeout=60)
    assert code in mail.get_content()
