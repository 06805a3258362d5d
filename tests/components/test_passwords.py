"""Password rules: four classes, longer without MFA, no reuse of the last five, forced change and expiry."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from components.models import AccountProfile, PasswordHistory
from tests.factories import UserFactory

from .conftest import PASSWORD
from .helpers import exempt_from_mfa

pytestmark = pytest.mark.django_db


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def test_password_missing_classes_is_refused_with_vietnamese_reasons():
    user = UserFactory()
    text = messages_for("abcdefghijklmnop", user)
    assert "một chữ hoa" in text and "một chữ số" in text and "một ký tự đặc biệt" in text
    assert "một chữ thường" not in text


def test_account_without_mfa_needs_fourteen_characters():
    user = UserFactory()
    assert "ít nhất 14 ký tự" in messages_for("Ab1!xyzwQ", user)
    assert messages_for("Ab1!xyzwQrstuv", user) == ""


def test_account_with_mfa_may_use_eight_characters():
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    assert messages_for("Ab1!xyzw", user) == ""
    assert "ít nhất 8 ký tự" in messages_for("Ab1!xyz", user)


def test_minimum_lengths_come_from_settings(settings):
    settings.PASSWORD_MIN_LENGTH_WITHOUT_MFA = 20
    assert "ít nhất 20 ký tự" in messages_for("Ab1!xyzwQrstuv", UserFactory())


def test_last_five_passwords_cannot_be_reused():
    user = UserFactory()
    passwords = [f"Matkhau@2026-so{n}x" for n in range(6)]
    for password in passwords:
        user.set_password(password)
        user.save()
    assert PasswordHistory.objects.filter(user=user).count() == 5
    assert "5 mật khẩu gần nhất" in messages_for(passwords[-1], user)
    assert "5 mật khẩu gần nhất" in messages_for(passwords[2], user)
    assert messages_for(passwords[0], user) == ""  # the sixth one back is allowed again


def test_changing_password_clears_the_forced_change_and_dates_it():
    user = UserFactory()
    AccountProfile.objects.filter(user=user).update(must_change_password=True, password_changed_at=None)
    user.set_password("Cay-Luc-Binh#2026!")
    user.save()
    profile = AccountProfile.objects.get(user=user)
    assert profile.must_change_password is False
    assert profile.password_changed_at > timezone.now() - timedelta(minutes=1)


def test_staff_with_forced_change_is_sent_to_the_password_page_until_changed(client):
    user = UserFactory(username="nhanvien")
    AccountProfile.objects.filter(user=user).update(must_change_password=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/password_change/"
    page = client.get("/admin/password_change/", follow=True)
    assert "Bạn cần đổi mật khẩu trước khi tiếp tục" in page.content.decode()

    weak = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert "Mật khẩu phải có ít nhất 14 ký tự" in weak.content.decode()
    assert client.get("/admin/").status_code == 302

    done = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Cay-Luc-Binh#2026!", "new_password2": "Cay-Luc-Binh#2026!"},
    )
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_password_older_than_ninety_days_must_be_changed(client, settings):
    user = UserFactory()
    AccountProfile.objects.filter(user=user).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(user)
    assert client.get("/admin/")["Location"] == "/admin/password_change/"
    settings.PASSWORD_MAX_AGE_DAYS = 120
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_demo_accounts_are_never_forced_to_change(client):
    user = exempt_from_mfa(UserFactory())
    AccountProfile.objects.filter(user=user).update(
        must_change_password=True, password_changed_at=timezone.now() - timedelta(days=400)
    )
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_factory_accounts_with_force_login_reach_the_admin(client):
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 200


def test_password_page_explains_the_rules_and_offers_the_second_factor(client):
    client.force_login(UserFactory())
    html = client.get("/admin/password_change/").content.decode()
    assert "gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt" in html
    assert 'href="/admin/tai-khoan/xac-thuc-hai-buoc/"' in html
