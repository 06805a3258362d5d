"""Lockout per account and address, and per address across accounts (issue #12, decision 0730).

The test client connects from 127.0.0.1, a trusted proxy, so `X-Forwarded-For` names the visitor's address
exactly as nginx would.
"""

import pytest

from components.models import SecurityEvent

from .conftest import PASSWORD, member_of
from .helpers import exempt_from_mfa

pytestmark = pytest.mark.django_db

ADDRESS_A = "203.0.113.7"
ADDRESS_B = "198.51.100.20"


def login(client, username, password=PASSWORD, address=ADDRESS_A):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_attacker_locking_the_chief_from_one_address_does_not_lock_the_chief_out(client, portal_a):
    exempt_from_mfa(member_of(portal_a, username="chief.porta"))
    for _attempt in range(4):
        assert login(client, "chief.porta", "Doan@mat-khau-1").status_code == 200
    locked = login(client, "chief.porta", "Doan@mat-khau-1")
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa do đăng nhập sai 5 lần liên tiếp" in locked.content.decode()
    assert "liên hệ quản trị cổng để được mở khóa" in locked.content.decode()
    # The attacker's address stays locked, even with the right password.
    assert login(client.__class__(), "chief.porta").status_code == 429

    # The chief, at the office, signs in as usual.
    owner = client.__class__()
    assert login(owner, "chief.porta", address=ADDRESS_B)["Location"] == "/admin/"
    assert owner.get("/admin/").status_code == 200
    # Her success does not lift the lockout of the attacker's address.
    assert login(client.__class__(), "chief.porta").status_code == 429


def test_spraying_many_accounts_from_one_address_locks_that_address(client, portal_a):
    for n in range(12):
        exempt_from_mfa(member_of(portal_a, username=f"canbo{n}.porta"))
    statuses = [login(client, f"canbo{n}.porta", "Matkhau@123").status_code for n in range(12)]
    assert statuses[:9] == [200] * 9  # one wrong password on each of nine accounts: plain login errors
    assert statuses[9:] == [429] * 3  # the tenth failure from this address locks it, for every account
    page = login(client, "canbo11.porta").content.decode()
    assert "Đăng nhập từ địa chỉ mạng của bạn tạm thời bị chặn" in page
    assert "Vui lòng thử lại sau 15 phút." in page and "liên hệ quản trị cổng" not in page  # it expires by itself
    # Nobody else is affected: the same accounts sign in from another address.
    assert login(client.__class__(), "canbo3.porta", address=ADDRESS_B)["Location"] == "/admin/"
    assert SecurityEvent.objects.filter(kind="lockout").exists()


def test_guessing_one_account_from_many_addresses_locks_it_at_thirty(client, portal_a):
    exempt_from_mfa(member_of(portal_a, username="chief.porta"))
    for n in range(29):
        assert login(client, "chief.porta", "Doan@mat-khau-1", address=f"192.0.2.{n + 1}").status_code == 200
    assert login(client, "chief.porta", "Doan@mat-khau-1", address="192.0.2.200").status_code == 429
    locked = login(client.__class__(), "chief.porta", address=ADDRESS_B)
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa do đăng nhập sai 30 lần liên tiếp" in locked.content.decode()


def test_a_sprayer_with_an_account_of_its_own_cannot_reset_its_address_count(client, portal_a):
    exempt_from_mfa(member_of(portal_a, username="congtacvien.porta"))  # the attacker's own, valid account
    for n in range(9):
        exempt_from_mfa(member_of(portal_a, username=f"canbo{n}.porta"))
        assert login(client, f"canbo{n}.porta", "Matkhau@123").status_code == 200
    assert login(client.__class__(), "congtacvien.porta")["Location"] == "/admin/"
    assert login(client.__class__(), "canbo0.porta", "Matkhau@123").status_code == 429  # the tenth
