"""Models of the components app, split by topic and re-exported here (ARCHITECTURE habit 9)."""

from .lifecycle import MenuItem, PortalOperation, PortalRedirect, PortalRequest
from .portals import FocalOfficer, Membership, Organization, Portal, PortalQuerySet, domain_validator
from .ratelimit import RateLimitHit
from .security import AccountProfile, PasswordHistory, SecurityEvent

__all__ = [
    "AccountProfile",
    "FocalOfficer",
    "Membership",
    "MenuItem",
    "Organization",
    "PasswordHistory",
    "Portal",
    "PortalOperation",
    "PortalQuerySet",
    "PortalRedirect",
    "PortalRequest",
    "RateLimitHit",
    "SecurityEvent",
    "domain_validator",
]
