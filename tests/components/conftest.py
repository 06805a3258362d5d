import pytest

from components.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, PortalFactory, UserFactory

PASSWORD = "Secret@2026!"


@pytest.fixture
def commune(province):
    district = PortalFactory(
        parent=province,
        slug="tranvanthoi",
        short_name="tranvanthoi",
        name="Cổng TTĐT huyện Trần Văn Thời",
        kind="district",
        domain="tranvanthoi.camau.gov.vn",
    )
    return PortalFactory(
        parent=district,
        slug="khanhbinh",
        short_name="khanhbinh",
        name="Xã Khánh Bình",
        kind="commune",
        domain="khanhbinh.tranvanthoi.camau.gov.vn",
    )


def member_of(portal, role=Membership.Role.MEMBER, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, portal=portal, role=role)
    return user


@pytest.fixture
def province_admin(province):
    return member_of(province, Membership.Role.ADMINISTRATOR, username="admin.camau")


@pytest.fixture
def portal_a(province):
    return PortalFactory(parent=province, slug="porta", short_name="porta", name="Cổng A", domain="porta.camau.gov.vn")


@pytest.fixture
def portal_b(province):
    return PortalFactory(parent=province, slug="portb", short_name="portb", name="Cổng B", domain="portb.camau.gov.vn")


@pytest.fixture
def org_b(portal_b):
    return OrganizationFactory(portal=portal_b, name="Văn phòng Cổng B", slug="van-phong-b")
