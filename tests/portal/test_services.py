"""Citizen writes go through services that enforce the rules on their own, not only in the views."""

import datetime

import pytest
from django.utils import timezone

from portal import services
from tests.portal.factories import ArticleFactory, ConsultationDraftFactory

pytestmark = pytest.mark.django_db


def test_comment_on_a_closed_or_unpublished_draft_is_refused(province):
    today = timezone.localdate()
    closed = ConsultationDraftFactory(portal=province, ends_on=today - datetime.timedelta(days=1))
    with pytest.raises(services.ConsultationClosed):
        services.consultation_comment_submit(draft=closed, name="A", email="a@example.com", body="x")
    hidden = ConsultationDraftFactory(portal=province, state="draft")
    with pytest.raises(services.ConsultationClosed):
        services.consultation_comment_submit(draft=hidden, name="A", email="a@example.com", body="x")
    open_draft = ConsultationDraftFactory(portal=province)
    comment = services.consultation_comment_submit(draft=open_draft, name="A", email="a@example.com", body="x")
    assert comment.status == "pending"


def test_rating_keeps_the_first_vote_and_refuses_out_of_range_scores(province, news):
    article = ArticleFactory(category=news)
    path = article.get_absolute_url()
    assert services.rating_record(portal=province, path=path, score=5, visitor_hash="a" * 64) is True
    assert services.rating_record(portal=province, path=path, score=1, visitor_hash="a" * 64) is False
    with pytest.raises(ValueError):
        services.rating_record(portal=province, path=path, score=0, visitor_hash="b" * 64)
