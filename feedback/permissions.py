"""Kept importable for old call sites: the feedback app's rules live in `feedback.policy` (decision 0820)."""

from .policy import (
    BOARD_ROLES,
    DATA_OFFICER_ROLES,
    PUBLISH_ROLES,
    CannotPublish,
    FeedbackPermissionDenied,
    NotAgencyOfficer,
    NotOnBoard,
    agency_ids_for,
    board_portal_ids,
    check_agency,
    check_board,
    is_agency_officer,
    is_board,
    is_data_officer,
    is_publisher,
)

require_board = check_board
require_agency = check_agency
can_publish = is_publisher  # (user, portal): the role only; policy.can_publish(user, question) adds the state
can_handle_data_requests = is_data_officer

__all__ = [
    "BOARD_ROLES",
    "DATA_OFFICER_ROLES",
    "PUBLISH_ROLES",
    "CannotPublish",
    "FeedbackPermissionDenied",
    "NotAgencyOfficer",
    "NotOnBoard",
    "agency_ids_for",
    "board_portal_ids",
    "can_handle_data_requests",
    "can_publish",
    "is_agency_officer",
    "is_board",
    "require_agency",
    "require_board",
]
