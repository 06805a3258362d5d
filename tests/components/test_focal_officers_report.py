"""The focal officers of every portal's organisations, listed and exported for the provincial office."""

import pytest

from components.models import SecurityEvent
from tests.factories import FocalOfficerFactory, OrganizationFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers(department, commune):
    FocalOfficerFactory(
        organization=OrganizationFactory(portal=department, name="Văn phòng Sở KH&CN", slug="vp-sokhcn"),
        full_name="Nguyễn Thị Hồng",
        position="Chánh Văn phòng",
        phone="0290 3567 111",
        email="hong@sokhcn.camau.gov.vn",
    )
    FocalOfficerFactory(
        organization=OrganizationFactory(portal=commune, name="UBND xã Khánh Bình", slug="ubnd-kb"),
        full_name="Trần Văn Đức",
        position="Công chức Văn phòng - Thống kê",
        phone="0290 3896 123",
        email="duc@khanhbinh.camau.gov.vn",
    )


def test_provincial_office_lists_every_portals_focal_officers(
    client, officers, province_admin, django_assert_max_num_queries
):
    client.force_login(province_admin)
    client.get("/admin/components/focalofficer/")  # warm the per-session caches
    # session, user, roles, count, page of officers with organisation and portal, filter choices, ...
    with django_assert_max_num_queries(14):
        response = client.get("/admin/components/focalofficer/")
    html = response.content.decode()
    for text in [
        "Nguyễn Thị Hồng",
        "Chánh Văn phòng",
        "0290 3567 111",
        "hong@sokhcn.camau.gov.vn",
        "Trần Văn Đức",
        "Xã Khánh Bình",
        "Sở Khoa học và Công nghệ tỉnh Cà Mau",
    ]:
        assert text in html


def test_report_is_exported_as_csv(client, officers, province_admin):
    client.force_login(province_admin)
    response = client.get("/admin/components/focalofficer/xuat-csv/")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == 'Cổng,"Cơ quan, đơn vị",Họ và tên,Chức vụ,Điện thoại,Thư điện tử'
    assert any("Trần Văn Đức" in line and "duc@khanhbinh.camau.gov.vn" in line for line in lines)
    assert SecurityEvent.objects.filter(kind="export", actor=province_admin).exists()


def test_component_administrator_sees_only_their_own_officers(client, officers, department):
    client.force_login(member_of(department, "administrator", username="admin.sokhcn"))
    body = client.get("/admin/components/focalofficer/xuat-csv/").content.decode("utf-8-sig")
    assert "Nguyễn Thị Hồng" in body and "Trần Văn Đức" not in body


def test_component_administrators_report_costs_the_same_for_more_officers(client, department):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member_of(department, "administrator", username="admin.sokhcn"))
    organization = OrganizationFactory(portal=department)

    def queries_for_listing():
        client.get("/admin/components/focalofficer/")  # warm per-session state
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/components/focalofficer/").status_code == 200
        return len(captured)

    FocalOfficerFactory.create_batch(3, organization=organization)
    few = queries_for_listing()
    FocalOfficerFactory.create_batch(20, organization=organization)
    assert queries_for_listing() == few
