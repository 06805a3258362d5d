"""Portal administrators manage their own staff's accounts, never Django-wide permissions or others' staff."""

import pytest

from components.models import Membership
from tests.factories import MembershipFactory, UserFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


def test_portal_administrator_edits_own_staff_without_permission_fields(client, portal_a):
    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    staff = member_of(portal_a, username="bientap.a")
    client.force_login(admin_a)
    page = client.get(f"/admin/auth/user/{staff.pk}/change/").content.decode()
    assert 'name="email"' in page and 'name="is_active"' in page
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    assert 'name="groups"' not in page


def test_staff_shared_with_another_portal_is_read_only_for_one_administrator(client, portal_a, portal_b):
    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    shared = member_of(portal_a, username="chung")
    MembershipFactory(user=shared, portal=portal_b, role=Membership.Role.MEMBER)
    client.force_login(admin_a)
    page = client.get(f"/admin/auth/user/{shared.pk}/change/")
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    client.post(f"/admin/auth/user/{shared.pk}/change/", {"username": "chung", "email": "moi@x.vn"})
    shared.refresh_from_db()
    assert shared.email != "moi@x.vn"


def test_board_members_do_not_see_the_account_list(client, portal_a):
    client.force_login(member_of(portal_a, Membership.Role.CHIEF))
    assert client.get("/admin/auth/user/").status_code == 403


def test_password_set_by_an_administrator_is_temporary(client, portal_a):
    from components.models import AccountProfile

    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    staff = member_of(portal_a, username="bientap.a")
    client.force_login(admin_a)
    response = client.post(
        f"/admin/auth/user/{staff.pk}/password/",
        {"password1": "Tam@thoi-2026-x1", "password2": "Tam@thoi-2026-x1", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert AccountProfile.objects.get(user=staff).must_change_password


def test_superuser_accounts_are_out_of_portal_administrators_reach(client, portal_a):
    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    root = UserFactory(username="goc", is_superuser=True)
    client.force_login(admin_a)
    assert client.get(f"/admin/auth/user/{root.pk}/change/").status_code == 404


def test_system_checks_catch_a_misordered_security_setup(settings):
    from components.checks import security_settings

    assert security_settings(None) == []
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "django_otp.middleware.OTPMiddleware"]
    assert {p.id for p in security_settings(None)} == {"components.E001", "components.E002"}
