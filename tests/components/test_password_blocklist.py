"""Password blocklist: weak 'four-class' passwords are refused for real accounts (issue #12, decision 0731)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import PortalFactory, UserFactory

from .helpers import exempt_from_mfa

pytestmark = pytest.mark.django_db


def messages_for(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


@pytest.fixture
def user(province):
    PortalFactory(
        parent=province, slug="sokhcn", short_name="sokhcn", name="Sở Khoa học và Công nghệ", kind="department"
    )
    PortalFactory(parent=province, slug="tranhoi", short_name="tranhoi", name="Xã Trần Hợi", kind="commune")
    return UserFactory()


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",
        "P@ssw0rd#2026",
        "Matkhau@123",
        "Mật.Khẩu@2026#",
        "Anhyeuem@1990!",
        "Qwerty@2026!!",
    ],
)
def test_common_passwords_with_decoration_are_refused(user, password):
    assert "Mật khẩu này quá phổ biến" in messages_for(password, user)


@pytest.mark.parametrize(
    ("password", "name"),
    [
        ("Camau@2026", "Cà Mau"),
        ("CaMau#2026!!xx", "Cà Mau"),
        ("Cà.Mau@20262026", "Cà Mau"),
        ("Sokhcn@2026!!!!", "Sở Khoa học và Công nghệ"),
        ("KhoaHocCongNghe#2026", "Sở Khoa học và Công nghệ"),
        ("TranHoi@1985!!xy", "Xã Trần Hợi"),
        ("HaNoi#19901990!", "Hà Nội"),
    ],
)
def test_portal_unit_and_province_names_with_years_are_refused(user, password, name):
    assert f"tên cổng, tên cơ quan hay tên địa phương (“{name}”)" in messages_for(password, user)


def test_years_and_symbols_alone_are_refused(user):
    assert "chỉ gồm chữ số, năm và ký tự đặc biệt" in messages_for("1990@2026#!2000", user)


def test_demo_password_is_refused_for_real_accounts_and_kept_for_demo_accounts(user, settings):
    assert "mật khẩu của bản trình diễn" in messages_for(settings.DEMO_PASSWORD, user)
    demo_user = exempt_from_mfa(UserFactory())
    assert "bản trình diễn" not in messages_for(settings.DEMO_PASSWORD, demo_user)


def test_seeded_demo_accounts_sign_in_with_the_demo_password(client, settings):
    from demo import components as demo

    demo.seed()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "chief.camau", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "password", ["Tam@thoi-2026-x1", "Cay-Luc-Binh#2026!", "Ca-Mau~Rung#Duoc&Song!7", "Xk#9mQ!2vL@p4Tz"]
)
def test_strong_passwords_still_pass(user, password):
    assert messages_for(password, user) == ""


def test_password_page_explains_the_blocklist(client):
    client.force_login(UserFactory())
    html = client.get("/admin/password_change/").content.decode()
    assert "tên địa phương hay năm thêm ký tự trang trí (như Camau@2026)" in html


def test_admin_refuses_a_weak_new_password_in_vietnamese(client):
    user = UserFactory()
    client.force_login(user)
    from .conftest import PASSWORD

    page = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "Camau@2026-Camau", "new_password2": "Camau@2026-Camau"},
    )
    assert page.status_code == 200
    assert "tên địa phương (“Cà Mau”)" in page.content.decode()


def test_messages_are_translated_to_english(user):
    from django.utils import translation

    with translation.override("en"):
        assert "based on the name of a portal, an agency or a place (“Cà Mau”)" in messages_for("Camau@2026", user)
        assert "This password is too common" in messages_for("Password123!", user)
