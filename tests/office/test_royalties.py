"""Royalties through the services: secretary proposes, chief approves (never their own), a paid list is locked."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from components.models import Membership
from components.roles import forget
from editorial.models import AuditEvent
from office import exports, policy, selectors, services
from office.models import PaymentList, RoyaltyLine
from tests.editorial.factories import ArticleFactory
from tests.factories import UserFactory
from tests.office.conftest import kind, published_article, published_document

pytestmark = pytest.mark.django_db


def propose(board, item=None, payee=None, code="tin", coefficient=None, user=None):
    item = item or published_article(board)
    field = "article" if item._meta.model_name == "article" else "legal_document"
    return services.royalty_propose(
        user=user or board.secretary,
        portal=board.portal,
        payee=payee or board.reporter,
        kind=kind(code),
        coefficient=coefficient,
        **{field: item},
    )


def test_the_seeded_table_gives_the_amount_coefficient_times_unit_value(board):
    line = propose(board, coefficient="2.5")
    assert line.base_amount == Decimal("234000")
    assert line.amount == Decimal("585000")
    assert line.status == RoyaltyLine.Status.PROPOSED
    assert line.month.day == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROYALTY_PROPOSE)
    assert event.portal_id == board.portal.pk and event.actor == board.secretary


def test_the_kind_default_coefficient_is_used_when_none_is_given(board):
    line = propose(board, code="bai-viet")
    assert line.coefficient == Decimal("6") and line.amount == Decimal("1404000")


def test_a_legal_document_summary_carries_a_royalty_line(board):
    line = propose(board, item=published_document(board), code="tom-tat-van-ban")
    assert line.legal_document_id and line.item_title.startswith("Ban hành Quy chế")


@pytest.mark.parametrize("role", ["contributor", "member", "deputy", "chief"])
def test_only_the_secretary_proposes(board, role):
    with pytest.raises(policy.NotRoyaltyProposer):
        propose(board, user=getattr(board, role))


def test_an_unpublished_item_has_no_royalty(board):
    draft = ArticleFactory(category=board.local, created_by=board.contributor)
    with pytest.raises(ValidationError, match="đã xuất bản"):
        propose(board, item=draft)


def test_a_coefficient_outside_the_kinds_range_is_refused(board):
    with pytest.raises(ValidationError, match="khung"):
        propose(board, coefficient="11")


def test_a_component_portals_secretary_cannot_propose_on_the_province(board, other_board):
    with pytest.raises(policy.NotRoyaltyProposer):
        propose(board, user=other_board.secretary)
    with pytest.raises(ValidationError, match="không thuộc"):
        propose(other_board, item=published_article(board))


def test_the_chief_approves_and_the_secretary_cannot(board):
    line = propose(board)
    with pytest.raises(policy.NotRoyaltyApprover):
        services.royalty_approve(user=board.secretary, line=line)
    services.royalty_approve(user=board.chief, line=line)
    line.refresh_from_db()
    assert line.status == RoyaltyLine.Status.APPROVED and line.approved_by == board.chief
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROYALTY_APPROVE, object_id=line.pk).exists()


def test_the_proposer_never_approves_their_own_line(board):
    # One person holding both roles (a small commune board), and a superuser: four eyes hold for both.
    Membership.objects.create(user=board.secretary, portal=board.portal, role=Membership.Role.CHIEF)
    forget(board.secretary)
    line = propose(board)
    with pytest.raises(policy.CannotApproveOwnProposal):
        services.royalty_approve(user=board.secretary, line=line)
    root = UserFactory(username="root", is_superuser=True)
    own = propose(board, user=root)
    with pytest.raises(policy.CannotApproveOwnProposal):
        services.royalty_approve(user=root, line=own)


def test_an_edit_after_approval_waits_for_approval_again(board):
    line = propose(board)
    services.royalty_approve(user=board.chief, line=line)
    line = services.royalty_update(user=board.secretary, line=line, coefficient="3")
    assert line.status == RoyaltyLine.Status.PROPOSED and line.approved_by is None
    assert line.amount == Decimal("702000")


def paid_month(board):
    first = propose(board, coefficient="2")
    second = propose(board, payee=board.staff_payee, code="anh", coefficient="1")
    pending = propose(board, coefficient="4")
    for line in (first, second):
        services.royalty_approve(user=board.chief, line=line)
    payment_list = services.payment_list_build(user=board.secretary, portal=board.portal, month=first.month)
    return payment_list, first, second, pending


def test_the_monthly_list_takes_approved_lines_only(board):
    payment_list, first, second, pending = paid_month(board)
    assert set(payment_list.lines.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert selectors.payment_list_total(payment_list) == Decimal("468000") + Decimal("234000")
    # Approved later, it joins the same draft list when the secretary refreshes it.
    services.royalty_approve(user=board.chief, line=pending)
    services.payment_list_build(user=board.secretary, portal=board.portal, month=first.month)
    assert payment_list.lines.count() == 3


def test_only_the_chief_marks_the_list_paid_and_then_its_lines_are_locked(board):
    payment_list, first, _second, _pending = paid_month(board)
    with pytest.raises(policy.NotRoyaltyApprover):
        services.payment_list_mark_paid(user=board.secretary, payment_list=payment_list)
    services.payment_list_mark_paid(user=board.chief, payment_list=payment_list)
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentList.Status.PAID
    first.refresh_from_db()
    with pytest.raises(policy.RoyaltyLocked):
        services.royalty_update(user=board.secretary, line=first, coefficient="3")
    with pytest.raises(policy.RoyaltyLocked):
        services.royalty_delete(user=board.secretary, line=first)
    with pytest.raises(policy.RoyaltyLocked):
        services.payment_list_build(user=board.secretary, portal=board.portal, month=first.month)
    with pytest.raises(policy.RoyaltyLocked):
        services.payment_list_mark_paid(user=board.chief, payment_list=payment_list)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PAYMENT_PAID, object_id=payment_list.pk).exists()


def test_an_empty_list_cannot_be_marked_paid(board):
    import datetime as dt

    empty = services.payment_list_build(user=board.secretary, portal=board.portal, month=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.payment_list_mark_paid(user=board.chief, payment_list=empty)


def test_the_xlsx_list_reads_back_with_per_person_totals(board):
    payment_list, first, _second, _pending = paid_month(board)
    services.royalty_approve(user=board.chief, line=propose(board, coefficient="1.5"))
    services.payment_list_build(user=board.secretary, portal=board.portal, month=first.month)

    workbook = load_workbook(BytesIO(exports.payment_list_xlsx(payment_list)))
    assert workbook.sheetnames == ["Danh sách", "Chi tiết"]
    sheet = workbook["Danh sách"]
    assert sheet["A1"].value == "DANH SÁCH CHI TRẢ NHUẬN BÚT"
    assert sheet["A3"].value == f"Tháng {first.month:%m/%Y}"
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    by_name = {row[1]: row for row in rows}
    # The reporter: 2 × 234,000 + 1.5 × 234,000 over two items; the staff member: one photo at 1 × 234,000.
    assert by_name["Trần Văn Phóng Viên"][6] == 2
    assert by_name["Trần Văn Phóng Viên"][7] == 819000
    assert by_name["Trần Văn Phóng Viên"][4] == "0071000123456"
    assert by_name["Lê Thị Biên Tập"][7] == 234000
    assert by_name["Tổng cộng"][7] == 1053000
    detail = list(workbook["Chi tiết"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 3 and sum(row[5] for row in detail) == 1053000


def test_one_person_is_paid_once_per_kind_of_work_on_an_item(board):
    article = published_article(board)
    propose(board, item=article)
    propose(board, item=article, code="anh")  # the photos of the same item are another kind
    with pytest.raises(ValidationError, match="đã có dòng"):
        propose(board, item=article)
    other = propose(board, item=article, payee=board.staff_payee)
    with pytest.raises(ValidationError, match="đã có dòng"):
        services.royalty_update(user=board.secretary, line=other, payee=board.reporter)
