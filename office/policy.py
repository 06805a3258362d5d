"""Who may do what in the board's office: one `check_*` per decision, each raising a named `OfficePermissionDenied`.

The admin calls them to show or hide (`allowed`), the services call them again inside the transaction. Roles come
from `components.roles` (`ROYALTY_PROPOSERS`, `ROYALTY_APPROVERS`, `ROYALTY_READERS`, `INVENTORY_EDITORS`); a
superuser may act everywhere except that four eyes hold for everybody (docs/decisions/0901-royalty-four-eyes.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from components import roles as role_sets
from components.roles import roles_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from .models import PaymentList, RoyaltyLine


class OfficePermissionDenied(PermissionDenied):
    """Base of every "you may not do this" of the board's office."""

    message = _("Bạn không có quyền thực hiện thao tác này.")

    def __init__(self, message: Any = None) -> None:
        super().__init__(message or self.message)
        self.message = message or self.message

    def __str__(self) -> str:
        return str(self.message)


class NotOnThisBoard(OfficePermissionDenied):
    message = _("Bạn không thuộc Ban Biên tập của cổng này.")


class NotRoyaltyProposer(OfficePermissionDenied):
    message = _("Chỉ Thư ký Ban Biên tập mới được đề xuất nhuận bút và lập danh sách chi trả.")


class NotRoyaltyApprover(OfficePermissionDenied):
    message = _("Chỉ Trưởng Ban Biên tập mới được duyệt nhuận bút và xác nhận đã chi trả.")


class CannotApproveOwnProposal(OfficePermissionDenied):
    message = _("Người đề xuất không được tự duyệt nhuận bút do mình đề xuất.")


class RoyaltyLocked(OfficePermissionDenied):
    message = _("Danh sách chi trả đã được chi trả: không thể sửa, xóa hay thêm dòng nhuận bút.")


class AlreadyApproved(OfficePermissionDenied):
    message = _("Dòng nhuận bút này đã được duyệt.")


class NotRoyaltyTableEditor(OfficePermissionDenied):
    message = _("Chỉ Quản trị Cổng tỉnh sửa bảng nhuận bút chung; bảng riêng của một cổng do Quản trị cổng đó sửa.")


class NotInventoryEditor(OfficePermissionDenied):
    message = _("Bạn không có quyền quản lý danh mục thông tin và hạn cập nhật của cổng này.")


def allowed(check: Callable[..., None], *args: Any) -> bool:
    """True when `check(*args)` raises no permission error (the admin shows or hides with it)."""
    try:
        check(*args)
    except OfficePermissionDenied:
        return False
    return True


def _portal_id(portal: Any) -> int:
    return portal if isinstance(portal, int) else portal.pk


def ledger_portal_ids(user: Any) -> set[int]:
    """Portals whose royalty ledger and inventory the user reads: only those where they sit on the board.

    Unlike the rest of the admin, the province's administrator does not read component portals' ledgers: each
    portal keeps its own (issue #14); superusers read all."""
    return roles_of(user).portal_ids(role_sets.ROYALTY_READERS)


def check_read_ledger(user: Any, portal: Any) -> None:
    if not roles_of(user).has(portal, role_sets.ROYALTY_READERS):
        raise NotOnThisBoard()


def check_propose_royalty(user: Any, portal: Any) -> None:
    if not roles_of(user).has(portal, role_sets.ROYALTY_PROPOSERS):
        raise NotRoyaltyProposer()


def _locked(line: RoyaltyLine) -> bool:
    return line.payment_list is not None and line.payment_list.is_paid


def check_edit_royalty(user: Any, line: RoyaltyLine) -> None:
    """Change or delete a line: the proposers, until the line's payment list is paid."""
    if _locked(line):
        raise RoyaltyLocked()
    check_propose_royalty(user, line.portal_id)


def check_approve_royalty(user: Any, line: RoyaltyLine) -> None:
    if _locked(line):
        raise RoyaltyLocked()
    if not roles_of(user).has(line.portal_id, role_sets.ROYALTY_APPROVERS):
        raise NotRoyaltyApprover()
    if line.proposed_by_id is not None and line.proposed_by_id == user.pk:
        raise CannotApproveOwnProposal()
    if line.status == line.Status.APPROVED:
        raise AlreadyApproved()


def check_build_payment_list(user: Any, portal: Any) -> None:
    check_propose_royalty(user, portal)


def check_mark_paid(user: Any, payment_list: PaymentList) -> None:
    if payment_list.is_paid:
        raise RoyaltyLocked()
    if not roles_of(user).has(payment_list.portal_id, role_sets.ROYALTY_APPROVERS):
        raise NotRoyaltyApprover()


def check_edit_royalty_table(user: Any, portal_id: int | None) -> None:
    """The province-wide table (no portal): the province's administrator; a portal's own: its administrator."""
    held = roles_of(user)
    if held.is_superuser:
        return
    if portal_id is None:
        if not held.is_province_administrator:
            raise NotRoyaltyTableEditor()
    elif not held.holds(portal_id, role_sets.ROYALTY_TABLE_EDITORS):
        raise NotRoyaltyTableEditor()


def check_edit_inventory(user: Any, portal: Any) -> None:
    if not roles_of(user).has(_portal_id(portal), role_sets.INVENTORY_EDITORS):
        raise NotInventoryEditor()
