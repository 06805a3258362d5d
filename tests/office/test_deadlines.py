"""Update deadlines: the seeds' inventory, due dates on the one working-day calendar, publishing closes the item."""

import datetime as dt

import pytest
from django.utils import timezone

from editorial import services as editorial_services
from editorial.models import AuditEvent, State
from office import policy, selectors, services
from office.models import InformationKind, TrackedItem
from tests.editorial.factories import ArticleFactory, LegalDocumentFactory

pytestmark = pytest.mark.django_db
D = dt.date


def inventory(board, days):
    services.inventory_seed(portal=board.portal)
    return InformationKind.objects.filter(portal=board.portal, deadline_working_days=days).first()


def test_the_seeds_inventory_has_the_2_10_15_20_day_deadlines(board):
    assert services.inventory_seed(portal=board.portal) == 9
    assert services.inventory_seed(portal=board.portal) == 0  # idempotent, edits kept
    days = set(InformationKind.objects.filter(portal=board.portal).values_list("deadline_working_days", flat=True))
    assert days == {2, 10, 15, 20}
    science = InformationKind.objects.get(portal=board.portal, code="de-tai-khoa-hoc")
    assert science.responsible_unit == "Sở Khoa học và Công nghệ" and "17.1.e" in science.legal_reference


def test_a_portal_created_through_the_service_gets_the_inventory(province, department):
    from components.lifecycle import on_portal_created
    from components.models import Portal

    on_portal_created.send(sender=Portal, portal=department, by=None)
    assert InformationKind.objects.filter(portal=department).count() == 9


@pytest.mark.parametrize(
    ("triggered_on", "days", "due_on"),
    [
        # Tết Bính Ngọ 2026: off Sat 14/2 – Sun 22/2; a decision of Friday 13/2.
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 10, D(2026, 3, 6)),
        (D(2026, 2, 13), 15, D(2026, 3, 13)),
        (D(2026, 2, 13), 20, D(2026, 3, 20)),
        # New Year 2026: 1/1 and 2/1 off, Saturday 10/1 worked in exchange (Công văn 12729/VPCP-KGVX).
        (D(2025, 12, 31), 2, D(2026, 1, 6)),
        (D(2026, 1, 8), 2, D(2026, 1, 10)),
        # Quốc khánh 2026: Saturday 22/8 worked, Monday 31/8 off.
        (D(2026, 8, 20), 2, D(2026, 8, 22)),
    ],
)
def test_due_dates_follow_the_working_day_calendar(board, triggered_on, days, due_on):
    kind = inventory(board, days)
    item = services.tracked_item_open(user=board.secretary, kind=kind, title="Đăng văn bản", triggered_on=triggered_on)
    assert item.due_on == due_on


def test_a_member_or_another_portals_secretary_cannot_track(board, other_board):
    kind = inventory(board, 2)
    for user in (board.member, board.contributor, other_board.secretary):
        with pytest.raises(policy.NotInventoryEditor):
            services.tracked_item_open(user=user, kind=kind, title="x", triggered_on=D(2026, 3, 2))


def test_publishing_the_linked_article_closes_the_item_on_time(board, django_capture_on_commit_callbacks):
    kind = inventory(board, 2)
    article = ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    item = services.tracked_item_open(
        user=board.secretary,
        kind=kind,
        title="Quyết định công bố thủ tục hành chính",
        triggered_on=timezone.localdate(),
        article=article,
    )
    assert item.closed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        editorial_services.approve(obj=article, user=board.chief)
    item.refresh_from_db()
    assert item.closed_at is not None and item.closed_on_time is True
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TRACK_CLOSE, object_id=item.pk).exists()


def test_a_late_publication_closes_the_item_as_late(board):
    kind = inventory(board, 2)
    document = LegalDocumentFactory(portal=board.portal)
    item = services.tracked_item_open(
        user=board.secretary, kind=kind, title="Văn bản 12/2026/QĐ-UBND", triggered_on=D(2026, 3, 2)
    )
    services.tracked_item_update(user=board.secretary, item=item, legal_document=document)
    document.state, document.published_at = State.PUBLISHED, timezone.make_aware(dt.datetime(2026, 3, 10, 9))
    document.save()
    assert services.tracked_items_close_for(instance=document) == 1
    item.refresh_from_db()
    assert item.due_on == D(2026, 3, 4) and item.closed_on_time is False


def test_changing_the_trigger_moves_the_due_date(board):
    kind = inventory(board, 10)
    item = services.tracked_item_open(user=board.secretary, kind=kind, title="Quy hoạch", triggered_on=D(2026, 3, 2))
    assert item.due_on == D(2026, 3, 16)
    item = services.tracked_item_update(user=board.secretary, item=item, triggered_on=D(2026, 3, 9))
    assert item.due_on == D(2026, 3, 23)


def test_overdue_items_and_days_since_the_last_publication(board, other_board):
    kind = inventory(board, 2)
    late = services.tracked_item_open(user=board.secretary, kind=kind, title="Quá hạn", triggered_on=D(2026, 3, 2))
    services.tracked_item_open(user=board.secretary, kind=kind, title="Còn hạn", triggered_on=D(2026, 3, 20))
    ArticleFactory(
        category=board.local,
        state=State.PUBLISHED,
        published_at=timezone.make_aware(dt.datetime(2026, 3, 5, 8)),
    )
    today = D(2026, 3, 24)
    assert list(selectors.overdue_items(today, {board.portal.pk})) == [late]
    assert list(selectors.overdue_items(today, {other_board.portal.pk})) == []
    row = selectors.with_last_publication(TrackedItem.objects.filter(pk=late.pk)).get()
    assert timezone.localdate(row.last_published_at) == D(2026, 3, 5)


def test_approving_the_linked_legal_document_closes_the_item(board, django_capture_on_commit_callbacks):
    kind = inventory(board, 2)
    document = LegalDocumentFactory(portal=board.portal, state=State.AWAITING_APPROVAL, created_by=board.contributor)
    item = services.tracked_item_open(
        user=board.secretary,
        kind=kind,
        title="Quyết định ban hành quy chế",
        triggered_on=timezone.localdate(),
        legal_document=document,
    )
    with django_capture_on_commit_callbacks(execute=True):
        editorial_services.approve(obj=document, user=board.chief)
    item.refresh_from_db()
    assert item.closed_on_time is True
