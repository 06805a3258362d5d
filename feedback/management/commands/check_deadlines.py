from django.core.management.base import BaseCommand

from feedback.sweep import run


class Command(BaseCommand):
    help = "Run the feedback deadline sweep once, exactly as the Celery beat task does, and print what it did."

    def handle(self, *args, **options):
        for line in run().lines():
            self.stdout.write(line)
