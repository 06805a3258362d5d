"""Domains follow the provincial pattern; wrong or colliding names are explained with a suggestion."""

import pytest
from django.core.exceptions import ValidationError

from components.domains import suggest_domain, validate_portal_domain
from components.models import PortalRedirect
from components.text import compact_name
from tests.factories import PortalFactory

pytestmark = pytest.mark.django_db


def error_of(domain, **kwargs):
    with pytest.raises(ValidationError) as info:
        validate_portal_domain(domain, **kwargs)
    return " ".join(info.value.messages)


def test_compact_name_drops_diacritics_and_maps_d():
    assert compact_name("Đầm Dơi") == "damdoi"
    assert compact_name("Trần Văn Thời") == "tranvanthoi"
    assert compact_name("Phường 1") == "phuong1"


@pytest.mark.parametrize(
    ("kind", "name", "short", "expected"),
    [
        ("department", "Sở Thông tin và Truyền thông", "sotttt", "sotttt.camau.gov.vn"),
        ("ward", "Phường An Xuyên", "", "anxuyen.camau.gov.vn"),
        ("district", "Huyện Đầm Dơi", "", "damdoi.camau.gov.vn"),
    ],
)
def test_suggestions_follow_the_pattern_of_each_kind(province, kind, name, short, expected):
    assert suggest_domain(kind=kind, name=name, short_name=short, parent=province) == expected


def test_commune_and_unit_domains_sit_under_their_parent(commune, department):
    district = commune.parent
    assert suggest_domain(kind="commune", name="Xã Đầm Dơi", parent=district) == "damdoi.tranvanthoi.camau.gov.vn"
    assert (
        suggest_domain(kind="unit", name="Trung tâm Ứng dụng", short_name="ttud", parent=department)
        == "ttud.sokhcn.camau.gov.vn"
    )


def test_pattern_is_configurable_per_installation(province, settings):
    settings.PORTAL_DOMAIN_PATTERNS = {**settings.PORTAL_DOMAIN_PATTERNS, "ward": "phuong-{name}.{base}"}
    settings.PORTAL_BASE_DOMAIN = "cantho.gov.vn"
    assert suggest_domain(kind="ward", name="Phường Ninh Kiều", parent=province) == "phuong-ninhkieu.cantho.gov.vn"


def test_diacritics_and_spaces_are_refused_with_the_plain_suggestion(province):
    text = error_of("Đầm Dơi.camau.gov.vn", kind="district", name="Huyện Đầm Dơi", parent=province)
    assert "ký tự không hợp lệ" in text and "không dấu" in text
    assert "Gợi ý: damdoi.camau.gov.vn" in text


def test_bad_characters_are_refused(province):
    for domain in ["dam_doi.camau.gov.vn", "-damdoi.camau.gov.vn", "dam doi.camau.gov.vn", "damdoi!.camau.gov.vn"]:
        assert "ký tự không hợp lệ" in error_of(domain, kind="district", name="Huyện Đầm Dơi", parent=province)


def test_domain_outside_the_province_is_refused(province):
    text = error_of("damdoi.gov.vn", kind="district", name="Huyện Đầm Dơi", parent=province)
    assert "phải thuộc camau.gov.vn" in text and "damdoi.camau.gov.vn" in text


def test_commune_domain_must_sit_under_its_district(commune):
    district = commune.parent
    text = error_of("damdoi.camau.gov.vn", kind="commune", name="Xã Đầm Dơi", parent=district)
    assert "không theo quy tắc" in text and "damdoi.tranvanthoi.camau.gov.vn" in text
    text = error_of("damdoi.khac.camau.gov.vn", kind="commune", name="Xã Đầm Dơi", parent=district)
    assert "dưới tên miền của cổng cấp trên" in text


def test_colliding_domain_names_the_holder_and_suggests_a_free_one(commune):
    district = commune.parent
    text = error_of("khanhbinh.tranvanthoi.camau.gov.vn", kind="commune", name="Xã Khánh Bình", parent=district)
    assert "đã được dùng (Xã Khánh Bình)" in text
    assert "Gợi ý: khanhbinhtranvanthoi.tranvanthoi.camau.gov.vn" in text


def test_old_domain_of_a_merged_portal_is_taken(province):
    target = PortalFactory(parent=province, slug="khanhbinh2", domain="khanhbinh2.camau.gov.vn")
    PortalRedirect.objects.create(old_domain="damdoi.camau.gov.vn", target=target, source_name="Huyện Đầm Dơi")
    text = error_of("damdoi.camau.gov.vn", kind="district", name="Huyện Đầm Dơi", parent=province)
    assert "địa chỉ cũ của Huyện Đầm Dơi" in text and "damdoi2.camau.gov.vn" in text


def test_valid_domain_is_normalised(province):
    assert (
        validate_portal_domain("DamDoi.CaMau.gov.vn", kind="district", name="Huyện Đầm Dơi", parent=province)
        == "damdoi.camau.gov.vn"
    )


def test_portal_admin_form_explains_a_colliding_domain(client, province, department):
    from components.models import Membership
    from tests.factories import MembershipFactory, UserFactory

    root = UserFactory(username="admin.camau")
    MembershipFactory(user=root, portal=province, role=Membership.Role.ADMINISTRATOR)
    other = PortalFactory(parent=province, slug="soyt", short_name="soyt", name="Sở Y tế", domain="soyt.camau.gov.vn")
    client.force_login(root)
    response = client.post(
        f"/admin/components/portal/{other.pk}/change/",
        {
            "name": "Sở Y tế",
            "short_name": "soyt",
            "slug": "soyt",
            "kind": "department",
            "parent": province.pk,
            "domain": "sokhcn.camau.gov.vn",
            "owner_name": "Sở Y tế",
            "menu_items-TOTAL_FORMS": "0",
            "menu_items-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "đã được dùng (Sở Khoa học và Công nghệ tỉnh Cà Mau)" in html
