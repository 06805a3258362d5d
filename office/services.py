"""Every write of the board's office: keyword-only, policy checked inside the transaction, one audit row each.

The audit rows go to the project's activity log (`editorial.services.audit`, `AuditEvent`), with the office's
own actions (docs/decisions/0902-office-audit-in-editorial-log.md). Due dates come from the one working-day
calendar of the project, `feedback.calendar` (docs/decisions/0904-one-calendar.md).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.models import Article, AuditEvent, LegalDocument, State
from editorial.services import audit
from feedback.calendar import add_working_days

from . import defaults, policy, selectors
from .models import InformationKind, Payee, PaymentList, RoyaltyLine, TrackedItem

Action = AuditEvent.Action


def compute_amount(coefficient: Decimal, base_amount: Decimal) -> Decimal:
    """Nhuận bút = hệ số × giá trị một đơn vị hệ số (NĐ 18/2014 Điều 13), rounded to the đồng."""
    return (Decimal(coefficient) * Decimal(base_amount)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _item_of(article, legal_document):
    if (article is None) == (legal_document is None):
        raise ValidationError(_("Chọn đúng một tác phẩm: một tin, bài hoặc một văn bản."))
    return article if article is not None else legal_document


def _check_item(item, portal):
    if item.portal_id != portal.pk:
        raise ValidationError(_("Tác phẩm không thuộc cổng này."))
    if item.state != State.PUBLISHED or item.published_at is None:
        raise ValidationError(_("Chỉ tính nhuận bút cho tác phẩm đã xuất bản."))


def check_coefficient(kind, coefficient):
    if not kind.min_coefficient <= Decimal(coefficient) <= kind.max_coefficient:
        raise ValidationError(
            _("Hệ số phải trong khung %(min)s–%(max)s của loại «%(kind)s».")
            % {"min": kind.min_coefficient, "max": kind.max_coefficient, "kind": kind.name}
        )


def check_unique(*, payee, kind, article, legal_document, exclude_pk=None):
    """One person is paid once per kind of work on an item (the database's constraint, said in words)."""
    same = RoyaltyLine.objects.filter(payee=payee, kind=kind, article=article, legal_document=legal_document)
    if same.exclude(pk=exclude_pk).exists():
        raise ValidationError(_("Người này đã có dòng nhuận bút cùng loại cho tác phẩm này."))


def _check_payee(payee, portal):
    if payee.portal_id != portal.pk:
        raise ValidationError(_("Người hưởng không thuộc danh sách của cổng này."))


def _lock_line(line) -> RoyaltyLine:
    rows = RoyaltyLine.objects.select_for_update(of=("self",)).select_related("payment_list", "kind__scale", "payee")
    return rows.get(pk=line.pk)


def _line_label(line):
    return f"{line.payee.full_name} — {line.item_title} — {line.amount:,.0f} đ"


# --- Royalties ---------------------------------------------------------------------------------------------


def validate_line(*, portal, payee, kind, coefficient, article, legal_document):
    """The checks of a new line that are not permissions (the admin form shows them as form errors).
    Returns (item, scale in force on its publication day, that day)."""
    item = _item_of(article, legal_document)
    _check_item(item, portal)
    _check_payee(payee, portal)
    check_unique(payee=payee, kind=kind, article=article, legal_document=legal_document)
    published_day = timezone.localdate(item.first_published_at or item.published_at)
    scale = selectors.scale_in_force(portal, published_day)
    if scale is None or kind.scale_id != scale.pk:
        raise ValidationError(_("Loại tác phẩm không thuộc bảng nhuận bút đang áp dụng cho cổng này."))
    check_coefficient(kind, coefficient if coefficient is not None else kind.default_coefficient)
    return item, scale, published_day


@transaction.atomic
def royalty_propose(
    *, user, portal, payee, kind, coefficient=None, article=None, legal_document=None, note=""
) -> RoyaltyLine:
    """The secretary proposes a royalty line for a published item of the portal."""
    policy.check_propose_royalty(user, portal)
    item, scale, published_day = validate_line(
        portal=portal, payee=payee, kind=kind, coefficient=coefficient, article=article, legal_document=legal_document
    )
    coefficient = Decimal(coefficient if coefficient is not None else kind.default_coefficient)
    line = RoyaltyLine.objects.create(
        portal=portal,
        article=article,
        legal_document=legal_document,
        item_title=str(item.title)[:500],
        payee=payee,
        kind=kind,
        coefficient=coefficient,
        base_amount=scale.base_amount,
        amount=compute_amount(coefficient, scale.base_amount),
        month=_first_of_month(published_day),
        note=note,
        proposed_by=user,
        proposed_at=timezone.now(),
    )
    audit(obj=line, user=user, action=Action.ROYALTY_PROPOSE, label=_line_label(line))
    return line


@transaction.atomic
def royalty_update(*, user, line, payee=None, kind=None, coefficient=None, note=None) -> RoyaltyLine:
    """Change a line before its list is paid. The editor becomes its proposer and it waits for approval again
    (out of any draft payment list), so the chief approves what is really paid."""
    line = _lock_line(line)
    policy.check_edit_royalty(user, line)
    before = _line_label(line)
    if payee is not None:
        _check_payee(payee, line.portal)
        line.payee = payee
    if kind is not None:
        if kind.scale_id != line.kind.scale_id:
            raise ValidationError(_("Loại tác phẩm không thuộc bảng nhuận bút của dòng này."))
        line.kind = kind
    if coefficient is not None:
        line.coefficient = Decimal(coefficient)
    if note is not None:
        line.note = note
    check_coefficient(line.kind, line.coefficient)
    check_unique(
        payee=line.payee, kind=line.kind, article=line.article, legal_document=line.legal_document, exclude_pk=line.pk
    )
    line.amount = compute_amount(line.coefficient, line.base_amount)
    line.status = RoyaltyLine.Status.PROPOSED
    line.proposed_by, line.proposed_at = user, timezone.now()
    line.approved_by, line.approved_at = None, None
    line.payment_list = None
    line.save()
    audit(obj=line, user=user, action=Action.ROYALTY_EDIT, label=_line_label(line), comment=before)
    return line


@transaction.atomic
def royalty_delete(*, user, line) -> None:
    line = _lock_line(line)
    policy.check_edit_royalty(user, line)
    audit(obj=line, user=user, action=Action.ROYALTY_DELETE, label=_line_label(line))
    line.delete()


@transaction.atomic
def royalty_approve(*, user, line) -> RoyaltyLine:
    """The chief approves a proposed line; never their own proposal (four eyes)."""
    line = _lock_line(line)
    policy.check_approve_royalty(user, line)
    line.status = RoyaltyLine.Status.APPROVED
    line.approved_by, line.approved_at = user, timezone.now()
    line.save(update_fields=["status", "approved_by", "approved_at"])
    audit(obj=line, user=user, action=Action.ROYALTY_APPROVE, label=_line_label(line))
    return line


@transaction.atomic
def payment_list_build(*, user, portal, month: dt.date) -> PaymentList:
    """The month's payment list of the portal, with every approved line of that month not yet on a list.

    Run again while the list is a draft, it picks up lines approved since."""
    policy.check_build_payment_list(user, portal)
    month = _first_of_month(month)
    payment_list, _created = PaymentList.objects.select_for_update().get_or_create(
        portal=portal, month=month, defaults={"created_by": user}
    )
    if payment_list.is_paid:
        raise policy.RoyaltyLocked()
    added = RoyaltyLine.objects.filter(
        portal=portal, month=month, status=RoyaltyLine.Status.APPROVED, payment_list__isnull=True
    ).update(payment_list=payment_list)
    audit(
        obj=payment_list,
        user=user,
        action=Action.PAYMENT_LIST,
        label=str(payment_list),
        comment=_("Thêm %(n)s dòng nhuận bút đã duyệt.") % {"n": added},
    )
    return payment_list


@transaction.atomic
def payment_list_mark_paid(*, user, payment_list) -> PaymentList:
    """The chief confirms the list paid: from now on its lines are locked."""
    payment_list = PaymentList.objects.select_for_update().get(pk=payment_list.pk)
    policy.check_mark_paid(user, payment_list)
    if not payment_list.lines.exists():
        raise ValidationError(_("Danh sách chi trả chưa có dòng nhuận bút nào."))
    payment_list.status = PaymentList.Status.PAID
    payment_list.paid_by, payment_list.paid_at = user, timezone.now()
    payment_list.save(update_fields=["status", "paid_by", "paid_at"])
    total = selectors.payment_list_total(payment_list)
    audit(
        obj=payment_list,
        user=user,
        action=Action.PAYMENT_PAID,
        label=str(payment_list),
        comment=_("Tổng số tiền: %(total)s đồng.") % {"total": f"{total:,.0f}"},
    )
    return payment_list


@transaction.atomic
def payee_save(*, user, payee: Payee) -> Payee:
    """Add or change a payee (name, unit, ID, bank account): the secretary, logged with the old values."""
    policy.check_propose_royalty(user, payee.portal_id)
    before = ""
    if payee.pk is not None:
        old = Payee.objects.get(pk=payee.pk)
        before = f"{old.full_name} · {old.unit} · {old.id_number} · {old.bank_account} · {old.bank_name}"
    payee.save()
    audit(obj=payee, user=user, action=Action.PAYEE_EDIT, label=str(payee), comment=before)
    return payee


@transaction.atomic
def payee_delete(*, user, payee: Payee) -> None:
    """Remove a payee who has no royalty line (the database refuses otherwise)."""
    policy.check_propose_royalty(user, payee.portal_id)
    audit(obj=payee, user=user, action=Action.PAYEE_EDIT, label=str(payee), comment=_("Xóa"))
    payee.delete()


# --- Information inventory and update deadlines ----------------------------------------------------------


def inventory_seed(*, portal) -> int:
    """Fill a portal's inventory with the seeds' list (idempotent: kinds already there are left as edited)."""
    created = 0
    for code, name, unit, days, trigger, reference in defaults.INVENTORY:
        _kind, made = InformationKind.objects.get_or_create(
            portal=portal,
            code=code,
            defaults={
                "name": name,
                "responsible_unit": unit,
                "deadline_working_days": days,
                "trigger": trigger,
                "legal_reference": reference,
            },
        )
        created += made
    return created


@transaction.atomic
def information_kind_save(*, user, kind: InformationKind) -> InformationKind:
    policy.check_edit_inventory(user, kind.portal_id)
    kind.save()
    audit(obj=kind, user=user, action=Action.INVENTORY_EDIT, label=str(kind.name))
    return kind


@transaction.atomic
def information_kind_delete(*, user, kind: InformationKind) -> None:
    """Remove a kind nothing is tracked under (the database refuses otherwise)."""
    policy.check_edit_inventory(user, kind.portal_id)
    audit(obj=kind, user=user, action=Action.INVENTORY_EDIT, label=str(kind.name), comment=_("Xóa"))
    kind.delete()


def due_date(kind: InformationKind, triggered_on: dt.date) -> dt.date:
    """The last working day to publish: `kind.deadline_working_days` working days after the trigger."""
    return add_working_days(triggered_on, kind.deadline_working_days)


def _check_link(portal, article, legal_document):
    for item in (article, legal_document):
        if item is not None and item.portal_id != portal.pk:
            raise ValidationError(_("Nội dung liên kết không thuộc cổng này."))


@transaction.atomic
def tracked_item_open(
    *, user, kind, title, triggered_on: dt.date, source_reference="", article=None, legal_document=None
) -> TrackedItem:
    """Start tracking an obligatory publication; its due date comes from the working-day calendar."""
    portal = kind.portal
    policy.check_edit_inventory(user, portal)
    _check_link(portal, article, legal_document)
    item = TrackedItem.objects.create(
        portal=portal,
        kind=kind,
        title=title,
        source_reference=source_reference,
        triggered_on=triggered_on,
        due_on=due_date(kind, triggered_on),
        article=article,
        legal_document=legal_document,
        created_by=user,
    )
    audit(obj=item, user=user, action=Action.TRACK_OPEN, label=title, comment=f"{item.due_on:%d/%m/%Y}")
    _close_if_live(item)
    return item


@transaction.atomic
def tracked_item_update(*, user, item, **fields) -> TrackedItem:
    """Change the trigger, title, source or link of a tracked item; the due date follows the trigger."""
    item = TrackedItem.objects.select_for_update().get(pk=item.pk)
    policy.check_edit_inventory(user, item.portal_id)
    allowed = {"kind", "title", "source_reference", "triggered_on", "article", "legal_document"}
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(name)
        setattr(item, name, value)
    if item.kind.portal_id != item.portal_id:
        raise ValidationError(_("Loại thông tin không thuộc cổng này."))
    _check_link(item.portal, item.article, item.legal_document)
    item.due_on = due_date(item.kind, item.triggered_on)
    item.save()
    audit(obj=item, user=user, action=Action.TRACK_EDIT, label=item.title, comment=f"{item.due_on:%d/%m/%Y}")
    _close_if_live(item)
    return item


def _close(item, when):
    item.closed_at = when
    item.closed_on_time = timezone.localdate(when) <= item.due_on
    item.save(update_fields=["closed_at", "closed_on_time"])
    audit(obj=item, user=None, action=Action.TRACK_CLOSE, label=item.title)


def _close_if_live(item):
    linked = item.article or item.legal_document
    if item.closed_at is None and linked is not None and linked.state == State.PUBLISHED and linked.published_at:
        _close(item, linked.published_at)


@transaction.atomic
def tracked_items_close_for(*, instance) -> int:
    """Publishing a linked article or legal document closes its open tracked items (on time or late)."""
    if isinstance(instance, Article):
        rows = TrackedItem.objects.open().filter(article_id=instance.pk)
    elif isinstance(instance, LegalDocument):
        rows = TrackedItem.objects.open().filter(legal_document_id=instance.pk)
    else:
        return 0
    when = instance.published_at or timezone.now()
    closed = 0
    for item in rows.select_for_update():
        _close(item, when)
        closed += 1
    return closed
