"""Bring files stored before decision 0720 in line: each verified field's file in its own storage (legal-document
files and consultation drafts leave MEDIA_ROOT for the protected storage) under the extension of its real kind."""

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from components.checks import project_app_configs
from components.uploads import VerifiedFieldMixin, detect_kind, name_for_kind


def verified_fields():
    for config in project_app_configs(apps.get_app_configs()):
        for model in config.get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if isinstance(field, VerifiedFieldMixin):
                    yield model, field


class Command(BaseCommand):
    help = (
        "Move legal-document files and consultation drafts from MEDIA_ROOT to the protected storage and rename "
        "every stored upload whose extension does not match its content (x.html holding a PDF becomes x.pdf). "
        "Safe to run again. Revisions keep the names they recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only report what would change")

    def handle(self, *args, dry_run=False, **options):
        changed = unverifiable = 0
        for model, field in verified_fields():
            done = {}  # one stored file may be named by several rows (copied articles)
            rows = model._default_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
            for pk, name in rows.values_list("pk", field.attname).iterator():
                if name in done:
                    new = done[name]
                else:
                    new, verified = self._fix(field, name, dry_run)
                    done[name] = new
                    unverifiable += not verified
                if new != name:
                    changed += 1
                    self.stdout.write(f"{model._meta.label}.{field.name} #{pk}: {name} -> {new}")
                    if not dry_run:
                        model._default_manager.filter(pk=pk).update(**{field.attname: new})
        self.stdout.write(
            f"{changed} file name(s) {'to change' if dry_run else 'changed'}; {unverifiable} unverifiable."
        )

    def _fix(self, field, name, dry_run):
        """(the name the file has now in the field's storage, whether its content is of an allowed kind)."""
        target = field.storage
        if target.exists(name):
            source = target
        elif default_storage.exists(name):
            source = default_storage
        else:
            self.stderr.write(f"missing: {name}")
            return name, True
        with source.open(name, "rb") as handle:
            kind = detect_kind(handle)
        verified = kind is not None and kind in field.kinds
        if not verified:
            self.stderr.write(f"not an allowed kind ({kind or 'unknown'}), name kept: {name}")
        new = name_for_kind(name, kind) if verified else name
        if source is target and new == name:
            return name, verified
        if dry_run:
            return new, verified
        with source.open(name, "rb") as handle:
            stored = target.save(new, handle)
        source.delete(name)
        return stored, verified
