"""The starting royalty table (office.defaults): a province-wide scale and its kinds of work; admin-editable."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def create(apps, schema_editor):
    from office import defaults

    RoyaltyScale = apps.get_model("office", "RoyaltyScale")
    RoyaltyKind = apps.get_model("office", "RoyaltyKind")
    if RoyaltyScale.objects.exists():
        return
    data = defaults.ROYALTY_SCALE
    scale = RoyaltyScale.objects.create(
        portal=None,
        name=data["name"],
        base_amount=data["base_amount"],
        legal_reference=data["legal_reference"],
        valid_from=dt.date.fromisoformat(data["valid_from"]),
    )
    for code, name, low, high, default in defaults.ROYALTY_KINDS:
        RoyaltyKind.objects.create(
            scale=scale,
            code=code,
            name=name,
            min_coefficient=Decimal(low),
            max_coefficient=Decimal(high),
            default_coefficient=Decimal(default),
        )


class Migration(migrations.Migration):
    dependencies = [("office", "0001_office_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
