from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("Biên tập nội dung")

    def ready(self):
        from editorial import images  # noqa: F401  featured-image signal receivers and the renditions task
