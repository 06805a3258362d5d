import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from components.models import Membership, Portal


def table_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_seed_demo_twice_gives_the_same_rows(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = table_counts()
    call_command("seed_demo")
    assert table_counts() == first
    province = Portal.objects.get(parent=None)
    assert province.domain == settings.PORTAL_BASE_DOMAIN
    kinds = set(Portal.objects.values_list("kind", flat=True))
    assert {"province", "department", "district", "commune"} <= kinds
    district = Portal.objects.filter(kind="district").first()
    assert district.get_children().filter(kind="commune").count() >= 2
    assert Portal.objects.filter(kind="department").count() >= 3
    assert Membership.objects.filter(user__username="chief.sokhcn", role="chief", portal__slug="sokhcn").exists()


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
