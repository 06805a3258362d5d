"""Component portal domains: the provincial pattern (configurable), a suggestion, explained validation.

PORTAL_DOMAIN_PATTERNS maps a portal kind to a pattern with the placeholders {abbr} (the unit's short
name), {name} (the unit's name without diacritics or spaces: "Đầm Dơi" -> "damdoi"), {parent} (the
parent portal's own label) and {base} (PORTAL_BASE_DOMAIN). Today's Sóc Trăng rules: department
`{abbr}.{base}`, district or ward `{name}.{base}`, commune `{name}.{parent}.{base}`, unit
`{abbr}.{parent}.{base}`.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .text import compact_name, unaccent

DEFAULT_PATTERNS = {
    "province": "{base}",
    "department": "{abbr}.{base}",
    "district": "{name}.{base}",
    "ward": "{name}.{base}",
    "commune": "{name}.{parent}.{base}",
    "unit": "{abbr}.{parent}.{base}",
}

# Words that name the level of a unit, not the unit: "Xã Đầm Dơi" -> "Đầm Dơi".
ADMINISTRATIVE_PREFIXES = [
    "cổng thông tin điện tử",
    "cổng ttđt",
    "ủy ban nhân dân",
    "ubnd",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "xã",
]

LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def base_domain():
    return settings.PORTAL_BASE_DOMAIN.strip().lower()


def pattern_for(kind):
    return getattr(settings, "PORTAL_DOMAIN_PATTERNS", DEFAULT_PATTERNS).get(kind) or DEFAULT_PATTERNS["unit"]


def unit_name(name):
    """The distinctive part of a unit's name, without its administrative level."""
    text = (name or "").strip()
    lowered = text.lower()
    for prefix in ADMINISTRATIVE_PREFIXES:
        if lowered.startswith(prefix + " "):
            return text[len(prefix) + 1 :].strip()
    return text


def parent_label(parent):
    """The label a child's domain is built under: the parent's own first label, or its short name."""
    if parent is None:
        return ""
    if parent.domain and parent.domain.endswith("." + base_domain()):
        return parent.domain[: -len(base_domain()) - 1]
    if parent.parent_id is None:
        return ""
    return compact_name(parent.short_name or parent.name)


def suggest_domain(*, kind, name, short_name="", parent=None):
    """The domain the pattern gives for a unit, e.g. ('commune', 'Xã Đầm Dơi', parent Trần Văn Thời)."""
    values = {
        "abbr": compact_name(short_name or unit_name(name)),
        "name": compact_name(unit_name(name)),
        "parent": parent_label(parent),
        "base": base_domain(),
    }
    domain = pattern_for(kind).format(**values)
    return re.sub(r"\.{2,}", ".", domain).strip(".")


def domain_taken(domain, *, exclude_portal=None, exclude_request=None):
    """The portal, redirect or pending request that already uses `domain`, or None."""
    from .models import Portal, PortalRedirect, PortalRequest

    portals = Portal.objects.filter(domain=domain)
    if exclude_portal is not None and exclude_portal.pk:
        portals = portals.exclude(pk=exclude_portal.pk)
    portal = portals.first()
    if portal is not None:
        return portal.name
    redirect = PortalRedirect.objects.filter(old_domain=domain).first()
    if redirect is not None:
        return _("địa chỉ cũ của %(name)s") % {"name": redirect.source_name or redirect.target.name}
    requests = PortalRequest.objects.filter(proposed_domain=domain, status=PortalRequest.Status.PENDING)
    if exclude_request is not None and exclude_request.pk:
        requests = requests.exclude(pk=exclude_request.pk)
    pending = requests.first()
    if pending is not None:
        return _("đề nghị lập cổng “%(name)s” đang chờ duyệt") % {"name": pending.name}
    return None


def free_alternative(domain, *, parent=None, **exclude):
    """A free variant of a colliding domain: first label + parent label, then numbered."""
    first, _dot, rest = domain.partition(".")
    candidates = []
    extra = parent_label(parent)
    if extra and extra not in first:
        candidates.append(f"{first}{extra.split('.')[0]}.{rest}")
    candidates += [f"{first}{n}.{rest}" for n in range(2, 50)]
    for candidate in candidates:
        if domain_taken(candidate, **exclude) is None:
            return candidate
    return ""


def validate_portal_domain(domain, *, kind, name, short_name="", parent=None, **exclude):
    """Raise ValidationError (Vietnamese, with a suggestion) when `domain` is malformed, off-pattern or taken.

    Returns the normalised domain.
    """
    suggestion = suggest_domain(kind=kind, name=name, short_name=short_name, parent=parent)
    raw = (domain or "").strip()
    normalised = raw.lower()
    if not normalised:
        return normalised
    labels = normalised.split(".")
    bad = [label for label in labels if not LABEL.match(label)]
    if bad:
        plain = ".".join(re.sub(r"[^a-z0-9-]", "", unaccent(label).lower()) for label in labels)
        raise ValidationError(
            _(
                "Tên miền “%(domain)s” có ký tự không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số, "
                "dấu gạch ngang, không có dấu cách hay dấu tiếng Việt; mỗi phần không bắt đầu hay kết thúc "
                "bằng dấu gạch ngang. Gợi ý: %(suggestion)s"
            )
            % {"domain": raw, "suggestion": suggestion or plain},
            code="domain_characters",
        )
    base = base_domain()
    if normalised != base and not normalised.endswith("." + base):
        raise ValidationError(
            _("Tên miền của cổng thành phần phải thuộc %(base)s. Gợi ý: %(suggestion)s")
            % {"base": base, "suggestion": suggestion},
            code="domain_base",
        )
    expected_depth = suggestion.count(".")
    if suggestion and normalised.count(".") != expected_depth:
        raise ValidationError(
            _("Tên miền không theo quy tắc đặt tên của tỉnh cho loại cổng này (%(pattern)s). Gợi ý: %(suggestion)s")
            % {"pattern": pattern_for(kind).replace("{base}", base), "suggestion": suggestion},
            code="domain_pattern",
        )
    if kind != "province" and parent is not None and "{parent}" in pattern_for(kind):
        label = parent_label(parent)
        if label and not normalised.endswith(f".{label}.{base}"):
            raise ValidationError(
                _("Tên miền của cổng này phải nằm dưới tên miền của cổng cấp trên (%(parent)s). Gợi ý: %(s)s")
                % {"parent": f"{label}.{base}", "s": suggestion},
                code="domain_parent",
            )
    holder = domain_taken(normalised, **exclude)
    if holder is not None:
        alternative = free_alternative(normalised, parent=parent, **exclude)
        raise ValidationError(
            _("Tên miền “%(domain)s” đã được dùng (%(holder)s). Gợi ý: %(alternative)s")
            % {"domain": normalised, "holder": holder, "alternative": alternative},
            code="domain_taken",
        )
    return normalised
