"""Who may do what with citizens' questions, as one table: role x state x decision, one outcome per cell.

Columns are the people around the province's Q&A:

    secretary, member, chief, deputy, administrator   the province's board (by their role)
    contributor     writes for the province's board, does not sit on it
    officer         focal officer of the agency the question was forwarded to
    coordinator     focal officer of an agency asked to coordinate the answer
    other_officer   focal officer of an agency that has nothing to do with the question
    outsider        the chief of a department portal's board
    superuser       a superuser without any membership
    citizen         signed in, not staff, no role (e.g. an account left from an old deputy)

Cells: "." allowed; otherwise the named error the user gets (a Django PermissionDenied: its Vietnamese message is
what the 403 page shows): O NotInFeedbackOffice, N NotOnABoard, B NotOnBoard, A NotAgencyOfficer,
P CannotPublish, D NotDataOfficer, T NotStaff, S WrongState (no button; the service answers a form error under its
lock), R RetentionRunning.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from components.models import Membership
from components.permissions import PortalPermissionDenied
from feedback import policy
from feedback.models import Assignment, DataRequest, Question
from feedback.policy import (
    CannotPublish,
    FeedbackPermissionDenied,
    NotAgencyOfficer,
    NotDataOfficer,
    NotInFeedbackOffice,
    NotOnABoard,
    NotOnBoard,
    NotStaff,
    RetentionRunning,
    WrongState,
)
from tests.factories import FocalOfficerFactory, MembershipFactory, OrganizationFactory, PortalFactory, UserFactory
from tests.feedback.factories import AssignmentFactory, QuestionFactory

ROLES = [
    "secretary",
    "member",
    "chief",
    "deputy",
    "administrator",
    "contributor",
    "officer",
    "coordinator",
    "other_officer",
    "outsider",
    "superuser",
    "citizen",
]
ERRORS = {
    "O": NotInFeedbackOffice,
    "N": NotOnABoard,
    "B": NotOnBoard,
    "A": NotAgencyOfficer,
    "P": CannotPublish,
    "D": NotDataOfficer,
    "T": NotStaff,
    "S": WrongState,
    "R": RetentionRunning,
}

# decision -> one outcome per role (ROLES order)
GLOBAL = {
    "back_office": ". . . . . O . . . . . O",
    "questions": ". . . . . N N N N . . N",
    "statistics": ". . . . . O . . . . . O",
    "data_requests": "D D . D . D D D D . . D",
    "block_sender": ". . . . . . . . . . . T",
}

VIEW = ". . . . . N N N N B . N"
NOT_BOARD = ". . . . . B B B B B . B"
BOARD_WRONG_STATE = "S S S S S B B B B B S B"
PUBLISHERS = "P P . . . P P P P P . P"
PUBLISHERS_WRONG_STATE = "P P S S S P P P P P S P"
NO_FILES = ". . . . . O O O O O . O"

# decision -> question state -> one outcome per role
QUESTION = {
    "view_question": dict.fromkeys(["new", "returned", "forwarded", "answered", "rejected", "spam", "published"], VIEW),
    "forward": {
        "new": NOT_BOARD,
        "returned": NOT_BOARD,
        "forwarded": BOARD_WRONG_STATE,
        "answered": BOARD_WRONG_STATE,
        "rejected": BOARD_WRONG_STATE,
        "spam": BOARD_WRONG_STATE,
        "published": BOARD_WRONG_STATE,
    },
    "refuse": {
        "new": NOT_BOARD,
        "returned": NOT_BOARD,
        "forwarded": BOARD_WRONG_STATE,
        "answered": BOARD_WRONG_STATE,
        "rejected": BOARD_WRONG_STATE,
        "spam": NOT_BOARD,  # a spam question is still new: the board may refuse it
        "published": BOARD_WRONG_STATE,
    },
    "mark_spam": {
        "new": NOT_BOARD,
        "returned": NOT_BOARD,
        "forwarded": NOT_BOARD,
        "answered": NOT_BOARD,
        "rejected": NOT_BOARD,
        "spam": BOARD_WRONG_STATE,
        "published": NOT_BOARD,
    },
    "publish": {
        "new": PUBLISHERS_WRONG_STATE,
        "returned": PUBLISHERS_WRONG_STATE,
        "forwarded": PUBLISHERS_WRONG_STATE,
        "answered": PUBLISHERS,
        "rejected": PUBLISHERS_WRONG_STATE,
        "spam": PUBLISHERS_WRONG_STATE,
        "published": PUBLISHERS,  # edited and published again
    },
    "unpublish": dict.fromkeys(
        ["new", "returned", "forwarded", "answered", "rejected", "spam", "published"], PUBLISHERS
    ),
    "delete_question": {
        "new": "R R R R R N N N N B R N",
        "returned": "R R R R R N N N N B R N",
        "forwarded": "R R R R R N N N N B R N",
        "answered": "R R R R R N N N N B R N",  # kept FEEDBACK_RETENTION_DAYS after the answer
        "rejected": "R R R R R N N N N B R N",
        "spam": VIEW,  # spam may go at once
        "published": "R R R R R N N N N B R N",
    },
    "download_attachment": {
        "new": NO_FILES,
        "returned": ". . . . . O . O O O . O",  # the agency that sent it back still reads its files
        "forwarded": ". . . . . O . . O O . O",
        "answered": ". . . . . O . . O O . O",
        "rejected": NO_FILES,
        "spam": NO_FILES,
        "published": ". . . . . O . . O O . O",
    },
}

AGENCY_ACTS = "A A A A A A . A A A . A"
AGENCY_DONE = "A A A A A A S A A A S A"

# decision -> assignment status -> one outcome per role
ASSIGNMENT = {
    "view_assignment": dict.fromkeys(["open", "interim", "overdue", "answered", "returned"], ". . . . . O . . A A . O"),
    "act_on_assignment": {
        "open": AGENCY_ACTS,
        "interim": AGENCY_ACTS,
        "overdue": AGENCY_ACTS,
        "answered": AGENCY_DONE,
        "returned": AGENCY_DONE,
    },
}

DATA_REQUEST = {
    "change_data_request": {"pending": "D D . D . D D D D . . D", "done": "D D S D S D D D D S S D"},
}


@pytest.fixture
def people(province):
    department = PortalFactory(parent=province, slug="sokhcn", domain="sokhcn.camau.gov.vn")
    users = {}
    for role in ("secretary", "member", "chief", "deputy", "administrator", "contributor"):
        users[role] = MembershipFactory(portal=province, role=role, user=UserFactory(username=role)).user
    users["outsider"] = MembershipFactory(
        portal=department, role=Membership.Role.CHIEF, user=UserFactory(username="outsider")
    ).user
    agencies = {}
    for name in ("officer", "coordinator", "other_officer"):
        agencies[name] = OrganizationFactory(portal=province, slug=f"org-{name}".replace("_", "-"))
        users[name] = FocalOfficerFactory(organization=agencies[name], user=UserFactory(username=name)).user
    users["superuser"] = UserFactory(username="root", is_superuser=True)
    users["citizen"] = UserFactory(username="citizen", is_staff=False)
    return users, agencies


def question_in(state, province, agencies):
    now = timezone.now()
    status = {"spam": "new", "published": "answered"}.get(state, state)
    question = QuestionFactory(
        portal=province,
        status=status,
        is_spam=state == "spam",
        is_published=state == "published",
        closed_at=now if status in ("answered", "rejected") else None,
    )
    if status in ("returned", "forwarded", "answered"):
        assignment_status = {"returned": "returned", "forwarded": "open", "answered": "answered"}[status]
        assignment = AssignmentFactory(question=question, agency=agencies["officer"], status=assignment_status)
        if status != "returned":
            assignment.coordinating.add(agencies["coordinator"])
    return question


def assignment_in(status, province, agencies):
    question = QuestionFactory(portal=province, status="forwarded")
    assignment = AssignmentFactory(question=question, agency=agencies["officer"], status=status)
    assignment.coordinating.add(agencies["coordinator"])
    return assignment


def outcome(check, *args):
    try:
        check(*args)
    except FeedbackPermissionDenied as exc:
        found = next(code for code, error in ERRORS.items() if type(exc) is error)
        assert str(exc) == str(ERRORS[found].message)  # the Vietnamese message the 403 page shows
        return found
    return "."


def assert_row(decision, users, args, expected, label):
    check = getattr(policy, f"check_{decision}")
    can = getattr(policy, f"can_{decision}")
    wanted = expected.split()
    assert len(wanted) == len(ROLES), (decision, label)
    got = []
    for role in ROLES:
        got.append(outcome(check, users[role], *args))
        assert can(users[role], *args) is (got[-1] == "."), (decision, label, role)
    assert got == wanted, f"{decision} / {label}: expected {' '.join(wanted)}, got {' '.join(got)} ({ROLES})"


@pytest.mark.parametrize("decision", GLOBAL)
def test_global_decisions(people, decision):
    users, _agencies = people
    assert_row(decision, users, (), GLOBAL[decision], "-")


@pytest.mark.parametrize("decision", QUESTION)
def test_question_decisions(people, province, decision):
    users, agencies = people
    for state, expected in QUESTION[decision].items():
        assert_row(decision, users, (question_in(state, province, agencies),), expected, state)


@pytest.mark.parametrize("decision", ASSIGNMENT)
def test_assignment_decisions(people, province, decision):
    users, agencies = people
    for status, expected in ASSIGNMENT[decision].items():
        assert_row(decision, users, (assignment_in(status, province, agencies),), expected, status)


@pytest.mark.parametrize("decision", DATA_REQUEST)
def test_data_request_decisions(people, decision):
    users, _agencies = people
    for status, expected in DATA_REQUEST[decision].items():
        request = DataRequest.objects.create(email="congdan@example.vn", kind="access", due_at=timezone.now())
        DataRequest.objects.filter(pk=request.pk).update(status=status)
        request.refresh_from_db()
        assert_row(decision, users, (request,), expected, status)


def test_the_lists_never_offer_deleting(people):
    """Deleting is one question at a time, from its page: no question means no permission, for everyone."""
    users, _agencies = people
    assert not any(policy.can_delete_question(user) for user in users.values())


def test_anonymous_gets_no_for_everything(province):
    question = QuestionFactory(portal=province, status=Question.Status.ANSWERED)
    anonymous = AnonymousUser()
    assert not policy.can_back_office(anonymous)
    assert not policy.can_questions(anonymous)
    assert not policy.can_view_question(anonymous, question)
    assert not policy.can_publish(anonymous, question)
    assert not policy.can_download_attachment(anonymous, question)
    assert not policy.can_data_requests(anonymous)
    assert not policy.can_block_sender(anonymous)


def test_errors_are_403s_and_still_portal_permission_errors():
    """A check that escapes a view answers 403; callers catching PortalPermissionDenied still catch it."""
    error = NotOnBoard()
    assert isinstance(error, PermissionDenied)
    assert isinstance(error, PortalPermissionDenied)


def test_every_state_of_the_models_is_in_the_table():
    states = {"spam", "published"} | set(Question.Status.values)
    for decision, by_state in QUESTION.items():
        assert set(by_state) == states, decision
    assert set(ASSIGNMENT["act_on_assignment"]) == set(Assignment.Status.values)
