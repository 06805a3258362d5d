import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from feedback.archive import archive_closed


class Command(BaseCommand):
    help = (
        "Export closed questions (answered or rejected) to a JSON Lines file for the archives and mark them archived. "
        "Default: closed more than FEEDBACK_ARCHIVE_AFTER_DAYS ago."
    )

    def add_arguments(self, parser):
        parser.add_argument("--before", help="YYYY-MM-DD: archive questions closed before this day")
        parser.add_argument("--out", help="folder for the file (default FEEDBACK_ARCHIVE_ROOT)")

    def handle(self, *args, before=None, out=None, **options):
        limit = None
        if before:
            try:
                day = dt.date.fromisoformat(before)
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {before}") from exc
            limit = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
        count, path = archive_closed(before=limit, root=out)
        if path is None:
            self.stdout.write("Nothing to archive.")
        else:
            self.stdout.write(f"Archived {count} questions to {path}")
