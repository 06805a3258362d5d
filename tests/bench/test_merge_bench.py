"""The merge benchmark's setup, the merge it times and its teardown, on a tiny data set (PostgreSQL only).

The setup copies the data set's rows with INSERT … SELECT, so it breaks whenever a table gains a column it must not
write (a generated column, say): this runs it before `make bench` finds out.
"""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection

from bench.data import merge as benchdata
from bench.generate import SCALES, generate
from components.models import Portal
from editorial.models import Article

TINY = replace(SCALES["tiny"], departments=2, communes=3, categories=20, articles=60, legal_documents=10)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the setup writes PostgreSQL SQL")


class _Quiet:
    def write(self, text):
        pass


@pytest.mark.django_db(transaction=True)
def test_setup_merge_and_teardown_leave_the_data_set_as_generated():
    generate(TINY, stdout=_Quiet())
    before = Article.objects.count()

    made = benchdata.prepare_merge(stdout=_Quiet())
    source = Portal.objects.get(slug=benchdata.SOURCE)
    assert made["articles"] > 0
    assert Article.objects.filter(portal=source).count() == made["articles"]

    call_command("merge_portal", benchdata.SOURCE, benchdata.TARGET, "--by", benchdata.OFFICE, stdout=_Quiet())
    target = Portal.objects.get(slug=benchdata.TARGET)
    assert not Article.objects.filter(portal=source).exists()
    assert Article.objects.filter(portal=target).count() >= made["articles"]

    benchdata.remove_merge(stdout=_Quiet())
    assert not Portal.objects.filter(slug__in=[benchdata.SOURCE, benchdata.TARGET]).exists()
    assert Article.objects.count() == before
