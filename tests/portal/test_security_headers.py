"""Content-Security-Policy and Permissions-Policy on every response (issue #12, decision 0732)."""

import pytest

from tests.factories import UserFactory
from tests.portal.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_get_a_strict_policy_without_inline_code(client, province, news):
    article = ArticleFactory(category=news)
    for path in ["/", "/tin-tuc/tin-tuc-su-kien/", article.get_absolute_url(), "/hoi-dap/gui-cau-hoi/", "/van-ban/"]:
        policy = directives(client.get(path))
        assert policy["default-src"] == ["'self'"], path
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "https://www.youtube.com" in policy["frame-src"]  # the embeds article bodies may hold


def test_cached_pages_and_errors_carry_the_policy_too(client, province, news):
    first = client.get("/")
    again = client.get("/")  # a page-cache hit, answered before the views run
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "geolocation=()" in again["Permissions-Policy"]
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "script-src 'self'" in missing["Content-Security-Policy"]


def test_embed_hosts_follow_the_sanitiser_setting(client, province, settings):
    settings.EDITORIAL_IFRAME_HOSTS = ["video.camau.gov.vn"]
    assert directives(client.get("/"))["frame-src"] == ["'self'", "https://video.camau.gov.vn"]


def test_admin_allows_ckeditor_styles_but_still_no_inline_script(client):
    client.force_login(UserFactory(is_superuser=True))
    for path in ["/admin/login/", "/admin/"]:
        policy = directives(client.get(path))
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], path
        assert "blob:" in policy["img-src"]
        assert policy["object-src"] == ["'none'"]


def test_every_response_turns_off_powerful_features(client, province):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in header
    assert "camera=()" in client.get("/admin/login/")["Permissions-Policy"]


def test_print_page_has_no_inline_style_or_handler(client, province, news):
    article = ArticleFactory(category=news)
    page = client.get(article.get_absolute_url().replace(".html", "/ban-in.html")).content.decode()
    assert "<style" not in page and "onclick" not in page and " style=" not in page


def test_public_templates_hold_no_inline_script_style_or_handler():
    """The strict policy would block them in the browser: code and styles live in static files."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style\b(?!>\{% static_text)|\sstyle=|\son[a-z]+=|javascript:", re.I)
    offenders = []
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(("admin/", "components/security/")) or "/email/" in relative:
            continue  # the back office has its own policy; emails are not pages
        offenders += [f"{relative}: {match.group()}" for match in inline.finditer(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_emc_tracking_snippet_is_allowed_by_hash_and_host_and_nothing_more(client, province, settings):
    import base64
    import hashlib

    body = "var _emc = {id: 'camau'}; (function(){ var s = document.createElement('script'); })();"
    settings.EMC_TRACKING_CODE_HTML = (
        f'<script>{body}</script><script async src="https://emc.mic.gov.vn/tracking.js"></script>'
    )
    policy = directives(client.get("/"))
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert policy["script-src"] == ["'self'", f"'sha256-{digest}'", "https://emc.mic.gov.vn"]
    assert "https://emc.mic.gov.vn" in policy["img-src"] and "https://emc.mic.gov.vn" in policy["connect-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    client.force_login(UserFactory(is_superuser=True))
    assert directives(client.get("/admin/login/"))["script-src"] == ["'self'"]  # the admin shows no snippet
