"""Consultation comments and satisfaction votes: limited per citizen address, comments capped in length."""

import pytest

from .factories import ArticleFactory, ConsultationDraftFactory

pytestmark = pytest.mark.django_db

NGINX = {"REMOTE_ADDR": "127.0.0.1"}


def comment(body="Tôi đồng ý với dự thảo.", **extra):
    return {
        "name": "Võ Văn Dân",
        "email": "dan@example.com",
        "organization": "",
        "body": body,
        "consent": "on",
        **extra,
    }


def test_comments_are_rate_limited_per_citizen_behind_nginx(client, province, settings):
    settings.CONSULTATION_COMMENT_RATE = 2
    draft = ConsultationDraftFactory(portal=province)
    url = draft.get_absolute_url()
    one = {**NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    assert client.post(url, comment(), **one).status_code == 302
    assert client.post(url, comment(), **one).status_code == 302
    refused = client.post(url, comment(body="Góp ý thứ ba của tôi"), **one)
    page = refused.content.decode()
    assert refused.status_code == 429 and "quá nhiều góp ý trong một giờ" in page
    assert "Góp ý thứ ba của tôi" in page  # what was typed is kept
    other = {**NGINX, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    assert client.post(url, comment(), **other).status_code == 302
    assert draft.comments.count() == 3


def test_a_comment_over_ten_thousand_characters_is_refused_and_kept(client, province):
    draft = ConsultationDraftFactory(portal=province)
    long_body = "Ý kiến " * 1500  # 10,500 characters
    response = client.post(draft.get_absolute_url(), comment(body=long_body))
    page = response.content.decode()
    assert "vượt quá giới hạn 10.000 ký tự" in page
    assert long_body.strip() in page
    assert draft.comments.count() == 0
    assert client.post(draft.get_absolute_url(), comment(body="a" * 10_000)).status_code == 302


def test_a_huge_request_body_is_refused_before_it_is_stored(client, province):
    draft = ConsultationDraftFactory(portal=province)
    response = client.post(draft.get_absolute_url(), comment(body="x" * 4_900_000))
    assert response.status_code == 413 and "Nội dung gửi quá lớn" in response.content.decode()
    assert draft.comments.count() == 0


def test_ratings_are_rate_limited_per_address(province, news, settings):
    from django.test import Client

    from portal.models import SatisfactionRating

    settings.PORTAL_RATING_RATE = 2
    articles = [ArticleFactory(category=news) for _ in range(3)]
    for article in articles[:2]:
        assert Client().post("/danh-gia/", {"path": article.get_absolute_url(), "score": "4"}).status_code == 200
    refused = Client().post("/danh-gia/", {"path": articles[2].get_absolute_url(), "score": "4"})
    assert refused.status_code == 429 and "quá nhiều đánh giá" in refused.content.decode()
    assert SatisfactionRating.objects.count() == 2
    other = Client(REMOTE_ADDR="198.51.100.4").post(
        "/danh-gia/", {"path": articles[2].get_absolute_url(), "score": "4"}
    )
    assert other.status_code == 200 and SatisfactionRating.objects.count() == 3
