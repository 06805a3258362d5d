"""A merged portal's ledger and deadlines move to its successor; a month the successor already has stays put."""

import datetime as dt

import pytest

from components.models import Membership
from components.services import portal_merge
from office import services
from office.models import InformationKind, PaymentList, RoyaltyLine, TrackedItem
from tests.factories import MembershipFactory, UserFactory
from tests.office.test_royalties import propose

pytestmark = pytest.mark.django_db


def test_merge_moves_lines_lists_and_tracked_items(board, other_board):
    source, target = other_board, board
    paid_line = propose(source)
    services.royalty_approve(user=source.chief, line=paid_line)
    services.payment_list_build(user=source.secretary, portal=source.portal, month=paid_line.month)
    loose = propose(source)
    old_list = services.payment_list_build(user=source.secretary, portal=source.portal, month=dt.date(2026, 1, 1))
    # The target already has a list for the paid line's month: the source's list of that month stays put.
    services.payment_list_build(user=target.secretary, portal=target.portal, month=paid_line.month)
    for portal in (source.portal, target.portal):
        services.inventory_seed(portal=portal)
    kind = InformationKind.objects.get(portal=source.portal, code="thong-ke")
    item = services.tracked_item_open(
        user=source.secretary, kind=kind, title="Số liệu", triggered_on=dt.date(2026, 3, 2)
    )

    admin = UserFactory(username="admin.merge", is_superuser=True)
    MembershipFactory(user=admin, portal=target.portal, role=Membership.Role.ADMINISTRATOR)
    portal_merge(source=source.portal, target=target.portal, by=admin)

    loose.refresh_from_db()
    paid_line.refresh_from_db()
    item.refresh_from_db()
    assert loose.portal == target.portal
    assert paid_line.portal == source.portal and paid_line.payment_list.portal == source.portal
    assert PaymentList.objects.get(pk=old_list.pk).portal == target.portal
    assert item.portal == target.portal and item.kind.portal == target.portal
    assert RoyaltyLine.objects.filter(portal=target.portal).count() == 1
    assert TrackedItem.objects.filter(portal=source.portal).count() == 0
