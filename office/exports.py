"""The monthly payment list as an XLSX workbook (openpyxl): per-person totals to sign, then every line."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import selectors

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bold_row(sheet, row):
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def payment_list_xlsx(payment_list) -> bytes:
    """Sheet "Danh sách": one row per person (the list people sign); sheet "Chi tiết": one row per line."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Danh sách")
    summary.append([_("DANH SÁCH CHI TRẢ NHUẬN BÚT")])
    summary.append([str(payment_list.portal)])
    summary.append([_("Tháng %(month)s") % {"month": f"{payment_list.month:%m/%Y}"}])
    summary.append([])
    header = [
        _("STT"),
        _("Họ và tên"),
        _("Đơn vị"),
        _("Số CCCD"),
        _("Số tài khoản"),
        _("Ngân hàng"),
        _("Số tác phẩm"),
        _("Số tiền (đồng)"),
        _("Ký nhận"),
    ]
    summary.append(header)
    _bold_row(summary, summary.max_row)
    grand_total = 0
    for number, row in enumerate(selectors.payment_list_totals(payment_list), start=1):
        summary.append(
            [
                number,
                row["payee__full_name"],
                row["payee__unit"],
                row["payee__id_number"],
                row["payee__bank_account"],
                row["payee__bank_name"],
                row["items"],
                int(row["total"]),
                "",
            ]
        )
        grand_total += int(row["total"])
    summary.append(["", _("Tổng cộng"), "", "", "", "", "", grand_total, ""])
    _bold_row(summary, summary.max_row)
    for column, width in zip("ABCDEFGHI", (6, 28, 28, 16, 18, 20, 12, 16, 14), strict=True):
        summary.column_dimensions[column].width = width
    summary["A1"].font = Font(bold=True, size=13)
    summary["A1"].alignment = Alignment(horizontal="left")

    detail = workbook.create_sheet(_("Chi tiết"))
    detail.append(
        [_("Họ và tên"), _("Tác phẩm"), _("Loại tác phẩm"), _("Hệ số"), _("Giá trị đơn vị hệ số"), _("Số tiền (đồng)")]
    )
    _bold_row(detail, 1)
    for line in selectors.payment_list_lines(payment_list):
        detail.append(
            [
                line.payee.full_name,
                line.item_title,
                line.kind.name,
                float(line.coefficient),
                int(line.base_amount),
                int(line.amount),
            ]
        )
    for column, width in zip("ABCDEF", (28, 60, 30, 8, 18, 16), strict=True):
        detail.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
