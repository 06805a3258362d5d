"""After signing in, the back office opens on the user's work; its header names the portal (issue #15)."""

import pytest
from django.urls import reverse

from components.models import Membership
from tests.components.helpers import exempt_from_mfa
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Secret@2026!"  # tests.factories.UserFactory


def test_signing_in_lands_on_my_work(client, board):
    exempt_from_mfa(board.member)
    page = client.get(reverse("admin:login")).content.decode()
    assert f'name="next" value="{reverse("editorial_admin_landing")}"' in page
    response = client.post(
        reverse("admin:login"),
        {"username": board.member.username, "password": PASSWORD, "next": reverse("editorial_admin_landing")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("editorial_my_work")
    assert "Việc của tôi" in response.content.decode()


def test_someone_without_a_board_lands_on_the_admin_index(client, board):
    outsider = UserFactory(username="nhanvien.khac", is_staff=True)
    client.force_login(outsider)
    response = client.get(reverse("editorial_admin_landing"))
    assert response.status_code == 302 and response.url == reverse("admin:index")


def test_the_header_names_the_users_portal_in_vietnamese(client, board):
    client.force_login(board.member)
    html = client.get(reverse("admin:index")).content.decode()
    assert f"Quản trị Cổng TTĐT — {board.portal.name}" in html
    assert "Trang quản trị cho Django" not in html and "Django administration" not in html
    assert "| Quản trị Cổng TTĐT</title>" in html


def test_a_user_of_several_portals_sees_the_portal_of_the_address_opened(client, board, other_board):
    Membership.objects.create(user=board.member, portal=other_board.portal, role=Membership.Role.MEMBER)
    client.force_login(board.member)
    html = client.get(reverse("admin:index")).content.decode()  # testserver: the provincial portal
    assert f"Quản trị Cổng TTĐT — {board.portal.name}</a>" in html
    assert other_board.portal.name not in html[: html.index("</header>")]
