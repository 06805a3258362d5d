"""Who may do what with citizens' questions: one `check_*` function per decision, a `can_*` twin for each.

Each `check_*` raises a named `FeedbackPermissionDenied` subclass (a Django `PermissionDenied` with a Vietnamese
message, so a view that lets it through answers 403 with that message) and returns None when the user may act;
`can_*` answers the same question as a bool. The admin's `has_*_permission` methods and buttons, the views and the
notifications ask these functions; the services call the role checks again before writing, so no caller can skip
them (docs/decisions/0820-feedback-policy-module.md).

Two kinds of rule:

- who: the board of the question's portal (`components.roles.BOARD`), those who approve publication
  (`QA_PUBLISHERS`), the focal officers of the agency a question was forwarded to, the data officers
  (`DATA_OFFICERS`);
- when: the state the question or assignment must be in (`is_routable`, `is_publishable`, …). The services test
  the same predicates again under their row lock and answer a form error (`FeedbackError`), not a 403, when the
  state changed meanwhile; the `check_*` that combine both are for buttons and forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from components import roles as role_sets
from components.models import FocalOfficer
from components.permissions import PortalPermissionDenied
from components.roles import roles_of

from .models import Assignment, DataRequest, Question

if TYPE_CHECKING:
    from components.models import Portal

#: Whoever asks: a back-office user, or AnonymousUser (every check answers "no" for it).
Actor = Any

BOARD_ROLES = role_sets.BOARD
PUBLISH_ROLES = role_sets.QA_PUBLISHERS
DATA_OFFICER_ROLES = role_sets.DATA_OFFICERS
#: Question states the board may still route from: forward to an agency, or refuse to take in.
ROUTABLE_STATUSES = frozenset({Question.Status.NEW, Question.Status.RETURNED})


# --- Named errors ------------------------------------------------------------------------------------


class FeedbackPermissionDenied(PortalPermissionDenied, PermissionDenied):
    """Base of every "you may not do this" of the feedback app (also a PortalPermissionDenied, as before)."""

    message: Any = _("Bạn không có quyền thực hiện thao tác này.")

    def __init__(self, message: Any = None) -> None:
        self.message = message or self.message
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class NotInFeedbackOffice(FeedbackPermissionDenied):
    """Neither on a board nor a focal officer of an agency: the questions' back office is closed."""

    message = _("Bạn không thuộc Ban Biên tập hay cơ quan trả lời câu hỏi nào.")


class NotOnABoard(FeedbackPermissionDenied):
    """Holds no board role on any portal."""

    message = _("Bạn không thuộc Ban Biên tập của cổng nào.")


class NotOnBoard(FeedbackPermissionDenied):
    """The user holds no board role on the question's portal."""

    message = _("Bạn không thuộc Ban Biên tập của cổng này.")


class NotAgencyOfficer(FeedbackPermissionDenied):
    """The user is not a focal officer of the agency the assignment was forwarded to."""

    message = _("Chỉ cán bộ đầu mối của cơ quan được chuyển mới xử lý phiếu này.")


class CannotPublish(FeedbackPermissionDenied):
    """Only the chief, a deputy or the portal administrator approves publication."""

    message = _("Chỉ Trưởng ban, Phó Trưởng ban hoặc quản trị cổng mới duyệt công khai câu hỏi và trả lời.")


class NotDataOfficer(FeedbackPermissionDenied):
    """Only the chief or an administrator handles citizens' personal-data requests."""

    message = _("Chỉ Trưởng ban hoặc quản trị cổng mới xử lý yêu cầu về dữ liệu cá nhân.")


class NotStaff(FeedbackPermissionDenied):
    message = _("Chỉ cán bộ quản trị mới chặn được người gửi.")


class WrongState(FeedbackPermissionDenied):
    """The question or assignment is not in a state this step starts from (no button is shown)."""

    message = _("Câu hỏi ở trạng thái này không cho phép thao tác này.")


class RetentionRunning(FeedbackPermissionDenied):
    message = _("Câu hỏi và trả lời còn trong thời hạn lưu trữ nên chưa xóa được.")


def allowed(check: Callable[..., None], *args: Any) -> bool:
    """True when `check(*args)` raises no permission error."""
    try:
        check(*args)
    except FeedbackPermissionDenied:
        return False
    return True


# --- Facts about a user ------------------------------------------------------------------------------


def _signed_in(user: Actor) -> bool:
    return bool(user and user.is_authenticated)


def _back_office_user(user: Actor) -> bool:
    return _signed_in(user) and bool(user.is_active and user.is_staff)


def _pk(portal: Portal | int) -> int:
    return portal if isinstance(portal, int) else portal.pk


def is_board(user: Actor, portal: Portal | int) -> bool:
    """Holds a board role on `portal` (superusers: always)."""
    return _signed_in(user) and roles_of(user).has(_pk(portal), BOARD_ROLES)


def is_publisher(user: Actor, portal: Portal | int) -> bool:
    """Approves publication of questions and answers on `portal` (superusers: always)."""
    return _signed_in(user) and roles_of(user).has(_pk(portal), PUBLISH_ROLES)


def board_portal_ids(user: Actor) -> set[int]:
    """Portals where the user sits on the board (superusers: every portal; read once per request)."""
    if not _signed_in(user):
        return set()
    return roles_of(user).portal_ids(BOARD_ROLES)


def agency_ids_for(user: Actor) -> set[int]:
    """Organisations whose focal officer this user is (cached on the user object for the request)."""
    if not _signed_in(user):
        return set()
    if "_feedback_agency_ids" not in user.__dict__:
        user.__dict__["_feedback_agency_ids"] = set(
            FocalOfficer.objects.filter(user=user).values_list("organization_id", flat=True)
        )
    ids: set[int] = user.__dict__["_feedback_agency_ids"]
    return ids


def is_agency_officer(user: Actor, assignment: Assignment) -> bool:
    """A focal officer of the agency the assignment went to (superusers: always)."""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser) or assignment.agency_id in agency_ids_for(user)


def is_data_officer(user: Actor) -> bool:
    if not _signed_in(user):
        return False
    return bool(user.is_superuser) or roles_of(user).anywhere(DATA_OFFICER_ROLES)


# --- States ------------------------------------------------------------------------------------------


def is_routable(question: Question) -> bool:
    """Forward to an agency: a new or sent-back question that is not spam."""
    return question.status in ROUTABLE_STATUSES and not question.is_spam


def is_refusable(question: Question) -> bool:
    """Refuse to take in: a new or sent-back question."""
    return question.status in ROUTABLE_STATUSES


def is_publishable(question: Question) -> bool:
    """Publish: an answered question that is not spam."""
    return question.status == Question.Status.ANSWERED and not question.is_spam


# --- The rules: back office --------------------------------------------------------------------------


def check_back_office(user: Actor) -> None:
    """Open the questions' back office (inlines, assignments): active staff on a board or an agency's officer."""
    if not _back_office_user(user):
        raise NotInFeedbackOffice()
    if not (user.is_superuser or board_portal_ids(user) or agency_ids_for(user)):
        raise NotInFeedbackOffice()


def check_questions(user: Actor) -> None:
    """Open the list of questions: active staff on some board (agencies see assignments, not questions)."""
    if not _back_office_user(user):
        raise NotOnABoard()
    if not (user.is_superuser or board_portal_ids(user)):
        raise NotOnABoard()


def check_board(user: Actor, portal: Portal | int) -> None:
    """Board work on `portal`: classify, forward, refuse, mark as spam, delete (services check this)."""
    if not is_board(user, portal):
        raise NotOnBoard()


def check_view_question(user: Actor, question: Question | None = None) -> None:
    check_questions(user)
    if question is not None and not user.is_superuser and question.portal_id not in board_portal_ids(user):
        raise NotOnBoard()


def check_forward(user: Actor, question: Question) -> None:
    """Forward (the "phân loại và chuyển" button): the board, a routable question."""
    check_board(user, question.portal_id)
    if not is_routable(question):
        raise WrongState()


def check_refuse(user: Actor, question: Question) -> None:
    check_board(user, question.portal_id)
    if not is_refusable(question):
        raise WrongState()


def check_mark_spam(user: Actor, question: Question) -> None:
    """Mark as spam (the button): the board, a question not marked yet (the service accepts marking again)."""
    check_board(user, question.portal_id)
    if question.is_spam:
        raise WrongState()


def check_publisher(user: Actor, portal: Portal | int) -> None:
    """Approve or withdraw publication on `portal`: the chief, a deputy, the administrator (services check this)."""
    if not is_publisher(user, portal):
        raise CannotPublish()


def check_publish(user: Actor, question: Question) -> None:
    """Publish (the button): a publisher of the portal, an answered question that is not spam."""
    check_publisher(user, question.portal_id)
    if not is_publishable(question):
        raise WrongState()


def check_unpublish(user: Actor, question: Question) -> None:
    check_publisher(user, question.portal_id)


def check_delete_question(user: Actor, question: Question | None = None) -> None:
    """Delete one question (never from the list): its board, once the retention period is over (spam at once)."""
    if question is None:
        raise FeedbackPermissionDenied()
    check_view_question(user, question)
    if not question.is_deletable():
        raise RetentionRunning()


def check_view_assignment(user: Actor, assignment: Assignment | None = None) -> None:
    """Read an assignment: its agency's or a coordinating agency's officers, the question's board."""
    check_back_office(user)
    if assignment is None or user.is_superuser:
        return
    agencies = agency_ids_for(user)
    if assignment.agency_id in agencies or assignment.question.portal_id in board_portal_ids(user):
        return
    if agencies and assignment.coordinating.filter(pk__in=agencies).exists():
        return
    raise NotAgencyOfficer()


def check_agency(user: Actor, assignment: Assignment) -> None:
    """Answer, report progress, send back: a focal officer of the agency it went to (services check this)."""
    if not is_agency_officer(user, assignment):
        raise NotAgencyOfficer()


def check_act_on_assignment(user: Actor, assignment: Assignment) -> None:
    """The agency's buttons: its officer, an assignment still open."""
    check_agency(user, assignment)
    if not assignment.is_open:
        raise WrongState()


def check_download_attachment(user: Actor, question: Question) -> None:
    """A citizen's file: the question's board, or an officer of an agency it was forwarded to (or coordinates)."""
    if _signed_in(user) and (user.is_superuser or is_board(user, question.portal_id)):
        return
    agencies = agency_ids_for(user)
    if agencies and question.assignments.filter(Q(agency_id__in=agencies) | Q(coordinating__in=agencies)).exists():
        return
    raise NotInFeedbackOffice()


def statistics_scope(user: Actor) -> tuple[set[int] | None, set[int] | None]:
    """(portal ids, agency ids) whose statistics the user reads; (None, None) is everything (superusers).

    The board reads its portals'; an agency's officer who sits on no board reads their agencies'."""
    if _signed_in(user) and user.is_superuser:
        return None, None
    portal_ids = board_portal_ids(user)
    if portal_ids:
        return portal_ids, None
    agency_ids = agency_ids_for(user)
    if agency_ids:
        return None, agency_ids
    raise NotInFeedbackOffice()


def check_statistics(user: Actor) -> None:
    statistics_scope(user)


def check_data_requests(user: Actor) -> None:
    """See, record and handle citizens' personal-data requests: the chief or an administrator, anywhere."""
    if not is_data_officer(user):
        raise NotDataOfficer()


def check_change_data_request(user: Actor, request: DataRequest | None = None) -> None:
    check_data_requests(user)
    if request is not None and request.status != DataRequest.Status.PENDING:
        raise WrongState()


def check_block_sender(user: Actor) -> None:
    if not (_signed_in(user) and (user.is_superuser or user.is_staff)):
        raise NotStaff()


# --- The boolean twins -------------------------------------------------------------------------------


def can_back_office(user: Actor) -> bool:
    return allowed(check_back_office, user)


def can_questions(user: Actor) -> bool:
    return allowed(check_questions, user)


def can_view_question(user: Actor, question: Question | None = None) -> bool:
    return allowed(check_view_question, user, question)


def can_forward(user: Actor, question: Question) -> bool:
    return allowed(check_forward, user, question)


def can_refuse(user: Actor, question: Question) -> bool:
    return allowed(check_refuse, user, question)


def can_mark_spam(user: Actor, question: Question) -> bool:
    return allowed(check_mark_spam, user, question)


def can_publish(user: Actor, question: Question) -> bool:
    return allowed(check_publish, user, question)


def can_unpublish(user: Actor, question: Question) -> bool:
    return allowed(check_unpublish, user, question)


def can_delete_question(user: Actor, question: Question | None = None) -> bool:
    return allowed(check_delete_question, user, question)


def can_view_assignment(user: Actor, assignment: Assignment | None = None) -> bool:
    return allowed(check_view_assignment, user, assignment)


def can_act_on_assignment(user: Actor, assignment: Assignment) -> bool:
    return allowed(check_act_on_assignment, user, assignment)


def can_download_attachment(user: Actor, question: Question) -> bool:
    return allowed(check_download_attachment, user, question)


def can_statistics(user: Actor) -> bool:
    return allowed(check_statistics, user)


def can_data_requests(user: Actor) -> bool:
    return allowed(check_data_requests, user)


def can_change_data_request(user: Actor, request: DataRequest | None = None) -> bool:
    return allowed(check_change_data_request, user, request)


def can_block_sender(user: Actor) -> bool:
    return allowed(check_block_sender, user)
