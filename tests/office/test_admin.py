"""The board office in the admin: each role's buttons and pages, each portal's own ledger, query budgets."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from components.models import Membership
from editorial.models import AuditEvent
from office import services
from office.models import InformationKind, PaymentList, RoyaltyLine, RoyaltyScale, TrackedItem
from tests.office.conftest import kind, published_article
from tests.office.test_royalties import propose

pytestmark = pytest.mark.django_db

LINES = reverse("admin:office_royaltyline_changelist")
LISTS = reverse("admin:office_paymentlist_changelist")
TRACKED = reverse("admin:office_trackeditem_changelist")


def approved(board, **kwargs):
    line = propose(board, **kwargs)
    return services.royalty_approve(user=board.chief, line=line)


def test_the_secretary_proposes_a_line_in_the_admin(client, board):
    article = published_article(board)
    client.force_login(board.secretary)
    response = client.post(
        reverse("admin:office_royaltyline_add"),
        {
            "portal": board.portal.pk,
            "article": article.pk,
            "legal_document": "",
            "payee": board.reporter.pk,
            "kind": kind("tin").pk,
            "coefficient": "3",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    line = RoyaltyLine.objects.get()
    assert line.proposed_by == board.secretary and line.amount == 702000


def test_a_coefficient_out_of_range_is_a_form_error_not_a_crash(client, board):
    article = published_article(board)
    client.force_login(board.secretary)
    response = client.post(
        reverse("admin:office_royaltyline_add"),
        {"portal": board.portal.pk, "article": article.pk, "payee": board.reporter.pk, "kind": kind("tin").pk,
         "coefficient": "12"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "khung" in str(response.context["adminform"].form.non_field_errors())
    assert not RoyaltyLine.objects.exists()


def test_the_chief_approves_from_the_list_the_secretary_is_not_offered_it(client, board):
    line = propose(board)
    client.force_login(board.secretary)
    assert "approve_selected" not in client.get(LINES).content.decode()
    client.force_login(board.chief)
    response = client.post(LINES, {"action": "approve_selected", "_selected_action": [line.pk]}, follow=True)
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.status == RoyaltyLine.Status.APPROVED


def test_a_proposer_who_is_also_chief_is_told_they_cannot_approve_their_own(client, board):
    Membership.objects.create(user=board.secretary, portal=board.portal, role=Membership.Role.CHIEF)
    line = propose(board)
    client.force_login(board.secretary)
    response = client.post(LINES, {"action": "approve_selected", "_selected_action": [line.pk]}, follow=True)
    assert "không được tự duyệt" in response.content.decode()
    line.refresh_from_db()
    assert line.status == RoyaltyLine.Status.PROPOSED


def test_each_portal_sees_only_its_own_ledger(client, board, other_board):
    mine = propose(board)
    theirs = propose(other_board)
    client.force_login(other_board.secretary)
    response = client.get(LINES)
    assert list(response.context["cl"].result_list) == [theirs]
    assert client.get(reverse("admin:office_royaltyline_change", args=[mine.pk])).status_code == 404
    # The province's administrator keeps the province's ledger, not the departments'.
    client.force_login(board.administrator)
    assert list(client.get(LINES).context["cl"].result_list) == [mine]
    # Contributors have no ledger.
    client.force_login(board.contributor)
    assert client.get(LINES).status_code == 403


def test_payment_list_built_marked_paid_and_then_read_only(client, board):
    line = approved(board, coefficient="2")
    approved(board, payee=board.staff_payee, coefficient="1")
    client.force_login(board.secretary)
    response = client.post(reverse("admin:office_paymentlist_add"), {"portal": board.portal.pk, "month": line.month})
    assert response.status_code == 302
    payment_list = PaymentList.objects.get()
    assert payment_list.lines.count() == 2
    # The secretary cannot confirm payment; the chief can.
    client.post(LISTS, {"action": "mark_paid_selected", "_selected_action": [payment_list.pk]})
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentList.Status.DRAFT
    client.force_login(board.chief)
    client.post(LISTS, {"action": "mark_paid_selected", "_selected_action": [payment_list.pk]})
    payment_list.refresh_from_db()
    assert payment_list.status == PaymentList.Status.PAID
    # A paid line's page has no save button, and a forged POST is refused.
    client.force_login(board.secretary)
    url = reverse("admin:office_royaltyline_change", args=[line.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(url, {"payee": board.reporter.pk, "kind": kind("tin").pk, "coefficient": "9"}).status_code == 403
    line.refresh_from_db()
    assert line.coefficient == 2
    list_page = client.get(reverse("admin:office_paymentlist_change", args=[payment_list.pk])).content.decode()
    assert "Trần Văn Phóng Viên" in list_page and "468.000" in list_page


def test_the_xlsx_download_and_its_scope(client, board, other_board):
    line = approved(board, coefficient="2")
    payment_list = services.payment_list_build(user=board.secretary, portal=board.portal, month=line.month)
    client.force_login(board.chief)
    response = client.get(reverse("admin:office_paymentlist_xlsx", args=[payment_list.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{line.month:%Y-%m}.xlsx"')
    sheet = load_workbook(BytesIO(response.content))["Danh sách"]
    assert [row[7] for row in sheet.iter_rows(min_row=6, values_only=True)] == [468000, 468000]
    client.force_login(other_board.chief)
    assert client.get(reverse("admin:office_paymentlist_xlsx", args=[payment_list.pk])).status_code == 404


def test_the_royalty_table_is_read_by_boards_and_edited_by_the_province_office(client, board):
    scale = RoyaltyScale.objects.get()
    url = reverse("admin:office_royaltyscale_change", args=[scale.pk])
    client.force_login(board.secretary)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert "Ảnh (tin ảnh, ảnh minh họa)" in page.content.decode()  # the kinds, read-only
    client.force_login(board.administrator)
    assert 'name="_save"' in client.get(url).content.decode()


def test_a_tracked_item_added_in_the_admin_gets_its_due_date(client, board):
    services.inventory_seed(portal=board.portal)
    kind_2 = InformationKind.objects.filter(portal=board.portal, deadline_working_days=2).first()
    client.force_login(board.secretary)
    response = client.post(
        reverse("admin:office_trackeditem_add"),
        {"kind": kind_2.pk, "title": "Quyết định 15/2026/QĐ-UBND", "source_reference": "15/2026/QĐ-UBND",
         "triggered_on": "13/02/2026"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert TrackedItem.objects.get().due_on == dt.date(2026, 2, 24)
    client.force_login(board.member)
    assert client.get(reverse("admin:office_trackeditem_add")).status_code == 403


def test_the_overdue_list_shows_staleness_per_portal(client, board, other_board):
    services.inventory_seed(portal=board.portal)
    kind_2 = InformationKind.objects.filter(portal=board.portal, deadline_working_days=2).first()
    services.tracked_item_open(user=board.secretary, kind=kind_2, title="Đã quá hạn", triggered_on=dt.date(2026, 1, 5))
    published_article(board)
    client.force_login(board.chief)
    response = client.get(TRACKED, {"han": "overdue"})
    assert [item.title for item in response.context["cl"].result_list] == ["Đã quá hạn"]
    body = response.content.decode()
    assert "Quá hạn" in body and "số ngày chưa có tin mới" in body.lower()
    client.force_login(other_board.chief)
    assert list(client.get(TRACKED).context["cl"].result_list) == []


@pytest.mark.parametrize("url", [LINES, LISTS, TRACKED, reverse("admin:office_payee_changelist")])
def test_office_lists_render_under_a_query_budget(client, board, url, django_assert_max_num_queries):
    services.inventory_seed(portal=board.portal)
    kind_2 = InformationKind.objects.filter(portal=board.portal, deadline_working_days=2).first()
    for i in range(12):
        line = approved(board, coefficient="1", payee=board.reporter if i % 2 else board.staff_payee)
        services.tracked_item_open(
            user=board.secretary, kind=kind_2, title=f"Việc {i}", triggered_on=dt.date(2026, 3, 2)
        )
    services.payment_list_build(user=board.secretary, portal=board.portal, month=line.month)
    client.force_login(board.chief)
    # 13 today (15 for the deadlines list with its date hierarchy): session, user, the user's roles (once), the
    # other apps' sidebar checks, the filters' choices, counts and one page of rows with their joins (the staleness
    # column is two subqueries inside the row query). The same whatever the number of rows.
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200


def test_the_activity_log_shows_the_office_steps(client, board):
    line = propose(board)
    services.royalty_approve(user=board.chief, line=line)
    client.force_login(board.chief)
    body = client.get(reverse("admin:editorial_auditevent_changelist")).content.decode()
    assert "Đề xuất nhuận bút" in body and "Duyệt nhuận bút" in body and "Trần Văn Phóng Viên" in body


def test_a_payees_bank_account_change_is_logged_with_the_old_value(client, board):
    client.force_login(board.secretary)
    url = reverse("admin:office_payee_change", args=[board.reporter.pk])
    response = client.post(
        url,
        {"portal": board.portal.pk, "full_name": "Trần Văn Phóng Viên", "unit": "Báo Cà Mau",
         "id_number": "096080001234", "bank_account": "9999", "bank_name": "Vietcombank Cà Mau", "user": ""},
    )  # fmt: skip
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.PAYEE_EDIT)
    assert "0071000123456" in event.comment and event.actor == board.secretary
    client.force_login(board.member)
    assert client.post(url, {"portal": board.portal.pk, "full_name": "X"}).status_code == 403


def test_the_line_form_offers_no_other_portals_kinds(client, board, other_board):
    from office.models import RoyaltyKind

    own = RoyaltyScale.objects.create(
        portal=other_board.portal, name="Bảng riêng", base_amount=100000, legal_reference="QĐ", valid_from="2026-01-01"
    )
    RoyaltyKind.objects.create(
        scale=own, code="rieng", name="Loại riêng", min_coefficient=1, max_coefficient=2, default_coefficient=1
    )
    client.force_login(board.secretary)
    page = client.get(reverse("admin:office_royaltyline_add")).content.decode()
    assert "Tin (1.00" in page and "Loại riêng" not in page


def test_a_component_portals_administrator_keeps_its_own_table_only(client, board, other_board):
    client.force_login(other_board.administrator)
    province_wide = RoyaltyScale.objects.get(portal__isnull=True)
    assert (
        'name="_save"'
        not in client.get(reverse("admin:office_royaltyscale_change", args=[province_wide.pk])).content.decode()
    )
    form = {
        "name": "Bảng nhuận bút Sở KH&CN", "base_amount": "200000", "legal_reference": "QĐ 5/QĐ-SKHCN",
        "valid_from": "01/01/2026", "kinds-TOTAL_FORMS": "1", "kinds-INITIAL_FORMS": "0",
        "kinds-0-code": "tin", "kinds-0-name": "Tin", "kinds-0-min_coefficient": "1",
        "kinds-0-default_coefficient": "2", "kinds-0-max_coefficient": "8",
    }  # fmt: skip
    # Without a portal it would be the province-wide table: refused.
    assert client.post(reverse("admin:office_royaltyscale_add"), {**form, "portal": ""}).status_code == 403
    response = client.post(reverse("admin:office_royaltyscale_add"), {**form, "portal": other_board.portal.pk})
    assert response.status_code == 302
    assert RoyaltyScale.objects.get(portal=other_board.portal).kinds.get().max_coefficient == 8
