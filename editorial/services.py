"""Every write to publishable content goes through these functions.

Each one checks the rule (editorial/policy.py) again inside the transaction, locks the row, writes the audit row in
the same transaction, and queues notifications and the `content_changed` signal with `transaction.on_commit`.
They take any registered Publishable (editorial/registry.py): articles, legal documents and later types alike.
"""

from __future__ import annotations

import datetime
import inspect
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from components.events import content_changed_on_commit
from components.roles import Role

from . import policy
from .exceptions import InvalidTransition, StaleVersion
from .models import (
    AuditEvent,
    Category,
    Delegation,
    PreviewLink,
    Publishable,
    RefusalReason,
    Revision,
    State,
    UnpublishReason,
)
from .policy import Actor
from .registry import category_id_of, registered_models, registration
from .workflow import LIVE_STATES, TRANSITIONS, Transition, apply_snapshot, snapshot, source_state

if TYPE_CHECKING:
    from components.models import Portal

logger = logging.getLogger(__name__)
PREVIEW_SALT = "editorial.preview"
# Workflow fields an edit never changes: taken from the locked row, whatever the form's copy says.
WORKFLOW_COPIED = (
    "state",
    "pending_state",
    "created_by_id",
    "portal_id",
    "published_at",
    "first_published_at",
    "refusal_reason",
    "unpublish_reason",
    "unpublish_notice",
    "unpublished_at",
    "replacement_type_id",
    "replacement_id",
)
SYSTEM_ACTOR = "Hệ thống (lịch xuất bản)"


# --- Helpers ---------------------------------------------------------------------------------------


def _ct(obj: Publishable) -> ContentType:
    return ContentType.objects.get_for_model(obj, for_concrete_model=True)


def _concrete(obj: Publishable) -> type[Publishable]:
    """The model whose table holds `obj` (a proxy's concrete model)."""
    return registration(obj).model


def _lock(obj: Publishable) -> Publishable:
    model = _concrete(obj)
    return model._default_manager.select_for_update(of=("self",)).select_related("pending_revision").get(pk=obj.pk)


def _actor_name(user: Actor) -> str:
    if user is None:
        return SYSTEM_ACTOR
    return user.get_full_name() or user.get_username()


def latest_revision(obj: Publishable) -> Revision | None:
    if obj.pending_revision_id:
        return obj.pending_revision
    return Revision.objects.filter(content_type=_ct(obj), object_id=obj.pk).order_by("-number").first()


def record_revision(
    *, obj: Publishable, user: Actor, data: dict[str, Any] | None = None, state: str | None = None, note: str = ""
) -> Revision:
    content_type = _ct(obj)
    number = (Revision.objects.filter(content_type=content_type, object_id=obj.pk).aggregate(n=Max("number"))["n"]) or 0
    return Revision.objects.create(
        content_type=content_type,
        object_id=obj.pk,
        number=number + 1,
        version=obj.version,
        snapshot=snapshot(obj) if data is None else data,
        author=user,
        state=state or obj.workflow_state,
        note=note,
    )


def audit(
    *,
    obj: Any,
    user: Actor,
    action: str,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    reason: str = "",
    revision: Revision | None = None,
    portal: Portal | None = None,
    label: str | None = None,
) -> AuditEvent:
    """Write one audit row (call inside the service's transaction) and queue its notifications after commit."""
    event = AuditEvent.objects.create(
        portal_id=portal.pk if portal is not None else obj.portal_id,
        actor=user,
        actor_name=_actor_name(user),
        action=action,
        content_type=_ct(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=(label or str(obj))[:500],
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        reason=reason,
        revision=revision,
    )
    if action in NOTIFIED_ACTIONS:
        transaction.on_commit(lambda: _queue_notification(event.pk))
    return event


def _queue_notification(event_id: int) -> None:
    """Queue the emails; a broker outage must not turn a committed step into an error page."""
    from .tasks import notify_event

    try:
        notify_event.delay(event_id)
    except Exception:  # logged; the audit row stays and the task can be re-run by id
        logger.exception("Could not queue notifications for audit event %s", event_id)


NOTIFIED_ACTIONS = {
    AuditEvent.Action.SUBMIT,
    AuditEvent.Action.FORWARD,
    AuditEvent.Action.RETURN,
    AuditEvent.Action.REFUSE,
    AuditEvent.Action.APPROVE,
    AuditEvent.Action.SCHEDULE,
    AuditEvent.Action.PUBLISH,
    AuditEvent.Action.APPROVE_EDIT,
    AuditEvent.Action.UNPUBLISH,
}


def _announce(obj: Publishable, action: str) -> None:
    """Tell other apps (page cache) after commit that what citizens see has changed: the ONE purge call of a
    service (docs/decisions/0812-one-purge-path.md)."""
    model = _concrete(obj)
    content_changed_on_commit(sender=model, instance=obj, portal_id=obj.portal_id, action=action)


def _answers_publicly(obj: Publishable) -> bool:
    """Its public address answers something: the page, or (once taken down) a notice, a redirect or a 410."""
    return obj.state in LIVE_STATES or obj.first_published_at is not None


def _set_m2m(obj: Publishable, m2m: dict[str, Any] | None) -> None:
    for name, ids in (m2m or {}).items():
        getattr(obj, name).set(ids)


# --- Creating and editing ------------------------------------------------------------------------------


def _check_category(obj: Publishable) -> None:
    category_id = category_id_of(obj)
    if category_id is not None and not Category.objects.filter(pk=category_id, portal_id=obj.portal_id).exists():
        raise ValidationError({"category": _("Chuyên mục này thuộc cổng khác.")})


def _store_new_files(obj: Publishable) -> None:
    """New uploads in an edit of live content go to storage now, so the pending revision names a real file.

    The live row is not saved, so what a save would do to a new upload first is done here: an article's featured
    image is cleaned of EXIF (editorial.images.clean_new_featured_image), then each field commits its file.
    """
    from .images import clean_new_featured_image

    fields = [
        f
        for f in registration(obj).content_fields
        if isinstance(f, models.FileField) and getattr(obj, f.attname) and not getattr(obj, f.attname)._committed
    ]
    if not fields:
        return
    clean_new_featured_image(obj)
    for field in fields:
        field.pre_save(obj, add=False)


def content_create(*, obj: Publishable, user: Actor, m2m: dict[str, Any] | None = None, note: str = "") -> Publishable:
    """Save a new item as a draft written by `user`, with its first revision."""
    policy.check_create(user, obj.portal)
    _check_category(obj)
    with transaction.atomic():
        obj.created_by = obj.created_by or user
        obj.state = State.DRAFT
        obj.version = 1
        obj.save()
        _set_m2m(obj, m2m)
        revision = record_revision(obj=obj, user=user, note=note)
        audit(obj=obj, user=user, action=AuditEvent.Action.CREATE, to_state=State.DRAFT, revision=revision)
    return obj


def content_update(
    *,
    obj: Publishable,
    user: Actor,
    expected_version: int | None = None,
    m2m: dict[str, Any] | None = None,
    note: str = "",
) -> Publishable:
    """Save an edit. `obj` carries the new content in memory.

    Refused with StaleVersion when the row changed since the editor opened it (`expected_version`).
    An edit of live content (published or scheduled) becomes a pending revision; the live row is untouched
    until the edit is approved.
    """
    with transaction.atomic():
        current = _lock(obj)
        policy.check_edit(user, current)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current.version)
        for name in WORKFLOW_COPIED:
            setattr(obj, name, getattr(current, name))
        obj.pending_revision = current.pending_revision
        policy.check_edit(user, obj)  # moving it to a category the user does not review is refused too
        _check_category(obj)
        if current.state in LIVE_STATES:
            _store_new_files(obj)
            obj.prepare_content()  # the revision holds sanitised HTML, like a saved row (previews show it raw)
            data = snapshot(obj, m2m)
            current.version += 1
            current.pending_state = current.pending_state or State.DRAFT
            revision = record_revision(
                obj=current, user=user, data=data, state=current.pending_state, note=note or _("Sửa bản đang đăng")
            )
            current.pending_revision = revision
            current.save(update_fields=["pending_revision", "pending_state", "version", "updated_at"])
            obj.version, obj.pending_revision, obj.pending_state = current.version, revision, current.pending_state
            audit(
                obj=current,
                user=user,
                action=AuditEvent.Action.EDIT,
                from_state=current.pending_state,
                to_state=current.pending_state,
                revision=revision,
            )
            return current
        obj.version = current.version + 1
        obj.save()
        _set_m2m(obj, m2m)
        revision = record_revision(obj=obj, user=user, note=note)
        audit(
            obj=obj,
            user=user,
            action=AuditEvent.Action.EDIT,
            from_state=obj.state,
            to_state=obj.state,
            revision=revision,
        )
        if _answers_publicly(obj):  # a taken-down item's notice shows its title
            _announce(obj, "updated")
    return obj


def attachments_update(*, obj: Publishable, user: Actor, apply: Callable[[], str]) -> Publishable:
    """Change the files attached to a legal document: `apply()` saves them and returns a summary ("" if nothing).

    Files are not part of revisions (docs/decisions/0103): the rule allows this on live documents to the approver
    only; the change is audited in the same transaction and drops the public pages when the document is live.
    """
    with transaction.atomic():
        current = _lock(obj)
        policy.check_change_attachments(user, current)
        summary = apply()
        if not summary:
            return current
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        obj.version = current.version
        audit(
            obj=current,
            user=user,
            action=AuditEvent.Action.EDIT,
            from_state=current.workflow_state,
            to_state=current.workflow_state,
            comment=summary,
        )
        if current.is_live:
            _announce(current, "updated")
    return current


def revision_restore(*, obj: Publishable, revision: Revision, user: Actor) -> Publishable:
    """Bring back an old revision's content as a new revision (a pending edit when the item is live)."""
    if revision.object_id != obj.pk or revision.content_type_id != _ct(obj).pk:
        raise ValidationError(_("Phiên bản không thuộc nội dung này."))
    with transaction.atomic():
        current = _lock(obj)
        policy.check_restore(user, current)
        note = _("Khôi phục từ phiên bản %(n)s") % {"n": revision.number}
        current.version += 1
        if current.state in LIVE_STATES:
            current.pending_state = State.DRAFT
            new = record_revision(obj=current, user=user, data=dict(revision.snapshot), state=State.DRAFT, note=note)
            current.pending_revision = new
            current.save(update_fields=["pending_revision", "pending_state", "version", "updated_at"])
        else:
            m2m = apply_snapshot(current, revision.snapshot)
            current.save()
            _set_m2m(current, m2m)
            new = record_revision(obj=current, user=user, note=note)
            if _answers_publicly(current):
                _announce(current, "updated")
        audit(
            obj=current,
            user=user,
            action=AuditEvent.Action.RESTORE,
            from_state=current.workflow_state,
            to_state=current.workflow_state,
            comment=note,
            revision=new,
        )
    return current


# --- Workflow steps: one function per step of editorial.workflow.TRANSITIONS ------------------------------


@dataclass
class _Step:
    """A workflow step under way on the locked row (what `_locked_step` yields to the step function)."""

    transition: Transition
    current: Publishable  # the locked row
    source: str  # the state the step starts from (workflow.source_state)
    target: str
    action: str  # the audit row's action (a step function may change it: an approved edit, a scheduled approval)
    comment: str
    reason: str
    now: datetime.datetime
    applied: Revision | None  # the pending edit of live content the step acts on, if any
    changed: str | None = None  # what citizens see changed, for content_changed ("published", "updated"…)


@contextmanager
def _locked_step(name: str, *, obj: Any, user: Any, comment: str = "", reason: str = "") -> Iterator[_Step]:
    """Everything a workflow step shares: lock the row; check the source state, the policy rule, the comment and
    the reason the table asks for; let the step function change the row; then bump the version, save, write the
    audit row and announce what citizens see, in one transaction."""
    transition = TRANSITIONS[name]
    comment = (comment or "").strip()
    with transaction.atomic():
        current = _lock(obj)
        source = source_state(transition, current)
        if source not in transition.sources:
            raise InvalidTransition(
                _("Không thể “%(step)s” khi nội dung đang ở trạng thái “%(state)s”.")
                % {"step": transition.label, "state": State(source).label}
            )
        transition.check(user, current)
        if transition.needs_comment and not comment:
            raise ValidationError({"comment": _("Hãy ghi rõ lý do, ý kiến để người nhận biết cần làm gì.")})
        if transition.reason_choices is not None and reason not in transition.reason_choices.values:
            raise ValidationError({"reason": _("Hãy chọn một lý do trong danh sách.")})
        live_before = current.state
        step = _Step(
            transition=transition,
            current=current,
            source=source,
            target=transition.target_for(source),
            action=transition.action,
            comment=comment,
            reason=reason,
            now=timezone.now(),
            applied=current.pending_revision if current.pending_revision_id is not None else None,
        )
        yield step
        if step.changed is None and current.state != live_before and current.first_published_at is not None:
            step.changed = "updated"  # a taken-down item archived or reopened: its address answers differently now
        current.version += 1
        current.save()
        audit(
            obj=current,
            user=user,
            action=step.action,
            from_state=source,
            to_state=step.target,
            comment=comment,
            reason=reason,
            revision=step.applied or latest_revision(current),
        )
        if step.changed:
            _announce(current, step.changed)


def _advance(step: _Step) -> None:
    """Move to the table's target state: the pending edit's state for an edit of live content."""
    if step.applied is not None:
        step.current.pending_state = step.target
    else:
        step.current.state = step.target


def submit(*, obj: Publishable, user: Actor, comment: str = "") -> Publishable:
    """The author sends a draft (or a returned item, or an edit of live content) for review."""
    with _locked_step("submit", obj=obj, user=user, comment=comment) as step:
        _advance(step)
    return step.current


def forward(*, obj: Publishable, user: Actor, comment: str = "") -> Publishable:
    """A reviewer passes the item on: submitted → in review → awaiting approval."""
    with _locked_step("forward", obj=obj, user=user, comment=comment) as step:
        _advance(step)
    return step.current


def return_to_author(*, obj: Publishable, user: Actor, comment: str) -> Publishable:
    with _locked_step("return", obj=obj, user=user, comment=comment) as step:
        _advance(step)
    return step.current


def approve(
    *, obj: Publishable, user: Actor, comment: str = "", go_live_at: datetime.datetime | None = None
) -> Publishable:
    """The approver's decision: an edit of live content is applied at once; otherwise the item goes live now, or
    is scheduled when it (or `go_live_at`) names a time in the future."""
    with _locked_step("approve", obj=obj, user=user, comment=comment) as step:
        when = go_live_at or step.current.go_live_at
        if step.applied is not None:
            _apply_pending_edit(step, step.applied)
        elif when and when > step.now:
            _schedule(step, when)
        else:
            _make_live(step.current, step.now)
            step.changed = "published"
            _went_live(step.current)
    return step.current


def schedule(*, obj: Publishable, user: Actor, go_live_at: datetime.datetime, comment: str = "") -> Publishable:
    """Approve with a publication time in the future (the scheduler publishes it then)."""
    with _locked_step("schedule", obj=obj, user=user, comment=comment) as step:
        if step.applied is not None:
            raise InvalidTransition(_("Bản sửa của nội dung đang đăng được áp dụng ngay khi duyệt."))
        if not go_live_at or go_live_at <= step.now:
            raise ValidationError({"go_live_at": _("Thời điểm hẹn giờ phải ở tương lai.")})
        _schedule(step, go_live_at)
    return step.current


def refuse(*, obj: Publishable, user: Actor, reason: RefusalReason | str, comment: str) -> Publishable:
    """Refused for one of the listed reasons; an edit of live content is dropped, the live row stays."""
    with _locked_step("refuse", obj=obj, user=user, comment=comment, reason=reason) as step:
        if step.applied is not None:
            step.current.pending_revision, step.current.pending_state = None, ""
        else:
            step.current.state, step.current.refusal_reason = State.REFUSED, reason
    return step.current


def unpublish(
    *,
    obj: Publishable,
    user: Actor,
    reason: UnpublishReason | str,
    comment: str,
    replacement: Publishable | None = None,
    notice: str = "",
) -> Publishable:
    """Take live content down; its address keeps answering (a notice, a redirect to `replacement`, or 410)."""
    with _locked_step("unpublish", obj=obj, user=user, comment=comment, reason=reason) as step:
        step.changed = _unpublish(step.current, reason, step.comment, replacement, notice, step.now)
    return step.current


def archive(*, obj: Publishable, user: Actor, comment: str = "") -> Publishable:
    with _locked_step("archive", obj=obj, user=user, comment=comment) as step:
        current = step.current
        step.changed = "archived" if current.is_live else None
        current.state, current.pending_revision, current.pending_state = State.ARCHIVED, None, ""
    return step.current


def reopen(*, obj: Publishable, user: Actor, comment: str = "") -> Publishable:
    """A refused, unpublished or expired item becomes a draft again."""
    with _locked_step("reopen", obj=obj, user=user, comment=comment) as step:
        step.current.state = State.DRAFT
        step.current.refusal_reason = ""
    return step.current


# The function of each step of the table (the table in editorial/workflow.py is the map of states and rules).
STEPS: dict[str, Callable[..., Any]] = {
    "submit": submit,
    "forward": forward,
    "return": return_to_author,
    "approve": approve,
    "schedule": schedule,
    "refuse": refuse,
    "unpublish": unpublish,
    "archive": archive,
    "reopen": reopen,
}
assert set(STEPS) == set(TRANSITIONS), "every step of workflow.TRANSITIONS has one function here"


def transition(
    *,
    obj: Publishable,
    user: Actor,
    name: str,
    comment: str = "",
    reason: str = "",
    go_live_at: datetime.datetime | None = None,
    replacement: Publishable | None = None,
    notice: str = "",
) -> Publishable:
    """Run the step named `name` (the admin's buttons and bulk actions name it): the step function, given the inputs
    it takes of those the form sent."""
    step = STEPS[name]
    sent = {"reason": reason, "go_live_at": go_live_at, "replacement": replacement, "notice": notice}
    accepted = inspect.signature(step).parameters
    return step(obj=obj, user=user, comment=comment, **{k: v for k, v in sent.items() if k in accepted})


def _apply_pending_edit(step: _Step, applied: Revision) -> None:
    """Approve an edit of live content: its revision becomes the row, which keeps its live state."""
    current = step.current
    m2m = apply_snapshot(current, applied.snapshot)
    current.pending_revision, current.pending_state = None, ""
    step.target, step.action = current.state, AuditEvent.Action.APPROVE_EDIT
    _set_m2m(current, m2m)
    if current.state == State.PUBLISHED:
        step.changed = "updated"
        _went_live(current)


def _schedule(step: _Step, when: datetime.datetime) -> None:
    step.current.state, step.current.go_live_at = State.SCHEDULED, when
    step.target, step.action = State.SCHEDULED, AuditEvent.Action.SCHEDULE


def _went_live(obj: Publishable) -> None:
    hook = registration(obj).on_publish
    if hook is not None:
        hook(obj)


def _make_live(obj: Publishable, now: datetime.datetime) -> None:
    obj.state = State.PUBLISHED
    obj.published_at = now
    obj.first_published_at = obj.first_published_at or now
    obj.unpublish_reason, obj.unpublish_notice, obj.unpublished_at = "", "", None
    obj.replacement_type, obj.replacement_id = None, None


def _unpublish(
    obj: Publishable, reason: str, comment: str, replacement: Publishable | None, notice: str, now: datetime.datetime
) -> str | None:
    was_live = obj.state == State.PUBLISHED
    if reason == UnpublishReason.REPLACED:
        if replacement is None:
            raise ValidationError({"replacement": _("Hãy chọn nội dung thay thế để chuyển người đọc sang.")})
        if not getattr(replacement, "is_live", False) or replacement.pk == obj.pk:
            raise ValidationError({"replacement": _("Nội dung thay thế phải là một nội dung khác đang được đăng.")})
        obj.replacement_type, obj.replacement_id = _ct(replacement), replacement.pk
    else:
        obj.replacement_type, obj.replacement_id = None, None
    obj.unpublish_reason = reason
    obj.unpublish_notice = (notice or comment) if reason == UnpublishReason.WITHDRAWN else ""
    obj.unpublished_at = now
    obj.state, obj.pending_revision, obj.pending_state = State.UNPUBLISHED, None, ""
    return "unpublished" if was_live else None


# --- Scheduler (Celery beat, editorial.tasks.run_schedule) ----------------------------------------------

BATCH = 100


def _in_locked_batches(filters: dict[str, Any], order_by: str, apply: Callable[[Any], None]) -> int:
    """Apply `apply(obj)` to every row of every registered type matching `filters`, BATCH rows per transaction.

    Rows are locked with SKIP LOCKED, so parallel runs share the work and a second run finds nothing left.
    """
    done = 0
    for model in registered_models():
        while True:
            with transaction.atomic():
                batch = list(
                    model._default_manager.select_for_update(skip_locked=True)
                    .filter(**filters)
                    .order_by(order_by, "pk")[:BATCH]
                )
                for obj in batch:
                    apply(obj)
            done += len(batch)
            if len(batch) < BATCH:
                break
    return done


def publish_due(*, now: datetime.datetime | None = None) -> int:
    """Publish scheduled items whose time has come. Safe to run twice and in parallel workers."""

    def go_live(obj: Any) -> None:
        obj.state = State.PUBLISHED
        obj.published_at = obj.go_live_at
        obj.first_published_at = obj.first_published_at or obj.go_live_at
        obj.version += 1
        obj.save()
        _went_live(obj)
        audit(
            obj=obj,
            user=None,
            action=AuditEvent.Action.PUBLISH,
            from_state=State.SCHEDULED,
            to_state=State.PUBLISHED,
            revision=latest_revision(obj),
        )
        _announce(obj, "published")

    now = now or timezone.now()
    return _in_locked_batches({"state": State.SCHEDULED, "go_live_at__lte": now}, "go_live_at", go_live)


def expire_due(*, now: datetime.datetime | None = None) -> int:
    """Take down published items past their expiry time (state "expired"). Idempotent like publish_due."""

    def expire(obj: Any) -> None:
        obj.state, obj.pending_revision, obj.pending_state = State.EXPIRED, None, ""
        obj.version += 1
        obj.save()
        audit(
            obj=obj,
            user=None,
            action=AuditEvent.Action.EXPIRE,
            from_state=State.PUBLISHED,
            to_state=State.EXPIRED,
        )
        _announce(obj, "expired")

    now = now or timezone.now()
    return _in_locked_batches({"state": State.PUBLISHED, "expire_at__lte": now}, "expire_at", expire)


# --- Board organisation --------------------------------------------------------------------------------


def _announce_category(category: Category) -> None:
    """The menu and category pages of the portal (and its ancestors') show the tree."""
    content_changed_on_commit(sender=Category, instance=category, portal_id=category.portal_id, action="category")


def category_save(*, category: Category, user: Actor, changed_fields: Iterable[str] = ()) -> Category:
    """Create or change a category (the form validated it): audited, and the portal's pages dropped on commit."""
    with transaction.atomic():
        policy.check_manage_category(user, category)
        if category.pk is not None:
            stored_portal_id = Category.objects.filter(pk=category.pk).values_list("portal_id", flat=True).first()
            if stored_portal_id is not None and stored_portal_id != category.portal_id:
                policy.check_manage_category(user, Category(portal_id=stored_portal_id))
        created = category.pk is None
        category.save()
        fields = ", ".join(changed_fields)
        audit(
            obj=category,
            user=user,
            action=AuditEvent.Action.CATEGORY_CREATE if created else AuditEvent.Action.CATEGORY_EDIT,
            comment=fields[:1000],
        )
        _announce_category(category)
    return category


def category_move(*, category: Category, target: Category, position: str, user: Actor) -> Category:
    """Drag and drop in the category tree: inside one portal's tree (or beside a root, a new tree of the same
    portal). Raises InvalidMove (django-mptt) for a move into the category's own sub-tree."""
    with transaction.atomic():
        policy.check_manage_category(user, category)
        if target.portal_id != category.portal_id and not (position in ("left", "right") and target.parent_id is None):
            raise ValidationError(_("Không thể chuyển chuyên mục sang cây của cổng khác."))
        Category._tree_manager.move_node(category, target, position)
        category.refresh_from_db()
        audit(
            obj=category,
            user=user,
            action=AuditEvent.Action.CATEGORY_MOVE,
            comment=str(category.parent or _("(gốc)")),
        )
        _announce_category(category)
    return category


def category_delete(*, category: Category, user: Actor) -> None:
    """Delete a category nothing is filed under (policy.check_delete_category): the row and its sub-categories."""
    with transaction.atomic():
        policy.check_delete_category(user, category)
        label, portal = str(category), category.portal
        category.delete()
        audit(obj=None, portal=portal, user=user, action=AuditEvent.Action.CATEGORY_DELETE, label=label)
        content_changed_on_commit(sender=Category, portal_id=portal.pk, action="category")


def category_assign(*, category: Category, user: Actor, assigned_by: Actor) -> None:
    """The chief assigns a board member or the secretary to a category (and its sub-categories)."""
    policy.check_manage_category(assigned_by, category)
    if not policy.roles(user, category.portal_id) & policy.REVIEW_ROLES:
        raise ValidationError(_("Chỉ phân công được thành viên hoặc thư ký Ban Biên tập của cổng này."))
    with transaction.atomic():
        assign_perm("editorial.review_category", user, category)
        audit(
            obj=None,
            portal=category.portal,
            user=assigned_by,
            action=AuditEvent.Action.ASSIGN,
            label=f"{category} → {user.get_username()}",
        )
    user.__dict__.pop("_editorial_assigned", None)


def category_unassign(*, category: Category, user: Actor, assigned_by: Actor) -> None:
    policy.check_manage_category(assigned_by, category)
    with transaction.atomic():
        remove_perm("editorial.review_category", user, category)
        audit(
            obj=None,
            portal=category.portal,
            user=assigned_by,
            action=AuditEvent.Action.UNASSIGN,
            label=f"{category} → {user.get_username()}",
        )
    user.__dict__.pop("_editorial_assigned", None)


def delegation_create(
    *,
    portal: Portal,
    chief: Actor,
    deputy: Actor,
    valid_from: datetime.date,
    valid_to: datetime.date,
    created_by: Actor,
    categories: Iterable[Category] = (),
    scope_note: str = "",
) -> Delegation:
    """Record the chief's delegation to a deputy for a period (inclusive dates)."""
    policy.check_delegate(created_by, portal.pk)
    if Role.CHIEF not in policy.roles(chief, portal.pk):
        raise ValidationError({"chief": _("Người ủy quyền phải là Trưởng Ban Biên tập của cổng này.")})
    if Role.DEPUTY not in policy.roles(deputy, portal.pk):
        raise ValidationError({"deputy": _("Người được ủy quyền phải là Phó Trưởng ban của cổng này.")})
    delegation = Delegation(
        portal=portal, chief=chief, deputy=deputy, valid_from=valid_from, valid_to=valid_to, scope_note=scope_note
    )
    delegation.full_clean()
    with transaction.atomic():
        delegation.save()
        delegation.categories.set(categories)
        audit(obj=None, portal=portal, user=created_by, action=AuditEvent.Action.DELEGATE, label=str(delegation))
    return delegation


def delegation_update(
    *,
    delegation: Delegation,
    user: Actor,
    changed_fields: Iterable[str] = (),
    categories: Iterable[Category] | None = None,
) -> Delegation:
    """Save a change of a delegation (`delegation` carries it in memory) with its audit row: ended when it is
    revoked now or its last day moved before today, changed otherwise (the fields named in the row's comment)."""
    policy.check_delegate(user, delegation.portal_id)
    if Role.CHIEF not in policy.roles(delegation.chief, delegation.portal_id):
        raise ValidationError({"chief": _("Người ủy quyền phải là Trưởng Ban Biên tập của cổng này.")})
    if Role.DEPUTY not in policy.roles(delegation.deputy, delegation.portal_id):
        raise ValidationError({"deputy": _("Người được ủy quyền phải là Phó Trưởng ban của cổng này.")})
    delegation.full_clean()
    changed = list(changed_fields)
    with transaction.atomic():
        before = Delegation.objects.select_for_update().get(pk=delegation.pk)
        delegation.save()
        if categories is not None:
            delegation.categories.set(categories)
        today = timezone.localdate()
        ended = (before.revoked_at is None and delegation.revoked_at is not None) or (
            before.valid_to >= today > delegation.valid_to
        )
        labels = [
            str(getattr(Delegation._meta.get_field(name), "verbose_name", name))
            for name in changed
            if name in _DELEGATION_FIELDS
        ]
        audit(
            obj=None,
            portal=delegation.portal,
            user=user,
            action=AuditEvent.Action.UNDELEGATE if ended else AuditEvent.Action.DELEGATE_EDIT,
            comment=_("Thay đổi: %(fields)s") % {"fields": ", ".join(labels)} if labels else "",
            label=str(delegation),
        )
    return delegation


_DELEGATION_FIELDS = ("chief", "deputy", "valid_from", "valid_to", "categories", "scope_note", "revoked_at")


# --- Shareable preview ----------------------------------------------------------------------------------


def preview_token(*, obj: Publishable, user: Actor) -> str:
    """A signed link token showing the item's latest revision to someone without an account, until it expires or
    is revoked (preview_revoke). The link is recorded (PreviewLink) and audited."""
    policy.check_share_preview(user, obj)
    revision = latest_revision(obj)
    with transaction.atomic():
        link = PreviewLink.objects.create(
            portal_id=obj.portal_id,
            content_type=_ct(obj),
            object_id=obj.pk,
            revision=revision,
            created_by=user,
            expires_at=timezone.now() + datetime.timedelta(seconds=settings.EDITORIAL_PREVIEW_MAX_AGE),
        )
        audit(obj=obj, user=user, action=AuditEvent.Action.PREVIEW_SHARE, revision=revision)
    return signing.dumps(
        {"ct": _ct(obj).pk, "pk": obj.pk, "rev": revision.pk if revision else None, "link": link.pk},
        salt=PREVIEW_SALT,
        compress=True,
    )


def preview_links(obj: Publishable) -> list[PreviewLink]:
    """The item's shared preview links, newest first."""
    return list(PreviewLink.objects.filter(content_type=_ct(obj), object_id=obj.pk).select_related("created_by"))


def preview_revoke(*, obj: Publishable, link: PreviewLink, user: Actor) -> PreviewLink:
    """Revoke a shared preview link of `obj` at once (whoever may share a preview of it), audited."""
    policy.check_share_preview(user, obj)
    with transaction.atomic():
        link = PreviewLink.objects.select_for_update().get(pk=link.pk, content_type=_ct(obj), object_id=obj.pk)
        if link.revoked_at is not None:
            return link
        link.revoked_at, link.revoked_by = timezone.now(), user
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit(
            obj=obj,
            user=user,
            action=AuditEvent.Action.PREVIEW_REVOKE,
            comment=_("Đường dẫn tạo lúc %(when)s")
            % {"when": timezone.localtime(link.created_at).strftime("%d/%m/%Y %H:%M")},
        )
    return link


def preview_object(token: str) -> Publishable:
    """The item a preview token points at, with the token's revision applied in memory.

    Raises signing.BadSignature (SignatureExpired when too old) or LookupError.
    """
    data = signing.loads(token, salt=PREVIEW_SALT, max_age=settings.EDITORIAL_PREVIEW_MAX_AGE)
    if data.get("link") is not None and not PreviewLink.objects.filter(pk=data["link"], revoked_at=None).exists():
        raise signing.BadSignature("revoked")  # a link made before links were recorded has no id: it just expires
    found = ContentType.objects.get_for_id(data["ct"]).model_class()
    if found is None:
        raise LookupError(data["ct"])
    model = registration(found).model
    obj = model._default_manager.select_related("portal").get(pk=data["pk"])
    if data.get("rev"):
        revision = Revision.objects.filter(pk=data["rev"], object_id=obj.pk, content_type_id=data["ct"]).first()
        if revision is not None:
            apply_snapshot(obj, revision.snapshot)
    return obj
