"""Sign-in through the admin form: lockout, second factor, idle timeout, and the security log."""

import time

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from components import security
from components.models import Membership, SecurityEvent
from tests.factories import UserFactory

from .conftest import PASSWORD, member_of
from .helpers import exempt_from_mfa, totp_token

pytestmark = pytest.mark.django_db


def reset_throttle(device):
    """django-otp slows down guessing after a wrong code; the tests do not wait for it."""
    type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    device.refresh_from_db()


def login(client, username, password=PASSWORD):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_member_without_mfa_logs_in_with_password_only(client, portal_a):
    member_of(portal_a, username="bientap.a")
    response = login(client, "bientap.a")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(kind="login", username="bientap.a").exists()


def test_wrong_password_is_logged_and_fifth_failure_locks_the_account(client, portal_a, caplog):
    member_of(portal_a, username="bientap.a")
    for _attempt in range(4):
        response = login(client, "bientap.a", "Sai@mat-khau-1")
        assert response.status_code == 200
        assert "errornote" in response.content.decode()
    locked = login(client, "bientap.a", "Sai@mat-khau-1")
    assert locked.status_code == 429
    assert "tạm thời bị khóa do đăng nhập sai 5 lần" in locked.content.decode()
    assert "15 phút" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    assert login(client, "bientap.a").status_code == 429
    assert SecurityEvent.objects.filter(kind="login_failed", username="bientap.a").count() >= 5
    assert SecurityEvent.objects.filter(kind="lockout", username="bientap.a").exists()
    assert "Login lockout for 'bientap.a'" in caplog.text


def test_administrator_unlocks_a_locked_account(client, portal_a, province_admin):
    member_of(portal_a, username="bientap.a")
    for _attempt in range(5):
        login(client, "bientap.a", "Sai@mat-khau-1")
    admin_client = client.__class__()
    admin_client.force_login(province_admin)
    user_id = Membership.objects.get(user__username="bientap.a").user_id
    admin_client.post("/admin/auth/user/", {"action": "unlock_action", "_selected_action": [user_id]})
    assert login(client, "bientap.a").status_code == 302
    assert SecurityEvent.objects.filter(kind="unlock", username="bientap.a").exists()


def test_chief_without_device_must_enrol_before_using_the_admin(client, portal_a):
    member_of(portal_a, Membership.Role.CHIEF, username="truongban.a")
    response = login(client, "truongban.a")
    assert response["Location"].startswith("/admin/tai-khoan/xac-thuc-hai-buoc/")
    assert client.get("/admin/")["Location"].startswith("/admin/tai-khoan/xac-thuc-hai-buoc/")
    page = client.get("/admin/tai-khoan/xac-thuc-hai-buoc/")
    html = page.content.decode()
    assert "<svg" in html and "bắt buộc dùng xác thực hai bước" in html
    device = TOTPDevice.objects.get(user__username="truongban.a", confirmed=False)
    wrong = client.post("/admin/tai-khoan/xac-thuc-hai-buoc/", {"token": "000000", "next": "/admin/"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    reset_throttle(device)
    ok = client.post("/admin/tai-khoan/xac-thuc-hai-buoc/", {"token": totp_token(device), "next": "/admin/"})
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user__username="truongban.a").confirmed
    assert SecurityEvent.objects.filter(kind="mfa_enrolled", username="truongban.a").exists()


def test_enrolled_administrator_gives_a_code_before_the_session_opens(client, portal_a):
    user = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = login(client, "admin.porta")
    assert response["Location"] == "/admin/tai-khoan/xac-thuc/"
    # Not logged in yet: the admin still asks for a login.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    wrong = client.post("/admin/tai-khoan/xac-thuc/", {"token": "123456"})
    assert "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert SecurityEvent.objects.filter(kind="mfa_failed", username="admin.porta").exists()
    reset_throttle(device)
    ok = client.post("/admin/tai-khoan/xac-thuc/", {"token": totp_token(device)})
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_repeated_wrong_codes_end_the_login(client, portal_a):
    user = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    login(client, "admin.porta")
    for _attempt in range(5):
        response = client.post("/admin/tai-khoan/xac-thuc/", {"token": "123456"})
    assert response["Location"] == "/admin/login/"
    assert client.get("/admin/tai-khoan/xac-thuc/")["Location"] == "/admin/login/"


def test_demo_chief_logs_in_without_mfa(client, portal_a):
    exempt_from_mfa(member_of(portal_a, Membership.Role.CHIEF, username="chief.porta"))
    assert login(client, "chief.porta")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_superuser_needs_mfa_too(client):
    UserFactory(username="root", is_superuser=True)
    assert login(client, "root")["Location"].startswith("/admin/tai-khoan/xac-thuc-hai-buoc/")


def _age_session(client, seconds):
    session = client.session
    session[security.LAST_SEEN] = int(time.time()) - seconds
    session.save()


def test_staff_session_ends_after_fifteen_idle_minutes(client, portal_a):
    client.force_login(member_of(portal_a, username="bientap.a"))
    _age_session(client, 14 * 60)
    assert client.get("/admin/").status_code == 200
    _age_session(client, 16 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert "Phiên làm việc đã hết" in client.get(response["Location"]).content.decode()
    assert SecurityEvent.objects.filter(kind="timeout", username="bientap.a").exists()


def test_administrators_have_a_shorter_idle_timeout(client, portal_a, settings):
    settings.SECURITY_ADMIN_IDLE_TIMEOUT = 5 * 60
    client.force_login(member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta"))
    _age_session(client, 6 * 60)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_logout_is_logged(client, portal_a):
    client.force_login(member_of(portal_a, username="bientap.a"))
    client.post("/admin/logout/")
    assert SecurityEvent.objects.filter(kind="logout", username="bientap.a").exists()


def test_client_login_without_request_still_works(client, portal_a):
    member_of(portal_a, username="bientap.a")
    assert client.login(username="bientap.a", password=PASSWORD)


def test_member_who_enrolled_voluntarily_is_asked_for_a_code(client, portal_a):
    user = member_of(portal_a, username="bientap.a")
    client.force_login(user)
    page = client.get("/admin/tai-khoan/xac-thuc-hai-buoc/").content.decode()
    assert "<svg" in page and "bắt buộc dùng xác thực hai bước" not in page
    device = TOTPDevice.objects.get(user=user)
    client.post("/admin/tai-khoan/xac-thuc-hai-buoc/", {"token": totp_token(device), "next": "/admin/"})
    client.logout()
    assert login(client, "bientap.a")["Location"] == "/admin/tai-khoan/xac-thuc/"


def test_typing_keeps_the_session_alive_but_an_ended_session_stays_ended(client, portal_a):
    client.force_login(member_of(portal_a, username="bientap.a"))
    _age_session(client, 14 * 60)
    assert client.post("/admin/tai-khoan/hoat-dong/").status_code == 204
    assert time.time() - client.session[security.LAST_SEEN] < 5
    assert client.get("/admin/tai-khoan/hoat-dong/").status_code == 405
    _age_session(client, 16 * 60)
    ended = client.post("/admin/tai-khoan/hoat-dong/")
    assert ended.status_code == 302 and ended["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_portal_form_loads_the_activity_script(client, province_admin, province):
    client.force_login(province_admin)
    html = client.get(f"/admin/components/portal/{province.pk}/change/").content.decode()
    assert "components/js/activity.js" in html
