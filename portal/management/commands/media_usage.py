"""Disk use of uploaded files per portal (p/<id>/ folders, docs/decisions/0203-per-portal-media-folders.md)."""

from django.core.management.base import BaseCommand

from components.models import Portal
from components.uploads import media_usage


class Command(BaseCommand):
    help = (
        "Report files and bytes per portal in the public media storage (and, with --private, the citizens' "
        "attachments). Files stored before per-portal folders are reported as 'unassigned'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--private", action="store_true", help="also report the private attachment storage")

    def handle(self, *args, private=False, **options):
        self._report("MEDIA_ROOT", media_usage())
        if private:
            from feedback.models import private_storage

            self._report("PRIVATE_MEDIA_ROOT", media_usage(private_storage))

    def _report(self, title, usage):
        portals = {p.pk: p for p in Portal.objects.filter(pk__in=[k for k in usage if k is not None])}
        self.stdout.write(f"{title}\nportal_id\tslug\tfiles\tbytes\tname")
        rows = sorted(usage.items(), key=lambda item: -item[1][1])
        for portal_id, (files, size) in rows:
            portal = portals.get(portal_id)
            slug = portal.slug if portal else ("unassigned" if portal_id is None else "(deleted)")
            label = portal.name if portal else ""
            self.stdout.write(f"{portal_id if portal_id is not None else '-'}\t{slug}\t{files}\t{size}\t{label}")
        total_files = sum(files for files, _size in usage.values())
        total_bytes = sum(size for _files, size in usage.values())
        self.stdout.write(f"total\t\t{total_files}\t{total_bytes}\t")
