"""Every portal uses the shared header and footer, with its own identity and a link to the province."""

import pytest

from tests.factories import PortalFactory

pytestmark = pytest.mark.django_db


def test_component_portal_header_and_footer_show_its_identity_and_link_to_the_province(client, department):
    department.address = "Số 10 Phan Ngọc Hiển"
    department.phone = "0290 3567 489"
    department.responsible_person = "Giám đốc Sở"
    department.save()
    html = client.get("/web/sokhcn/").content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "Sở Khoa học và Công nghệ tỉnh Cà Mau" in html
    assert "Số 10 Phan Ngọc Hiển" in html and "0290 3567 489" in html and "Giám đốc Sở" in html
    assert 'class="province-link" href="/"' in html
    assert "Cổng Thông tin điện tử tỉnh Cà Mau" in html


def test_province_home_lists_its_component_portals(client, province, department):
    commune = PortalFactory(parent=department, slug="khanhbinh", name="Xã Khánh Bình", kind="commune")
    html = client.get("/").content.decode()
    assert 'href="/web/sokhcn/"' in html
    assert f'href="/web/{commune.slug}/"' in html
    assert "province-link" not in html  # the province does not link to itself


def test_page_has_skip_link_lang_and_viewport(client, province):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert 'class="skip-link" href="#main"' in html
    assert 'name="viewport"' in html


def test_retired_portals_are_not_in_the_directory(client, province):
    PortalFactory(parent=province, slug="cu", name="Huyện đã giải thể", status="retired")
    assert "Huyện đã giải thể" not in client.get("/").content.decode()


def test_in_production_portals_link_to_each_other_by_domain(client, settings, province, department):
    settings.PORTAL_LINK_DOMAINS = True
    html = client.get("/", HTTP_HOST="sokhcn.camau.gov.vn").content.decode()
    assert 'class="province-link" href="https://camau.gov.vn/"' in html
    html = client.get("/", HTTP_HOST="camau.gov.vn").content.decode()
    assert 'href="https://sokhcn.camau.gov.vn/"' in html


def test_a_new_component_portal_appears_in_the_cached_directory(
    client, province, department, django_capture_on_commit_callbacks
):
    from components.models import PortalRequest
    from components.services import portal_request_approve
    from tests.editorial.factories import board_user

    assert "Phường Tân Thành" not in client.get("/").content.decode()
    office = board_user(province, "administrator", username="admin.camau")
    request = PortalRequest.objects.create(
        name="Phường Tân Thành",
        short_name="tanthanh",
        kind="ward",
        parent=province,
        owner_name="Ủy ban nhân dân phường Tân Thành",
        contact_email="tanthanh@camau.gov.vn",
        requested_by=office,
    )
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is dropped after commit
        portal_request_approve(portal_request=request, by=office)
    assert "Phường Tân Thành" in client.get("/").content.decode()
