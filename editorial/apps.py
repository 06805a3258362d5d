from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Biên tập nội dung")

    def ready(self):
        from editorial import images  # noqa: F401  featured-image signal receivers and the renditions task

        from . import checks, portal_hooks, registry  # noqa: F401  portal_hooks: default categories, movers
        from .models import Article, ConsultationDraft, Leader, LegalDocument, WorkScheduleEntry

        registry.register(
            Article,
            category_field="category",
            preview_templates=("portal/article.html", "editorial/preview.html"),
            preview_context=article_preview_context,
        )
        registry.register(
            LegalDocument,
            category_field=None,
            preview_templates=("portal/document.html", "editorial/preview.html"),
            on_publish=mark_superseded_documents,
        )
        # The public site's types (docs/decisions/0102-public-types-in-the-workflow.md): no categories, so every
        # member and the secretary of the portal review them; previews use the public templates that show them.
        registry.register(
            Leader,
            category_field=None,
            preview_templates=("portal/leaders.html",),
            preview_context=leader_preview_context,
        )
        registry.register(
            WorkScheduleEntry,
            category_field=None,
            preview_templates=("portal/schedule.html",),
            preview_context=schedule_preview_context,
        )
        registry.register(
            ConsultationDraft,
            category_field=None,
            preview_templates=("portal/consultation.html",),
            preview_context=consultation_preview_context,
        )


def mark_superseded_documents(document):
    """A published document that replaces or amends others changes their validity."""
    from .models import LegalDocument

    replaced = document.replaces.exclude(validity=LegalDocument.Validity.REPLACED)
    replaced.update(validity=LegalDocument.Validity.REPLACED)
    amended = document.amends.filter(validity=LegalDocument.Validity.IN_FORCE)
    amended.update(validity=LegalDocument.Validity.AMENDED)


def article_preview_context(article):
    """The article page's tags (the public view passes their names, read with its cached extras)."""
    return {"tags": [tag.name for tag in article.tags.all()] if article.pk else []}


def leader_preview_context(leader):
    """The leaders page with this leader's card, as citizens will see it."""
    return {"leaders": [leader]}


def schedule_preview_context(entry):
    """The week page of the entry's date, showing this entry on its day."""
    import datetime

    from django.utils import timezone

    monday = entry.date - datetime.timedelta(days=entry.date.weekday())
    today = timezone.localdate()
    days = [(monday + datetime.timedelta(days=n), []) for n in range(7)]
    for day, entries in days:
        if day == entry.date:
            entries.append(entry)
    return {
        "days": days,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous_week": monday - datetime.timedelta(days=7),
        "next_week": monday + datetime.timedelta(days=7),
        "this_week": today - datetime.timedelta(days=today.weekday()),
        "today": today,
    }


def consultation_preview_context(draft):
    """The draft's public page with the comments already approved; no comment form in a preview."""
    from .models import ConsultationComment

    comments = []
    if draft.pk:
        comments = list(draft.comments.filter(status=ConsultationComment.Status.APPROVED).order_by("created_at", "id"))
    return {"draft": draft, "is_open": draft.is_open(), "form": None, "sent": False, "comments": comments}
