"""Delegations when A is merged into B: they end, with an audit entry on B, and their records move to B."""

import datetime

import pytest
from django.utils import timezone

from components import merging
from components.models import Membership
from components.services import portal_merge
from editorial import policy
from editorial.models import AuditEvent, Delegation, State
from editorial.portal_hooks import default_categories
from tests.editorial.factories import ArticleFactory, DelegationFactory, board_user
from tests.factories import PortalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def merge(province):
    office = board_user(province, Membership.Role.ADMINISTRATOR, username="admin.camau")
    source = PortalFactory(parent=province, slug="khanhbinhtay", short_name="kbt", name="Xã Khánh Bình Tây")
    target = PortalFactory(parent=province, slug="khanhbinh", short_name="kb", name="Xã Khánh Bình")
    return office, source, target, default_categories(source), default_categories(target)


def test_running_delegations_end_at_the_merge_with_an_audit_entry_on_the_successor(merge):
    office, source, target, tree_a, tree_b = merge
    chief_a, deputy_a = board_user(source, "chief"), board_user(source, "deputy")
    whole = DelegationFactory(portal=source, chief=chief_a, deputy=deputy_a)
    news_only = DelegationFactory(portal=source, chief=chief_a, deputy=deputy_a)
    news_only.categories.set([tree_a["tin-tuc"]])
    today = timezone.localdate()
    past = DelegationFactory(
        portal=source,
        chief=chief_a,
        deputy=deputy_a,
        valid_from=today - datetime.timedelta(days=60),
        valid_to=today - datetime.timedelta(days=30),
    )
    article_a = ArticleFactory(portal=source, category=tree_a["tin-tuc"], state=State.AWAITING_APPROVAL)
    article_b = ArticleFactory(portal=target, category=tree_b["du-lich"], state=State.AWAITING_APPROVAL)
    assert policy.is_approver(deputy_a, article_a)

    preview = dict(merging.merge_preview(source=source, target=target))
    assert preview["Ủy quyền duyệt tin (chấm dứt khi sáp nhập)"] == 2  # the provincial office sees it first
    counts = portal_merge(source=source, target=target, by=office)

    assert counts["Ủy quyền duyệt tin (chấm dứt khi sáp nhập)"] == 2
    for delegation in (whole, news_only, past):
        delegation.refresh_from_db()
        assert delegation.portal == target  # B's board keeps the record of who could approve what, until when
    assert whole.revoked_at is not None and news_only.revoked_at is not None
    assert past.revoked_at is None  # already over: left as it was
    # The scope stays what A's chief signed: B's "Tin tức" (A's was folded into it), not "the whole portal".
    assert list(news_only.categories.all()) == [tree_b["tin-tuc"]]
    ended = AuditEvent.objects.filter(portal=target, action=AuditEvent.Action.UNDELEGATE)
    assert ended.count() == 2
    assert all("Khánh Bình Tây" in event.comment for event in ended)

    # A's deputy is a deputy of B now (memberships move) but approves nothing there without B's chief.
    deputy_a = type(deputy_a).objects.get(pk=deputy_a.pk)
    assert Membership.objects.get(user=deputy_a).portal == target
    article_a.refresh_from_db()
    assert not policy.is_approver(deputy_a, article_a)
    assert not policy.is_approver(deputy_a, article_b)


def test_a_second_run_ends_nothing_more(merge):
    office, source, target, _tree_a, _tree_b = merge
    DelegationFactory(portal=source, chief=board_user(source, "chief"), deputy=board_user(source, "deputy"))
    portal_merge(source=source, target=target, by=office)
    again = portal_merge(source=source, target=target, by=office)
    assert again["Ủy quyền duyệt tin (chấm dứt khi sáp nhập)"] == 0
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UNDELEGATE).count() == 1
    assert Delegation.objects.filter(portal=target).count() == 1


def test_delegations_of_the_successor_are_untouched(merge):
    office, source, target, _tree_a, tree_b = merge
    chief_b, deputy_b = board_user(target, "chief"), board_user(target, "deputy")
    own = DelegationFactory(portal=target, chief=chief_b, deputy=deputy_b)
    portal_merge(source=source, target=target, by=office)
    own.refresh_from_db()
    assert own.revoked_at is None
    article = ArticleFactory(portal=target, category=tree_b["tin-tuc"], state=State.AWAITING_APPROVAL)
    assert policy.is_approver(type(deputy_b).objects.get(pk=deputy_b.pk), article)
