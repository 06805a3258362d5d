"""The editorial state machine: one transition table for every registered publishable type.

    draft ─submit─▶ submitted ─forward─▶ in_review ─forward─▶ awaiting_approval ─approve─▶ published
                                                                  └─schedule─▶ scheduled ─(beat)─▶ published
    submitted / in_review / awaiting_approval ─return (reason)─▶ returned ─submit─▶ submitted
    submitted / in_review / awaiting_approval ─refuse (chief, one of nine reasons)─▶ refused ─reopen─▶ draft
    published/scheduled ──unpublish (reason)──▶ unpublished;  published ─(beat, expire_at)─▶ expired
    any ──archive──▶ archived

Live content (published or scheduled) being edited keeps its `state`; the edit runs through the same steps in
`pending_state` (Publishable.workflow_state) and is applied to the row on approval (editorial/services.py).
"""

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from . import policy
from .models import AuditEvent, RefusalReason, State, UnpublishReason
from .registry import registration

LIVE_STATES = frozenset({State.PUBLISHED, State.SCHEDULED})
REVIEW_STATES = frozenset({State.SUBMITTED, State.IN_REVIEW, State.AWAITING_APPROVAL})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    action: str
    sources: frozenset
    # source state -> target state; "approve" decides between published and scheduled itself.
    targets: dict
    # A rule of editorial.policy: check(user, obj) raises EditorialPermissionDenied or returns None.
    check: Callable[[Any, Any], None]
    # True: acts on the live `state` (unpublish, archive); False: on `workflow_state` (pending edit first).
    on_live: bool = False
    needs_comment: bool = False
    reason_choices: type[models.TextChoices] | None = None
    needs_datetime: bool = False
    style: str = "default"

    def target_for(self, source):
        return self.targets[source]


def _all_to(target, sources):
    return dict.fromkeys(sources, target)


_SUBMITTABLE = frozenset({State.DRAFT, State.RETURNED})
_ARCHIVABLE = frozenset(set(State) - {State.ARCHIVED})
_REOPENABLE = frozenset({State.REFUSED, State.UNPUBLISHED, State.EXPIRED})

TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            _("Gửi duyệt"),
            AuditEvent.Action.SUBMIT,
            _SUBMITTABLE,
            _all_to(State.SUBMITTED, _SUBMITTABLE),
            policy.check_submit,
            style="primary",
        ),
        Transition(
            "forward",
            _("Chuyển tiếp"),
            AuditEvent.Action.FORWARD,
            frozenset({State.SUBMITTED, State.IN_REVIEW}),
            {State.SUBMITTED: State.IN_REVIEW, State.IN_REVIEW: State.AWAITING_APPROVAL},
            policy.check_forward,
            style="primary",
        ),
        Transition(
            "return",
            _("Trả lại tác giả"),
            AuditEvent.Action.RETURN,
            REVIEW_STATES,
            _all_to(State.RETURNED, REVIEW_STATES),
            policy.check_return,
            needs_comment=True,
            style="warning",
        ),
        Transition(
            "approve",
            _("Duyệt và xuất bản"),
            AuditEvent.Action.APPROVE,
            frozenset({State.AWAITING_APPROVAL}),
            {State.AWAITING_APPROVAL: State.PUBLISHED},
            policy.check_approve,
            style="primary",
        ),
        Transition(
            "schedule",
            _("Duyệt, hẹn giờ xuất bản"),
            AuditEvent.Action.SCHEDULE,
            frozenset({State.AWAITING_APPROVAL}),
            {State.AWAITING_APPROVAL: State.SCHEDULED},
            policy.check_schedule,
            needs_datetime=True,
        ),
        Transition(
            "refuse",
            _("Từ chối đăng"),
            AuditEvent.Action.REFUSE,
            REVIEW_STATES,
            _all_to(State.REFUSED, REVIEW_STATES),
            policy.check_refuse,
            needs_comment=True,
            reason_choices=RefusalReason,
            style="danger",
        ),
        Transition(
            "unpublish",
            _("Gỡ xuống"),
            AuditEvent.Action.UNPUBLISH,
            LIVE_STATES,
            _all_to(State.UNPUBLISHED, LIVE_STATES),
            policy.check_unpublish,
            on_live=True,
            needs_comment=True,
            reason_choices=UnpublishReason,
            style="danger",
        ),
        Transition(
            "archive",
            _("Lưu trữ"),
            AuditEvent.Action.ARCHIVE,
            _ARCHIVABLE,
            _all_to(State.ARCHIVED, _ARCHIVABLE),
            policy.check_archive,
            on_live=True,
        ),
        Transition(
            "reopen",
            _("Mở lại thành bản nháp"),
            AuditEvent.Action.REOPEN,
            _REOPENABLE,
            _all_to(State.DRAFT, _REOPENABLE),
            policy.check_reopen,
        ),
    ]
}


def source_state(transition, obj):
    return obj.state if transition.on_live else obj.workflow_state


def is_possible(transition, obj) -> bool:
    if transition.name == "schedule" and obj.pending_revision_id:
        return False  # an approved edit of live content applies at once
    return source_state(transition, obj) in transition.sources


def available_transitions(user, obj) -> list[Transition]:
    """The steps `user` may take on `obj` now: state allows it and the rule says yes (drives the buttons)."""
    return [t for t in TRANSITIONS.values() if is_possible(t, obj) and policy.allowed(t.check, user, obj)]


def unavailable_transitions(user, obj) -> list[tuple[Transition, str, bool]]:
    """The other steps, each with why `user` may not take it now: (step, reason, wrong_state). A step the state
    allows but the rule refuses (four eyes, no delegation, not your category…) carries the rule's message."""
    unavailable = []
    for t in TRANSITIONS.values():
        if not is_possible(t, obj):
            reason = _("Không thể “%(step)s” khi nội dung đang ở trạng thái “%(state)s”.") % {
                "step": t.label,
                "state": State(source_state(t, obj)).label,
            }
            unavailable.append((t, str(reason), True))
            continue
        reason = policy.refusal(t.check, user, obj)
        if reason is not None:
            unavailable.append((t, reason, False))
    return unavailable


# --- Snapshots ------------------------------------------------------------------------------------------


def snapshot(obj, m2m=None) -> dict:
    """The content fields of `obj` as JSON-ready data. `m2m` overrides many-to-many values (ids) not yet saved."""
    reg = registration(obj)
    data = {}
    for field in reg.content_fields:
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname] = value
    for field in reg.m2m_fields:
        if m2m is not None and field.name in m2m:
            values = m2m[field.name]
            data[field.name] = sorted(v.pk if hasattr(v, "pk") else int(v) for v in values)
        elif obj.pk:
            data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            data[field.name] = []
    return data


def apply_snapshot(obj, data) -> dict:
    """Set `obj`'s content fields from `data` (in memory). Returns the many-to-many ids to set after saving."""
    reg = registration(obj)
    for field in reg.content_fields:
        if field.attname not in data:
            continue
        value = data[field.attname]
        if isinstance(value, str) and isinstance(field, models.DateTimeField):
            value = parse_datetime(value)
        elif isinstance(value, str) and isinstance(field, models.DateField):
            value = parse_date(value)
        setattr(obj, field.attname, value)
    return {f.name: data[f.name] for f in reg.m2m_fields if f.name in data}


def _lines(value, markup=True) -> list[str]:
    """Lines to compare: one per block element for HTML; tags dropped unless only the markup changed."""
    if value is None:
        return [""]
    text = str(value)
    if "<" in text and ">" in text:
        # One block element per line, so a changed paragraph shows as one changed line.
        text = re.sub(r"(</(p|h[1-6]|li|tr|figure|blockquote|table|ul|ol)>)", r"\1\n", text)
        if not markup:
            return [unescape(strip_tags(line)).strip() for line in text.splitlines() if strip_tags(line).strip()] or [
                ""
            ]
    return text.splitlines() or [""]


def revision_diff(model, old, new) -> list[dict]:
    """Per changed field: its label and a side-by-side difflib HTML table (older left, newer right)."""
    reg = registration(model)
    differ = difflib.HtmlDiff(wrapcolumn=70)
    rows = []
    labels = {f.attname: f.verbose_name for f in reg.content_fields}
    labels.update({f.name: f.verbose_name for f in reg.m2m_fields})
    for key, label in labels.items():
        before, after = old.snapshot.get(key), new.snapshot.get(key)
        if before == after:
            continue
        old_lines, new_lines = _lines(before, markup=False), _lines(after, markup=False)
        if old_lines == new_lines:  # only the markup changed: show it
            old_lines, new_lines = _lines(before), _lines(after)
        table = differ.make_table(
            old_lines,
            new_lines,
            fromdesc=str(_("Phiên bản %(n)s") % {"n": old.number}),
            todesc=str(_("Phiên bản %(n)s") % {"n": new.number}),
            context=True,
            numlines=2,
        )
        rows.append({"field": key, "label": label, "table": table, "plain_after": strip_tags(str(after))[:200]})
    return rows


def content_type_for(obj_or_model):
    return ContentType.objects.get_for_model(obj_or_model, for_concrete_model=True)
