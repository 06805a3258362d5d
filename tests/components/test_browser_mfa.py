"""In a real browser: a chief signs in, is held at TOTP enrolment, scans (reads) the key and gets in."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from components.models import Membership
from tests.conftest import chromium_path

from .conftest import PASSWORD, member_of

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chief_enrols_a_second_factor_at_first_login(live_server, province, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; set for this test only, so it does not leak into the
    # environment of other tests' subprocesses (manage.py check --deploy refuses it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    portal = province
    member_of(portal, Membership.Role.CHIEF, username="truongban.camau")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", "truongban.camau")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/xac-thuc-hai-buoc/**")
        assert page.locator(".mfa-qr svg").is_visible()
        device = TOTPDevice.objects.get(user__username="truongban.camau", confirmed=False)
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        page.fill("#id_token", f"{token:06d}")
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        assert "Đã bật xác thực hai bước" in page.content()
        browser.close()
