"""Roles defined once (components/roles.py): every app asks the same per-request roles object, read with one query."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from components import roles
from components.models import Membership
from components.permissions import has_role, portal_ids_for
from components.roles import Role, roles_of
from components.selectors import province_administrator
from editorial import policy
from feedback import policy as feedback_policy
from portal.services import moderation_portal_ids
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_contributor_writes_for_the_board_but_does_not_sit_on_it():
    assert Role.CONTRIBUTOR in roles.AUTHORS and Role.CONTRIBUTOR in roles.ANY_ROLE
    assert Role.CONTRIBUTOR not in roles.BOARD
    assert roles.MODERATORS == roles.BOARD
    assert frozenset(Membership.Role.values) == roles.ANY_ROLE


def test_every_app_answers_from_one_query_per_request(province, department, django_assert_num_queries):
    user = UserFactory(username="nhieu.vai")
    MembershipFactory(user=user, portal=province, role=Role.ADMINISTRATOR)
    MembershipFactory(user=user, portal=department, role=Role.SECRETARY)
    user = get_user_model().objects.get(pk=user.pk)  # a fresh user object, as a new request has
    with django_assert_num_queries(1):  # memberships joined to their portal's parent
        assert policy.roles(user, department.pk) == {Role.SECRETARY}
        assert has_role(user, department, Role.SECRETARY) and not has_role(user, department, Role.CHIEF)
        assert portal_ids_for(user, *roles.BOARD) == {province.pk, department.pk}
        assert feedback_policy.is_board(user, department)
        assert feedback_policy.is_data_officer(user)  # administrator of the province
        assert moderation_portal_ids(user) == {province.pk, department.pk}
        assert province_administrator(user)


def test_contributor_alone_may_open_the_back_office_but_moderates_nothing(province):
    contributor = MembershipFactory(portal=province, role=Role.CONTRIBUTOR).user
    assert policy.board_portal_ids(contributor) == {province.pk}
    assert policy.editable_portal_ids(contributor) == {province.pk}
    assert moderation_portal_ids(contributor) == set()
    assert feedback_policy.board_portal_ids(contributor) == set()
    assert not roles_of(contributor).is_province_administrator


def test_anonymous_and_superusers(province):
    assert roles_of(AnonymousUser()).portal_ids() == set()
    assert moderation_portal_ids(AnonymousUser()) == set()
    root = get_user_model().objects.create_superuser("root", "root@example.com", "Secret@2026!")
    assert roles_of(root).on(province) == frozenset()  # holds nothing itself...
    assert roles_of(root).has(province, roles.BOARD)  # ...but may act everywhere
    assert moderation_portal_ids(root) == {province.pk}
