"""Idempotent demo data for every app. Each app has a module in demo/ with a `seed(stdout)` function."""

import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Order matters: editorial and feedback content belongs to the portals made first.
DEMO_MODULES = ["demo.components", "demo.editorial", "demo.feedback", "demo.office", "demo.portal"]


class Command(BaseCommand):
    help = "Load idempotent demo data: portals, board accounts, content, questions. Prints the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off (never on production).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; pass --force if this is not production.")
        for name in DEMO_MODULES:
            if importlib.util.find_spec(name) is None:
                continue
            self.stdout.write(f"· {name}")
            importlib.import_module(name).seed(stdout=self.stdout)
        # The builders write rows directly, not through the services: drop every cached page once at the end.
        from components.models import Portal
        from portal.cache import bump

        bump(Portal.objects.values_list("pk", flat=True))
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"Demo logins at /admin/: admin.camau (system administrator), chief.<portal>, deputy.<portal>, "
            f"secretary.<portal>, member.<portal>, contributor.<portal>; password: {settings.DEMO_PASSWORD}"
        )
