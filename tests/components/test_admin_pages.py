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


USERS = ["admin.camau", "admin.sokhcn", "chief.khanhbinh", "member.soyt"]
# What each demo user gets on every portal-scoped admin (USERS order: the provincial office, a department's
# administrator, a commune's chief, a department's board member), one outcome per cell:
#   "." the list and the add page render (200)      "r" the list renders, adding is refused (403)
#   "-" the list itself is refused (403)             "w" the list redirects to "My work" (200), which has no add page
# Read-only records (audit and security logs, citizens' questions and comments, notifications, ratings, portal
# operations) are never added by hand; the rest follows components.roles and each app's policy.
PAGES = {
    "auth.user": ". . - -",
    "components.focalofficer": ". . r r",
    "components.membership": ". . r r",
    "components.organization": ". . r r",
    "components.portal": ". r r r",
    "components.portaloperation": "r r r r",
    "components.portalredirect": ". r r r",
    "components.portalrequest": ". . . r",
    "components.securityevent": "r r - -",
    "editorial.article": ". r . .",
    "editorial.auditevent": "r r r r",
    "editorial.category": ". . . r",
    "editorial.consultationcomment": "r r r r",
    "editorial.consultationdraft": ". r . .",
    "editorial.delegation": ". . . r",
    "editorial.leader": ". r . .",
    "editorial.legaldocument": ". r . .",
    "editorial.syndication": ". r . r",
    "editorial.workitem": "w w w w",
    "editorial.workscheduleentry": ". r . .",
    "feedback.assignment": "r r r r",
    "feedback.inboxquestion": "r r r r",
    "feedback.notification": "r r r r",
    "feedback.question": "r r r r",
    "office.informationkind": ". . . r",
    "office.payee": ". r r r",
    "office.paymentlist": ". r r r",
    "office.royaltyline": ". r r r",
    "office.royaltyscale": ". . r r",
    "office.trackeditem": ". . . r",
    "otp_totp.totpdevice": ". r r r",
    "portal.satisfactionrating": "r r r r",
}
SCOPED = {m._meta.label_lower: (m, a) for m, a in admin.site._registry.items() if isinstance(a, PortalScopedAdminMixin)}


def test_every_scoped_admin_is_in_the_table():
    assert set(PAGES) == set(SCOPED)


@pytest.mark.parametrize("username", USERS)
def test_changelists_add_and_change_pages_render(client, seeded, username):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get("/admin/").status_code == 200
    column = USERS.index(username)
    for label, (model, _model_admin) in SCOPED.items():
        expected = PAGES[label].split()[column]
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        listing = client.get(reverse(f"{prefix}_changelist"), follow=True)  # "My work" redirects to its page
        assert listing.status_code == (403 if expected == "-" else 200), (username, label, listing.status_code)
        assert ("cl" in (listing.context or {})) is (expected in ".r"), (username, label)
        if expected not in ".r":
            continue
        first = listing.context["cl"].result_list[:1]
        for obj in first:
            change = client.get(reverse(f"{prefix}_change", args=[obj.pk]), follow=True)  # the inbox redirects
            assert change.status_code == 200, (username, prefix)
        add = client.get(reverse(f"{prefix}_add"))
        assert add.status_code == (200 if expected == "." else 403), (username, label, add.status_code)


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
