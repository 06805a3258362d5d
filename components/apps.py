from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComponentsConfig(AppConfig):
    name = "components"
    verbose_name = _("Cổng thành phần và tổ chức")

    def ready(self):
        from . import checks, signals  # noqa: F401
