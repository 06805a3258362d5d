"""A unit requests a component portal; the provincial office approves (portal, board, admin account) or refuses."""

import pytest
from django.core import mail
from django.dispatch import receiver

from components.lifecycle import on_portal_created
from components.models import AccountProfile, Membership, Portal, PortalRequest, SecurityEvent
from components.services import PortalStructurePermissionDenied, portal_request_approve, portal_request_refuse

from .conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def damdoi_request(commune):
    requester = member_of(commune.parent, username="canbo.tvt")
    return PortalRequest.objects.create(
        name="Xã Đầm Dơi",
        short_name="damdoi",
        kind="commune",
        parent=commune.parent,
        owner_name="Ủy ban nhân dân xã Đầm Dơi",
        contact_email="damdoi@camau.gov.vn",
        requested_by=requester,
    )


def test_request_is_approved_into_a_working_sub_site(
    client, damdoi_request, province_admin, django_capture_on_commit_callbacks
):
    created = []

    @receiver(on_portal_created, dispatch_uid="test-default-categories")
    def make_categories(sender, portal, by, **kwargs):
        created.append((portal.slug, by.username))

    try:
        with django_capture_on_commit_callbacks(execute=True):
            portal, account, password = portal_request_approve(portal_request=damdoi_request, by=province_admin)
    finally:
        on_portal_created.disconnect(dispatch_uid="test-default-categories")

    assert created == [("damdoi", "admin.camau")]
    assert portal.domain == "damdoi.tranvanthoi.camau.gov.vn"
    assert portal.parent == damdoi_request.parent and portal.kind == "commune"
    assert account.username == "admin.damdoi" and account.is_staff
    assert Membership.objects.filter(user=account, portal=portal, role="administrator").exists()
    assert AccountProfile.objects.get(user=account).must_change_password
    damdoi_request.refresh_from_db()
    assert damdoi_request.status == "approved" and damdoi_request.portal == portal
    assert mail.outbox[0].to == ["damdoi@camau.gov.vn"] and password in mail.outbox[0].body
    assert SecurityEvent.objects.filter(kind="portal_request", portal=portal).exists()

    home = client.get("/", HTTP_HOST="damdoi.tranvanthoi.camau.gov.vn")
    assert home.status_code == 200 and "Xã Đầm Dơi" in home.content.decode()
    assert client.get("/web/damdoi/").status_code == 200

    # The new administrator signs in and is held at TOTP enrolment (the password change gate follows).
    login = client.post("/admin/login/?next=/admin/", {"username": "admin.damdoi", "password": password})
    assert login["Location"].startswith("/admin/tai-khoan/xac-thuc-hai-buoc/")
    assert client.get("/admin/tai-khoan/xac-thuc-hai-buoc/").status_code == 200


def test_refusal_needs_a_reason_and_tells_the_unit(damdoi_request, province_admin, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        portal_request_refuse(portal_request=damdoi_request, by=province_admin, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        portal_request_refuse(portal_request=damdoi_request, by=province_admin, reason="Trùng chức năng với cổng xã.")
    damdoi_request.refresh_from_db()
    assert damdoi_request.status == "refused" and damdoi_request.decision_reason == "Trùng chức năng với cổng xã."
    assert "Trùng chức năng" in mail.outbox[0].body
    assert not Portal.objects.filter(slug="damdoi").exists()


def test_only_the_provincial_office_decides(damdoi_request, commune):
    district_admin = member_of(commune.parent, "administrator", username="admin.tranvanthoi")
    with pytest.raises(PortalStructurePermissionDenied):
        portal_request_approve(portal_request=damdoi_request, by=district_admin)


def test_admin_account_name_falls_back_to_the_long_form(damdoi_request, province_admin):
    member_of(damdoi_request.parent, username="admin.damdoi")  # someone already holds the short name
    _portal, account, _password = portal_request_approve(portal_request=damdoi_request, by=province_admin)
    assert account.username == "admin.damdoi.tranvanthoi"


def test_request_form_fills_and_validates_the_domain(
    client, commune, province_admin, django_capture_on_commit_callbacks
):
    province_admin.email = "vanphong@camau.gov.vn"
    province_admin.save()
    requester = member_of(commune.parent, "chief", username="truongban.tvt")
    client.force_login(requester)
    data = {
        "name": "Xã Khánh Bình",
        "short_name": "khanhbinh",
        "kind": "commune",
        "parent": commune.parent.pk,
        "owner_name": "UBND xã",
        "contact_email": "x@camau.gov.vn",
        "proposed_domain": "",
        "reason": "",
    }
    response = client.post("/admin/components/portalrequest/add/", data)
    assert "đã được dùng (Xã Khánh Bình)" in response.content.decode()
    data.update(name="Xã Khánh Hưng", short_name="khanhhung")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/components/portalrequest/add/", data)
    assert response.status_code == 302
    created = PortalRequest.objects.get(name="Xã Khánh Hưng")
    assert created.proposed_domain == "khanhhung.tranvanthoi.camau.gov.vn"
    assert created.requested_by == requester
    assert mail.outbox[-1].to == ["vanphong@camau.gov.vn"] and "Xã Khánh Hưng" in mail.outbox[-1].subject


def test_decide_page_shows_the_one_time_password(client, damdoi_request, province_admin):
    client.force_login(province_admin)
    url = f"/admin/components/portalrequest/{damdoi_request.pk}/quyet-dinh/"
    assert "damdoi.tranvanthoi.camau.gov.vn" in client.get(url).content.decode()
    response = client.post(url, {"decision": "approve"})
    html = response.content.decode()
    assert "admin.damdoi" in html and "chỉ hiển thị một lần" in html


def test_decide_page_is_forbidden_to_component_administrators(client, damdoi_request, commune):
    client.force_login(member_of(commune.parent, "administrator", username="admin.tranvanthoi"))
    assert client.get(f"/admin/components/portalrequest/{damdoi_request.pk}/quyet-dinh/").status_code == 403


def test_admin_account_names_are_validated(client, province_admin, department):
    client.force_login(province_admin)
    data = {
        "username": "admin.khongco",
        "password1": "Matkhau@2026-dai!",
        "password2": "Matkhau@2026-dai!",
        "usable_password": "true",
    }
    response = client.post("/admin/auth/user/add/", data)
    assert "Không có cổng nào có tên viết tắt “khongco”" in response.content.decode()
    data["username"] = "admin.sokhcn"
    assert client.post("/admin/auth/user/add/", data).status_code == 302
    data["username"] = "nguyen.van.a"  # a personal account is fine
    assert client.post("/admin/auth/user/add/", data).status_code == 302
    assert AccountProfile.objects.get(user__username="nguyen.van.a").must_change_password


def test_administrator_role_for_an_admin_account_must_match_the_portal(client, province_admin, department, province):
    from tests.factories import UserFactory

    client.force_login(province_admin)
    user = UserFactory(username="admin.sokhcn")
    response = client.post(
        "/admin/components/membership/add/", {"user": user.pk, "portal": province.pk, "role": "administrator"}
    )
    assert "phải mang tên đơn vị đó" in response.content.decode()
    response = client.post(
        "/admin/components/membership/add/", {"user": user.pk, "portal": department.pk, "role": "administrator"}
    )
    assert response.status_code == 302


def test_portal_added_directly_by_the_province_gets_the_creation_hook(client, province, province_admin):
    created = []

    @receiver(on_portal_created, dispatch_uid="test-direct-add")
    def record(sender, portal, by, **kwargs):
        created.append(portal.slug)

    client.force_login(province_admin)
    try:
        response = client.post(
            "/admin/components/portal/add/",
            {
                "name": "Sở Tư pháp tỉnh Cà Mau",
                "short_name": "sotp",
                "slug": "sotp",
                "kind": "department",
                "parent": province.pk,
                "domain": "sotp.camau.gov.vn",
                "owner_name": "Sở Tư pháp",
                "menu_items-TOTAL_FORMS": "0",
                "menu_items-INITIAL_FORMS": "0",
            },
        )
    finally:
        on_portal_created.disconnect(dispatch_uid="test-direct-add")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert created == ["sotp"]


def test_requester_keeps_seeing_their_request_after_leaving_the_parent_board(client, damdoi_request):
    requester = damdoi_request.requested_by
    Membership.objects.filter(user=requester).delete()
    Membership.objects.create(user=requester, portal=Portal.objects.get(slug="khanhbinh"), role="member")
    client.force_login(requester)
    assert "Xã Đầm Dơi" in client.get("/admin/components/portalrequest/").content.decode()
