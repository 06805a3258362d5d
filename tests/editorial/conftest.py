"""A provincial board and a department board, each with one account per role, categories and assignments."""

from types import SimpleNamespace

import pytest
from guardian.shortcuts import assign_perm

from tests.editorial.factories import ArticleFactory, CategoryFactory, DelegationFactory, board_user

ROLES = ["contributor", "member", "secretary", "deputy", "chief", "administrator"]


def make_board(portal):
    news = CategoryFactory(portal=portal, name="Tin tức", slug=f"tin-tuc-{portal.slug}")
    local = CategoryFactory(portal=portal, name="Tin trong tỉnh", slug=f"tin-trong-tinh-{portal.slug}", parent=news)
    tourism = CategoryFactory(portal=portal, name="Du lịch", slug=f"du-lich-{portal.slug}")
    users = {role: board_user(portal, role) for role in ROLES}
    # The member and the secretary review "Tin tức" (and so "Tin trong tỉnh"), not "Du lịch".
    assign_perm("editorial.review_category", users["member"], news)
    assign_perm("editorial.review_category", users["secretary"], news)
    DelegationFactory(portal=portal, chief=users["chief"], deputy=users["deputy"])
    return SimpleNamespace(portal=portal, news=news, local=local, tourism=tourism, **users)


@pytest.fixture
def board(province):
    return make_board(province)


@pytest.fixture
def other_board(department):
    return make_board(department)


@pytest.fixture
def article(board):
    return ArticleFactory(category=board.local, created_by=board.contributor)
