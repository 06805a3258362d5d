"""Who may do what, as one table: role x state x decision, one expected outcome per cell (editorial.policy).

Columns are the people of a provincial board (tests/editorial/conftest.py) looking at an article written by the
contributor in "Tin trong tỉnh", a sub-category of "Tin tức" that the member and the secretary review:

    author            the contributor who wrote it
    member            board member assigned to "Tin tức"
    member_elsewhere  board member of the same portal assigned to nothing
    secretary         secretary assigned to "Tin tức"
    deputy            deputy with a running delegation of the chief
    chief             chief of the board
    administrator     the portal's administrator
    outsider          the chief of another portal's board
    superuser         a superuser without any membership

Cells: "." allowed; "-" the step does not start from this state (no button, the service answers InvalidTransition);
otherwise the named error the user gets (its Vietnamese message is what the 403 page shows):
A NotAuthor, C NotAssignedToCategory, K NotChief, P NotOnThisPortal, L ContentLocked, B NotOnABoard,
X ContentNotDeletable, U CategoryInUse, E EditorialPermissionDenied (the base: "no permission").
"""

import pytest

from editorial import policy
from editorial.exceptions import (
    CannotApproveOwnContent,
    CategoryInUse,
    ContentLocked,
    ContentNotDeletable,
    EditorialPermissionDenied,
    NoActiveDelegation,
    NotAssignedToCategory,
    NotAuthor,
    NotChief,
    NotOnABoard,
    NotOnThisPortal,
)
from editorial.models import State
from editorial.workflow import TRANSITIONS, available_transitions, is_possible
from tests.editorial.factories import ArticleFactory, board_user
from tests.factories import UserFactory

ROLES = [
    "author",
    "member",
    "member_elsewhere",
    "secretary",
    "deputy",
    "chief",
    "administrator",
    "outsider",
    "superuser",
]
ERRORS = {
    "A": NotAuthor,
    "C": NotAssignedToCategory,
    "K": NotChief,
    "P": NotOnThisPortal,
    "L": ContentLocked,
    "B": NotOnABoard,
    "X": ContentNotDeletable,
    "U": CategoryInUse,
    "E": EditorialPermissionDenied,
}

# decision -> state -> one outcome per role (ROLES order)
CONTENT = {
    "view": {
        "draft": ". A C A . . . P .",
        "submitted": ". . C . . . . P .",
        "in_review": ". . C . . . . P .",
        "awaiting_approval": ". . C . . . . P .",
        "published": ". . C . . . . P .",
        "refused": ". . C . . . . P .",
    },
    "edit": {
        "draft": ". A A A A A A P .",
        "submitted": "A . C . . . A P .",
        "in_review": "A . C . . . A P .",
        "awaiting_approval": "A . C . . . A P .",
        "published": ". . C . . . A P .",
        "refused": "L L L L L L L L L",
    },
    "submit": {
        "draft": ". A A A A A A P .",
        "submitted": "- - - - - - - - -",
        "in_review": "- - - - - - - - -",
        "awaiting_approval": "- - - - - - - - -",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "forward": {
        "draft": "- - - - - - - - -",
        "submitted": "C . C . . . C P C",
        "in_review": "C C C . . . C P C",
        "awaiting_approval": "- - - - - - - - -",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "return": {
        "draft": "- - - - - - - - -",
        "submitted": "C . C . . . C P C",
        "in_review": "C C C . . . C P C",
        "awaiting_approval": "K K K K . . K P K",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "approve": {
        "draft": "- - - - - - - - -",
        "submitted": "- - - - - - - - -",
        "in_review": "- - - - - - - - -",
        "awaiting_approval": "K K K K . . K P K",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "schedule": {
        "draft": "- - - - - - - - -",
        "submitted": "- - - - - - - - -",
        "in_review": "- - - - - - - - -",
        "awaiting_approval": "K K K K . . K P K",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "refuse": {
        "draft": "- - - - - - - - -",
        "submitted": "K K K K . . K P K",
        "in_review": "K K K K . . K P K",
        "awaiting_approval": "K K K K . . K P K",
        "published": "- - - - - - - - -",
        "refused": "- - - - - - - - -",
    },
    "unpublish": {
        "draft": "- - - - - - - - -",
        "submitted": "- - - - - - - - -",
        "in_review": "- - - - - - - - -",
        "awaiting_approval": "- - - - - - - - -",
        "published": "K K K K . . K P K",
        "refused": "- - - - - - - - -",
    },
    "archive": {
        "draft": ". K K K . . K P K",
        "submitted": "K K K K . . K P K",
        "in_review": "K K K K . . K P K",
        "awaiting_approval": "K K K K . . K P K",
        "published": "K K K K . . K P K",
        "refused": ". K K K . . K P K",
    },
    "reopen": {
        "draft": "- - - - - - - - -",
        "submitted": "- - - - - - - - -",
        "in_review": "- - - - - - - - -",
        "awaiting_approval": "- - - - - - - - -",
        "published": "- - - - - - - - -",
        "refused": ". A A A . . A P A",
    },
    "restore": {
        "draft": ". A A A A A A P .",
        "submitted": "A . C . . . A P .",
        "in_review": "A . C . . . A P .",
        "awaiting_approval": "A . C . . . A P .",
        "published": ". . C . . . A P .",
        "refused": "L L L L L L L L L",
    },
    "share_preview": {
        "draft": ". A C A . . . P .",
        "submitted": ". . C . . . . P .",
        "in_review": ". . C . . . . P .",
        "awaiting_approval": ". . C . . . . P .",
        "published": ". . C . . . . P .",
        "refused": ". . C . . . . P .",
    },
}

# Decisions about the back office itself, its categories, tags and delegations (no content state).
BOARD = {
    "back_office": ". . . . . . . . .",
    "add_content": ". . . . . . E . .",
    "bulk_approve": "K K K K . . K . .",
    "bulk_forward": "C . . . . . C . .",
    "view_category": ". . . . . . . P .",
    "manage_categories": "K K K K K . . . .",
    "manage_category": "K K K K K . . P .",
    "delete_category_empty": "K K K K K . . P .",
    "delete_category_used": "K K K K K U U P U",
    "manage_tags": ". . . . . . . . .",
    "delete_tag": "E E E E E E E E .",
    "add_delegation": "K K K K K . . . .",
    "delegate": "K K K K K . . P .",
    "delete_draft": "X X X X X X X X .",
}


@pytest.fixture
def people(board, other_board):
    found = {
        "author": board.contributor,
        "member": board.member,
        "member_elsewhere": board_user(board.portal, "member", username="member.unassigned"),
        "secretary": board.secretary,
        "deputy": board.deputy,
        "chief": board.chief,
        "administrator": board.administrator,
        "outsider": other_board.chief,
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    for user in found.values():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return found


def _outcome(check, *args) -> str:
    try:
        check(*args)
    except EditorialPermissionDenied as exc:
        return next(code for code, error in ERRORS.items() if type(exc) is error)
    return "."


def _row(outcomes) -> str:
    return " ".join(outcomes)


@pytest.mark.parametrize(
    ("decision", "state"), [(decision, state) for decision, by_state in CONTENT.items() for state in by_state]
)
def test_content_decision(board, people, decision, state):
    """One row of the table: every role's outcome for this decision in this state (a mismatch shows the cell)."""
    article = ArticleFactory(category=board.local, created_by=board.contributor, state=state)
    step = TRANSITIONS.get(decision)
    check, can = getattr(policy, f"check_{decision}"), getattr(policy, f"can_{decision}")
    outcomes, buttons = [], []
    for role in ROLES:
        user = people[role]
        if step is not None:
            buttons.append("." if step in available_transitions(user, article) else "x")
        if step is not None and not is_possible(step, article):
            outcomes.append("-")
            continue
        outcome = _outcome(check, user, article)
        assert can(user, article) is (outcome == "."), role
        outcomes.append(outcome)
    expected = CONTENT[decision][state]
    assert _row(outcomes) == expected
    if step is not None:  # the change page shows exactly the allowed steps
        assert _row(buttons) == _row("." if cell == "." else "x" for cell in expected.split())


@pytest.mark.parametrize("decision", list(BOARD))
def test_board_decision(board, people, decision):
    used = board.news
    ArticleFactory(category=used, created_by=board.contributor)
    calls = {
        "back_office": (policy.check_back_office,),
        "add_content": (policy.check_add_content,),
        "bulk_approve": (policy.check_bulk_approve,),
        "bulk_forward": (policy.check_bulk_forward,),
        "view_category": (policy.check_view_category, board.tourism),
        "manage_categories": (policy.check_manage_categories,),
        "manage_category": (policy.check_manage_category, board.tourism),
        "delete_category_empty": (policy.check_delete_category, board.tourism),
        "delete_category_used": (policy.check_delete_category, used),
        "manage_tags": (policy.check_manage_tags,),
        "delete_tag": (policy.check_delete_tag,),
        "add_delegation": (policy.check_add_delegation,),
        "delegate": (policy.check_delegate, board.portal.pk),
        "delete_draft": (policy.check_delete, ArticleFactory(category=board.local, created_by=board.contributor)),
    }
    check, *args = calls[decision]
    assert _row(_outcome(check, people[role], *args) for role in ROLES) == BOARD[decision]


def test_nobody_approves_their_own_writing(board):
    article = ArticleFactory(category=board.local, created_by=board.chief, state=State.AWAITING_APPROVAL)
    with pytest.raises(CannotApproveOwnContent):
        policy.check_approve(board.chief, article)
    assert policy.is_approver(board.chief, article)  # still the approver: may refuse or return it


def test_a_deputy_without_a_running_delegation_does_not_approve(board):

    from editorial.models import Delegation

    Delegation.objects.filter(deputy=board.deputy).delete()
    article = ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    deputy = type(board.deputy).objects.get(pk=board.deputy.pk)
    with pytest.raises(NoActiveDelegation):
        policy.check_approve(deputy, article)
    assert not policy.is_approver(deputy, article)


def test_staff_without_any_board_stay_out_of_the_back_office(db):
    stranger = UserFactory(username="stranger", is_staff=True)
    with pytest.raises(NotOnABoard):
        policy.check_back_office(stranger)
    with pytest.raises(NotOnABoard):
        policy.check_back_office(UserFactory(username="citizen", is_staff=False))
