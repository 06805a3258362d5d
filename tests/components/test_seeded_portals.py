"""Every seeded portal's home page keeps the shared header and footer and links back to the province."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from components.models import AccountProfile, Membership, MenuItem, Portal, PortalRedirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_demo, db):
    """The demo data, seeded once for this module (tests/conftest.py)."""


def test_every_active_seeded_portal_home_shares_the_layout_and_links_to_the_province(client, seeded):
    province = Portal.objects.get(parent=None)
    for portal in Portal.objects.filter(status=Portal.Status.ACTIVE):
        response = client.get(portal.path_prefix)
        html = response.content.decode()
        assert response.status_code == 200, portal.slug
        assert 'class="site-header"' in html and 'class="site-footer"' in html, portal.slug
        assert portal.name in html
        if portal.pk != province.pk:
            assert 'href="/"' in html and province.name in html, portal.slug


SHARED_MENU = ["Trang chủ", "Giới thiệu", "Tin tức", "Văn bản", "Lịch công tác", "Lấy ý kiến dự thảo", "Hỏi đáp"]


def _main_menu_labels(html):
    menu = html.split('<nav class="main-menu"', 1)[1].split("</nav>", 1)[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", menu, re.S)]


def test_every_seeded_portal_keeps_the_shared_header_and_footer_and_adds_its_menu_after_them(client, seeded):
    province = Portal.objects.get(parent=None)
    province_header = _main_menu_labels(client.get(province.path_prefix).content.decode())
    assert province_header[: len(SHARED_MENU)] == SHARED_MENU
    for portal in Portal.objects.filter(status=Portal.Status.ACTIVE).exclude(pk=province.pk):
        html = client.get(portal.path_prefix).content.decode()
        labels = _main_menu_labels(html)
        own = [item.label for item in MenuItem.objects.filter(portal=portal).order_by("order", "id")]
        # The shared menu, unchanged and first; the portal's own items only after it.
        assert labels == province_header + own, portal.slug
        header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
        footer = html.split('<footer class="site-footer"', 1)[1].split("</footer>", 1)[0]
        assert f'<a class="topbar-link" href="{province.get_absolute_url()}">' in header, portal.slug
        assert f'class="province-link" href="{province.get_absolute_url()}"' in footer, portal.slug
        assert 'class="banner"' in header and 'class="search-box"' in header, portal.slug
    assert "Thủ tục hành chính" in client.get("/web/sokhcn/").content.decode()


def test_a_portals_banner_is_shown_as_a_decorative_image_under_the_shared_banner(client, seeded, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    portal = Portal.objects.get(slug="sokhcn")
    buffer = io.BytesIO()
    Image.new("RGB", (600, 100), (0, 90, 160)).save(buffer, format="PNG")
    portal.banner.save("banner.png", ContentFile(buffer.getvalue()))
    html = client.get("/web/sokhcn/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert f'<div class="portal-banner"><img src="{portal.banner.url}" alt=""></div>' in header
    assert header.index('class="banner"') < header.index('class="portal-banner"') < header.index('class="main-menu"')
    assert 'class="portal-banner"' not in client.get("/web/soyt/").content.decode()


def test_seeded_accounts_are_demo_accounts_without_mfa_or_forced_change(client, seeded):
    chief = Membership.objects.get(portal__slug="sokhcn", role="chief").user
    assert AccountProfile.objects.get(user=chief).is_demo
    response = client.post("/admin/login/?next=/admin/", {"username": chief.username, "password": "Demo@2026!"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_seed_gives_a_menu_and_the_merged_communes_redirects(seeded):
    assert MenuItem.objects.filter(portal__slug="sokhcn").count() == 2
    assert set(PortalRedirect.objects.values_list("target__slug", flat=True)) == {"khanhbinh"}


def test_merged_communes_board_now_works_on_the_successor(seeded):
    chief = Membership.objects.get(user__username="chief.khanhbinhtay")
    assert chief.portal.slug == "khanhbinh" and chief.role == "chief"
    assert AccountProfile.objects.get(user=chief.user).is_demo
