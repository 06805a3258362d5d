"""Every components admin page renders for the provincial office and for a component administrator."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from components.admin_scoping import PortalScopedAdminMixin
from components.models import Portal, PortalRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(seeded_demo, db):
    """The demo data, seeded once for this module (tests/conftest.py)."""


@pytest.mark.parametrize("username", ["admin.camau", "admin.sokhcn", "chief.khanhbinh", "member.soyt"])
def test_changelists_add_and_change_pages_render(client, seeded, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get("/admin/").status_code == 200
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, PortalScopedAdminMixin):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        listing = client.get(reverse(f"{prefix}_changelist"), follow=True)  # "My work" redirects to its page
        assert listing.status_code in (200, 403), (username, prefix, listing.status_code)
        if listing.status_code != 200 or "cl" not in listing.context:
            continue
        first = listing.context["cl"].result_list[:1]
        for obj in first:
            change = client.get(reverse(f"{prefix}_change", args=[obj.pk]), follow=True)  # the inbox redirects
            assert change.status_code == 200, (username, prefix)
        add = client.get(reverse(f"{prefix}_add"))
        assert add.status_code in (200, 403), (username, prefix, add.status_code)


def test_provincial_office_pages(client, seeded):
    client.force_login(get_user_model().objects.get(username="admin.camau"))
    tay = Portal.objects.get(slug="tranhoi")
    assert client.get(f"/admin/components/portal/{tay.pk}/sap-nhap/").status_code == 200
    assert client.get(f"/admin/components/portal/{tay.pk}/ngung-hoat-dong/").status_code == 200
    request = PortalRequest.objects.get(short_name="ttudkhcn")
    page = client.get(f"/admin/components/portalrequest/{request.pk}/quyet-dinh/").content.decode()
    assert "ttudkhcn.sokhcn.camau.gov.vn" in page
    assert "Phê duyệt / từ chối" in client.get(f"/admin/components/portalrequest/{request.pk}/change/").content.decode()
    user = get_user_model().objects.get(username="contributor.soyt")
    assert client.get(f"/admin/auth/user/{user.pk}/ban-giao/").status_code == 200
