"""Every seeded portal's home page keeps the shared header and footer and links back to the province."""

import io

import pytest
from django.core.management import call_command

from components.models import AccountProfile, Membership, MenuItem, Portal, PortalRedirect

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


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
