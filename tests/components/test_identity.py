"""A component portal's own banner and small menu, given to templates without touching the shared layout."""

import pytest
from django.core.exceptions import ValidationError

from components.models import MenuItem
from tests.factories import MembershipFactory, PortalFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


def test_context_has_the_portals_menu_in_order_with_one_query(client, department, django_assert_num_queries):
    department.banner = "portals/banners/sokhcn.png"
    department.save()
    MenuItem.objects.create(portal=department, label="Thủ tục", url="/thu-tuc/", order=2)
    MenuItem.objects.create(portal=department, label="Giới thiệu Sở", url="/gioi-thieu/", order=1)
    other = PortalFactory(parent=department.parent, slug="soyt")
    MenuItem.objects.create(portal=other, label="Của Sở Y tế", url="/y-te/", order=1)
    response = client.get("/web/sokhcn/")
    menu = response.context["portal_menu"]
    with django_assert_num_queries(0):  # the header already read this portal's items, in one query
        links = [(item.label, item.get_absolute_url()) for item in menu]
    assert links == [("Giới thiệu Sở", "/web/sokhcn/gioi-thieu/"), ("Thủ tục", "/web/sokhcn/thu-tuc/")]
    html = response.content.decode()
    assert html.index('href="/web/sokhcn/gioi-thieu/">Giới thiệu Sở') < html.index(
        'href="/web/sokhcn/thu-tuc/">Thủ tục'
    )
    assert "Của Sở Y tế" not in html
    assert response.context["portal"].banner.url == "/media/portals/banners/sokhcn.png"  # on the portal itself


def test_province_home_context_has_an_empty_menu(client, province):
    assert list(client.get("/").context["portal_menu"]) == []


def test_menu_urls_must_be_paths_or_web_addresses(department):
    with pytest.raises(ValidationError):
        MenuItem(portal=department, label="x", url="javascript:alert(1)").full_clean()
    MenuItem(portal=department, label="x", url="https://dichvucong.gov.vn/").full_clean()


def test_component_administrator_edits_identity_but_not_structure(client, department):
    admin_user = member_of(department, "administrator", username="admin.sokhcn")
    client.force_login(admin_user)
    page = client.get(f"/admin/components/portal/{department.pk}/change/").content.decode()
    assert 'name="banner"' in page and 'name="phone"' in page
    assert 'name="domain"' not in page and 'name="parent"' not in page and 'name="status"' not in page
    response = client.post(
        f"/admin/components/portal/{department.pk}/change/",
        {
            "name": "Sở KH&CN Cà Mau",
            "owner_name": department.owner_name,
            "phone": "0290 1111 222",
            "domain": "hijack.camau.gov.vn",
            "menu_items-TOTAL_FORMS": "1",
            "menu_items-INITIAL_FORMS": "0",
            "menu_items-MAX_NUM_FORMS": "8",
            "menu_items-0-label": "Liên hệ",
            "menu_items-0-url": "/lien-he/",
            "menu_items-0-order": "1",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.phone == "0290 1111 222" and department.domain == "sokhcn.camau.gov.vn"
    assert MenuItem.objects.get(portal=department).label == "Liên hệ"


def test_menu_size_is_capped(client, department, settings):
    settings.PORTAL_MENU_MAX_ITEMS = 1
    client.force_login(member_of(department, "administrator", username="admin.sokhcn"))
    data = {
        "name": department.name,
        "owner_name": department.owner_name,
        "menu_items-TOTAL_FORMS": "2",
        "menu_items-INITIAL_FORMS": "0",
    }
    for n in range(2):
        data.update({f"menu_items-{n}-label": f"M{n}", f"menu_items-{n}-url": f"/m{n}/", f"menu_items-{n}-order": n})
    response = client.post(f"/admin/components/portal/{department.pk}/change/", data)
    assert response.status_code == 200
    assert not MenuItem.objects.exists()


def test_component_administrator_cannot_drag_their_portal_in_the_tree(client, department, province):
    other = PortalFactory(parent=province, slug="soyt")
    admin_user = member_of(department, "administrator", username="admin.sokhcn")
    MembershipFactory(user=admin_user, portal=other, role="administrator")  # both ends within reach
    client.force_login(admin_user)
    response = client.post(
        "/admin/components/portal/",
        {"cmd": "move_node", "cut_item": department.pk, "pasted_on": other.pk, "position": "last-child"},
    )
    assert response.status_code == 403
    department.refresh_from_db()
    assert department.parent == province
