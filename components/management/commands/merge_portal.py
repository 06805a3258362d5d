"""Merge one portal into another from the shell: the same service the admin's merge operation runs.

A provincial reorganisation merges dozens of communes on one effective date; the provincial office (or the
operator acting for it, named with --by) can script them:

    manage.py merge_portal khanhbinhtay khanhbinh --by admin.camau --dry-run   # the admin's preview
    manage.py merge_portal khanhbinhtay khanhbinh --by admin.camau

Like the admin's operation, it is safe to run again: a second run finds nothing left on the source portal,
moves nothing and logs nothing.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from components import merging
from components.models import Portal
from components.permissions import PortalPermissionDenied
from components.services import portal_merge


class Command(BaseCommand):
    help = "Merge portal SOURCE into portal TARGET (slugs): move its content, redirect its old addresses."

    def add_arguments(self, parser):
        parser.add_argument("source", help="slug of the portal that is merged (it stops answering)")
        parser.add_argument("target", help="slug of the successor portal")
        parser.add_argument("--by", required=True, help="username of the provincial office's administrator")
        parser.add_argument("--dry-run", action="store_true", help="only count what would move (the preview)")

    def handle(self, *args, source, target, by, dry_run, **options):
        portals = {p.slug: p for p in Portal.objects.filter(slug__in=[source, target])}
        for slug in (source, target):
            if slug not in portals:
                raise CommandError(f"No portal with slug {slug!r}.")
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {by!r}.")
        if dry_run:
            counts = dict(merging.merge_preview(source=portals[source], target=portals[target]))
        else:
            try:
                counts = portal_merge(source=portals[source], target=portals[target], by=user)
            except (ValidationError, PortalPermissionDenied) as exc:
                raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        verb = "would move" if dry_run else "moved"
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"{source} -> {target}: {verb} {sum(counts.values())} objects.")
