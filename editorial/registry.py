"""Which models go through the editorial workflow, and how each is shaped.

A later content type (leaders, schedules, consultation drafts) plugs in by subclassing `Publishable` and calling
`register(Model, ...)` in `editorial/apps.py` (or its own app's ready()); the services, rules, admin base class,
revisions, audit, notifications and the scheduler then handle it with no other change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from .models import Publishable

# Publishable fields the workflow owns: never part of a content snapshot, never restored from one.
WORKFLOW_FIELDS = frozenset(
    {
        "id",
        "portal",
        "state",
        "published_at",
        "first_published_at",
        "created_by",
        "created_at",
        "updated_at",
        "version",
        "search_text",
        "pending_revision",
        "pending_state",
        "refusal_reason",
        "unpublish_reason",
        "unpublish_notice",
        "unpublished_at",
        "replacement_type",
        "replacement_id",
    }
)


@dataclass(frozen=True)
class Registration:
    model: type[Publishable]
    # Name of the FK to Category that decides who reviews; None: every member/secretary of the portal reviews.
    category_field: str | None = "category"
    # Templates tried in order for "preview exactly as the public page" (django.template.loader.select_template).
    preview_templates: tuple[str, ...] = ()
    # Extra content fields left out of snapshots (e.g. computed caches).
    snapshot_exclude: frozenset[str] = field(default_factory=frozenset)
    # Called inside the publishing transaction each time the item goes live (type-specific side effects).
    on_publish: Callable[[Any], None] | None = None
    # Called with the item to build the extra context its public template needs for a preview ({} when None).
    preview_context: object = None

    @property
    def content_fields(self) -> list[models.Field]:
        excluded = WORKFLOW_FIELDS | self.snapshot_exclude
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.editable and f.name not in excluded and not f.primary_key and not f.name.endswith("_ptr")
        ]

    @property
    def m2m_fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.many_to_many if f.editable and f.name not in self.snapshot_exclude]


_registry: dict[type, Registration] = {}


def register(
    model,
    *,
    category_field="category",
    preview_templates=(),
    snapshot_exclude=(),
    on_publish=None,
    preview_context=None,
):
    _registry[model] = Registration(
        model=model,
        category_field=category_field,
        preview_templates=tuple(preview_templates),
        snapshot_exclude=frozenset(snapshot_exclude),
        on_publish=on_publish,
        preview_context=preview_context,
    )
    return model


def registration(obj_or_model) -> Registration:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    model = model._meta.concrete_model
    try:
        return _registry[model]
    except KeyError:
        raise LookupError(f"{model.__name__} is not registered with editorial.registry") from None


def registered_models() -> list[type[Publishable]]:
    return list(_registry)


def category_of(obj):
    """The Category deciding who reviews `obj`, or None for types without categories."""
    name = registration(obj).category_field
    return getattr(obj, name) if name else None


def category_id_of(obj):
    name = registration(obj).category_field
    return getattr(obj, f"{name}_id") if name else None
