"""Who may act on questions and assignments. Checked in views/admin and again in services."""

from components import roles
from components.models import FocalOfficer
from components.permissions import PortalPermissionDenied, has_role
from components.roles import roles_of

BOARD_ROLES = roles.BOARD
PUBLISH_ROLES = roles.QA_PUBLISHERS
DATA_OFFICER_ROLES = roles.DATA_OFFICERS


class FeedbackPermissionDenied(PortalPermissionDenied):
    """Base of the feedback app's permission errors."""


class NotOnBoard(FeedbackPermissionDenied):
    """The user holds no board role on the question's portal."""


class NotAgencyOfficer(FeedbackPermissionDenied):
    """The user is not a focal officer of the agency the assignment was forwarded to."""


class CannotPublish(FeedbackPermissionDenied):
    """Only the chief, a deputy or the portal administrator approves publication."""


def is_board(user, portal) -> bool:
    return bool(user and user.is_authenticated) and has_role(user, portal, *BOARD_ROLES)


def can_publish(user, portal) -> bool:
    return bool(user and user.is_authenticated) and has_role(user, portal, *PUBLISH_ROLES)


def board_portal_ids(user) -> set[int]:
    """Portals where the user sits on the board (superusers: every portal; read once per request)."""
    if not user or not user.is_authenticated:
        return set()
    return roles_of(user).portal_ids(BOARD_ROLES)


def agency_ids_for(user) -> set[int]:
    """Organisations whose focal officer this user is (cached on the user object for the request)."""
    if not user or not user.is_authenticated:
        return set()
    if "_feedback_agency_ids" not in user.__dict__:
        user.__dict__["_feedback_agency_ids"] = set(
            FocalOfficer.objects.filter(user=user).values_list("organization_id", flat=True)
        )
    return user.__dict__["_feedback_agency_ids"]


def is_agency_officer(user, assignment) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or assignment.agency_id in agency_ids_for(user)


def can_handle_data_requests(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or roles_of(user).anywhere(DATA_OFFICER_ROLES)


def require_board(user, portal):
    if not is_board(user, portal):
        raise NotOnBoard(f"{user} holds no board role on {portal}")


def require_agency(user, assignment):
    if not is_agency_officer(user, assignment):
        raise NotAgencyOfficer(f"{user} is not a focal officer of {assignment.agency}")
