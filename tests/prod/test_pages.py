"""Public pages through the repository's nginx: freshness after an edit, what is cached, hostile input, headers."""

import time
import uuid

import pytest
import redis

pytestmark = pytest.mark.prod

# An article of the province that the demo member may edit; the edit goes member → secretary → chief.
EDITABLE_ARTICLE = """
from django.contrib.auth import get_user_model
from editorial import policy
from editorial.models import Article
member = get_user_model().objects.get(username="member.camau")
articles = Article.objects.published().filter(portal__slug="camau").order_by("pk")
article = next(a for a in articles if policy.can_edit(member, a))
print(article.pk, article.get_absolute_url())
"""
PUBLISH_EDIT = """
from django.contrib.auth import get_user_model
from editorial import services
from editorial.models import Article
users = {{u.username: u for u in get_user_model().objects.filter(username__endswith=".camau")}}
article = Article.objects.get(pk={pk})
article.title = "{title}"
services.content_update(obj=article, user=users["member.camau"], expected_version=article.version)
live = Article.objects.get(pk={pk})
services.submit(obj=live, user=users["member.camau"])
services.forward(obj=live, user=users["member.camau"])
services.forward(obj=live, user=users["secretary.camau"])
services.approve(obj=live, user=users["chief.camau"])
"""


def test_an_approved_edit_is_served_through_nginx_within_five_seconds(prod_stack):
    pk, url = prod_stack.shell(EDITABLE_ARTICLE).split()
    first = prod_stack.get(url)
    assert first.status_code == 200
    assert prod_stack.get(url).headers["X-Cache-Status"] == "HIT"  # the micro-cache holds it
    title = f"Tin đã cập nhật {uuid.uuid4().hex[:6]}"
    prod_stack.shell(PUBLISH_EDIT.format(pk=pk, title=title))
    published = time.monotonic()
    while title not in prod_stack.get(url).text:
        assert time.monotonic() - published < 5, "the changed page was not served within 5 s"
        time.sleep(0.25)


def test_pages_that_must_not_be_shared_are_never_served_from_the_micro_cache(prod_stack):
    for path in ("/healthz", "/hoi-dap/gui-cau-hoi/", "/hoi-dap/tra-cuu/?ma=KHONGCO"):
        statuses = {prod_stack.get(path).headers.get("X-Cache-Status") for _ in range(3)}
        assert "HIT" not in statuses, (path, statuses)


def test_random_tracking_parameters_do_not_fill_the_page_cache_in_redis(prod_stack):
    store = redis.Redis(port=prod_stack.ports["redis"])

    def pages():
        return len(store.keys("*:portal:page:*"))

    assert prod_stack.get("/").status_code == 200
    before = pages()
    for _ in range(30):
        assert prod_stack.get(f"/?utm_source={uuid.uuid4().hex}").status_code == 200
    assert pages() - before <= 1


@pytest.mark.parametrize(
    "path",
    [
        "/lich-cong-tac/?tuan=0001-01-01",
        "/lich-cong-tac/?tuan=9999-12-31",
        "/hoi-dap/?q=%00",
        "/van-ban/?q=%00",
        "/van-ban/?trang=99999999999999999999",
    ],
)
def test_hostile_query_parameters_get_a_page_not_a_server_error(prod_stack, path):
    response = prod_stack.get(path)
    assert response.status_code in (200, 400, 404), response.status_code
    assert 'lang="vi"' in response.text


def test_a_request_line_over_eight_kilobytes_gets_nginx_vietnamese_414_page(prod_stack):
    response = prod_stack.get("/tim-kiem/?q=" + "a" * 9000)
    assert response.status_code == 414
    assert "Đường dẫn quá dài" in response.text
    assert "URI Too Long" not in response.text


def test_a_query_of_several_kilobytes_gets_a_vietnamese_page_never_gunicorns_or_a_500(prod_stack):
    for path in ("/tim-kiem/?q=", "/hoi-dap/?q=", "/van-ban/?q="):
        response = prod_stack.get(path + "b" * 5000)
        assert response.status_code in (200, 400), (path, response.status_code)
        assert 'lang="vi"' in response.text and "URI Too Long" not in response.text


def test_public_pages_carry_a_content_security_policy_and_a_permissions_policy(prod_stack):
    for path in ("/", "/hoi-dap/gui-cau-hoi/"):
        headers = prod_stack.get(path).headers
        assert "default-src" in headers.get("Content-Security-Policy", ""), path
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"].split("script-src")[-1].split(";")[0]
        assert "camera=()" in headers.get("Permissions-Policy", ""), path
