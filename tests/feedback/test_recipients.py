"""Who receives the board's feedback emails: the role sets of components.roles, one per kind of email."""

import pytest

from components.models import Membership
from feedback import notifications
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def whole_board(province):
    for role in Membership.Role.values:
        MembershipFactory(portal=province, role=role, user=UserFactory(username=f"{role}.camau"))
    return province


def _roles_of(emails):
    return {email.split(".")[0] for email in emails}


def test_the_digest_goes_to_the_secretary_the_deputy_and_the_chief(whole_board):
    assert _roles_of(notifications.board_recipients(whole_board)) == {"secretary", "deputy", "chief"}


def test_a_question_sent_back_reaches_the_board_that_routes_it_again(whole_board):
    recipients = notifications.board_recipients(whole_board, held=notifications.roles.QA_SENT_BACK_RECIPIENTS)
    assert _roles_of(recipients) == {"member", "secretary", "deputy", "chief"}


def test_escalations_go_to_the_chief(whole_board):
    assert _roles_of(notifications.chief_recipients(whole_board)) == {"chief"}


def test_a_board_without_those_roles_falls_back_to_the_portal_address(province):
    MembershipFactory(portal=province, role=Membership.Role.CONTRIBUTOR)
    assert notifications.chief_recipients(province) == notifications._emails([province.email])
