"""Every portal that exists when the app is installed starts with the seeds' inventory (office.defaults);
portals created later get it from the on_portal_created hook (office.handlers)."""

from django.db import migrations


def create(apps, schema_editor):
    from office import defaults

    Portal = apps.get_model("components", "Portal")
    InformationKind = apps.get_model("office", "InformationKind")
    for portal_id in Portal.objects.values_list("pk", flat=True):
        for code, name, unit, days, trigger, reference in defaults.INVENTORY:
            InformationKind.objects.get_or_create(
                portal_id=portal_id,
                code=code,
                defaults={
                    "name": name,
                    "responsible_unit": unit,
                    "deadline_working_days": days,
                    "trigger": trigger,
                    "legal_reference": reference,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("office", "0002_office_royalty_scale"), ("components", "0005_clientip_ratelimit_hit")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
