from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Biên tập nội dung")

    def ready(self):
        from editorial import images  # noqa: F401  featured-image signal receivers and the renditions task

        from . import portal_hooks, registry  # noqa: F401  portal_hooks: default categories, movers
        from .models import Article, LegalDocument

        registry.register(
            Article,
            category_field="category",
            preview_templates=("portal/article.html", "editorial/preview.html"),
        )
        registry.register(
            LegalDocument,
            category_field=None,
            preview_templates=("portal/document.html", "editorial/preview.html"),
            on_publish=mark_superseded_documents,
        )


def mark_superseded_documents(document):
    """A published document that replaces or amends others changes their validity."""
    from .models import LegalDocument

    replaced = document.replaces.exclude(validity=LegalDocument.Validity.REPLACED)
    replaced.update(validity=LegalDocument.Validity.REPLACED)
    amended = document.amends.filter(validity=LegalDocument.Validity.IN_FORCE)
    amended.update(validity=LegalDocument.Validity.AMENDED)
