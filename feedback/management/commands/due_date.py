import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from feedback.calendar import add_working_days


class Command(BaseCommand):
    help = "Print the ISO date of the N-th working day after the given day (the given day not counted)."

    def add_arguments(self, parser):
        parser.add_argument("start", help="YYYY-MM-DD")
        parser.add_argument("n", type=int, help="number of working days")

    def handle(self, *args, start, n, **options):
        try:
            day = dt.date.fromisoformat(start)
        except ValueError as exc:
            raise CommandError(f"Not a date (YYYY-MM-DD): {start}") from exc
        if n < 0:
            raise CommandError("N must be zero or positive")
        self.stdout.write(add_working_days(day, n).isoformat())
