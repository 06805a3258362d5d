"""When a portal is merged into another, its office rows move with its content (components.merging).

Set-based statements, a number of queries bounded by the inventory's size, never by the ledger's (decision 0415).
Where the target already has the same thing — a payment list for the same month, an inventory kind with the same
code — the source's stays on the retired source portal (a paid list is never rewritten) and tracked items are
re-pointed to the target's kind.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from components import merging

from .models import InformationKind, Payee, PaymentList, RoyaltyLine, TrackedItem


@merging.register_mover
def move_office(*, source, target, dry_run):
    taken_months = PaymentList.objects.filter(portal=target).values("month")
    lists = PaymentList.objects.filter(portal=source).exclude(month__in=taken_months)
    lines = RoyaltyLine.objects.filter(portal=source).filter(Q(payment_list__isnull=True) | Q(payment_list__in=lists))
    payees = Payee.objects.filter(portal=source)
    target_kinds = dict(InformationKind.objects.filter(portal=target).values_list("code", "pk"))
    kinds = InformationKind.objects.filter(portal=source).exclude(code__in=list(target_kinds))
    items = TrackedItem.objects.filter(portal=source)
    labels = (_("Nhuận bút"), _("Danh sách chi trả nhuận bút"), _("Hạn cập nhật thông tin"))
    if dry_run:
        return {labels[0]: lines.count(), labels[1]: lists.count(), labels[2]: items.count()}
    payees.update(portal=target)
    moved_lines = lines.update(portal=target)
    moved_lists = lists.update(portal=target)
    for code, pk in InformationKind.objects.filter(portal=source, code__in=list(target_kinds)).values_list(
        "code", "pk"
    ):
        TrackedItem.objects.filter(kind_id=pk).update(kind_id=target_kinds[code])
    kinds.update(portal=target)
    moved_items = items.update(portal=target)
    return {labels[0]: moved_lines, labels[1]: moved_lists, labels[2]: moved_items}
