"""Consultation comments through nginx: limited per citizen per hour, and capped in length."""

import pytest

from .conftest import csrf_token

pytestmark = pytest.mark.prod

OPEN_DRAFT = """
from editorial.models import ConsultationDraft
drafts = ConsultationDraft.objects.published().filter(portal__slug="camau").order_by("pk")
print(next(d for d in drafts if d.is_open()).get_absolute_url())
"""


def _comment(session, url, body, n=0):
    page = session.get(url)
    assert page.status_code == 200
    data = {
        "csrfmiddlewaretoken": csrf_token(page.text),
        "name": "Trần Thị Bình",
        "email": f"binh{n}@example.vn",
        "organization": "",
        "body": body,
        "consent": "on",
        "website": "",
    }
    return session.post(url, data=data, allow_redirects=False)


@pytest.fixture(scope="module")
def draft_url(prod_stack):
    return prod_stack.shell(OPEN_DRAFT)


def test_comments_are_rate_limited_per_citizen(prod_stack, draft_url):
    eager = prod_stack.session(client="203.0.113.90")
    statuses = [_comment(eager, draft_url, f"Góp ý số {n}: đề nghị làm rõ điều 3.", n).status_code for n in range(11)]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429, statuses
    other = prod_stack.session(client="203.0.113.91")
    assert _comment(other, draft_url, "Góp ý của người khác.").status_code == 302


def test_a_comment_over_ten_thousand_characters_is_refused_with_a_message(prod_stack, draft_url):
    response = _comment(prod_stack.session(client="203.0.113.92"), draft_url, "Rất dài. " * 1200)
    assert response.status_code in (200, 400, 413)
    assert 'lang="vi"' in response.text
    assert "10.000" in response.text or "10000" in response.text or "quá" in response.text
    stored = prod_stack.shell(
        "from editorial.models import ConsultationComment; "
        "print(ConsultationComment.objects.filter(body__startswith='Rất dài').count())"
    )
    assert stored == "0"
