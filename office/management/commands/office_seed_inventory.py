"""Fill each portal's inventory of obligatory information with the seeds' list (kinds already there are kept)."""

from django.core.management.base import BaseCommand

from components.models import Portal
from office import services


class Command(BaseCommand):
    help = "Seed the inventory of obligatory information (office.defaults.INVENTORY) for every portal or one."

    def add_arguments(self, parser):
        parser.add_argument("--portal", help="slug of one portal (default: every portal)")

    def handle(self, *args, portal=None, **options):
        portals = Portal.objects.all() if portal is None else Portal.objects.filter(slug=portal)
        for row in portals:
            created = services.inventory_seed(portal=row)
            self.stdout.write(f"{row.slug}: {created}")
