import pytest

from components.models import Membership
from portal.celery import app
from tests.factories import FocalOfficerFactory, MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery():
    """Tasks queued on commit run in-process, so emails land in mail.outbox (the worker tests start a real one)."""
    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def board(province):
    """Secretary (forwards), chief (approves publication, receives escalations) of the province board."""
    secretary = MembershipFactory(
        portal=province, role=Membership.Role.SECRETARY, user=UserFactory(username="thuky", email="thuky@camau.gov.vn")
    ).user
    chief = MembershipFactory(
        portal=province,
        role=Membership.Role.CHIEF,
        user=UserFactory(username="truongban", email="truongban@camau.gov.vn"),
    ).user
    return {"secretary": secretary, "chief": chief}


@pytest.fixture
def agency(province):
    org = OrganizationFactory(
        portal=province, name="Sở Xây dựng", slug="so-xay-dung", head_email="giamdoc.sxd@camau.gov.vn"
    )
    officer = FocalOfficerFactory(
        organization=org, email="daumoi.sxd@camau.gov.vn", user=UserFactory(username="agency.so-xay-dung")
    )
    return org, officer.user


@pytest.fixture
def other_agency(province):
    org = OrganizationFactory(portal=province, name="Sở Y tế", slug="so-y-te", head_email="giamdoc.syt@camau.gov.vn")
    officer = FocalOfficerFactory(
        organization=org, email="daumoi.syt@camau.gov.vn", user=UserFactory(username="agency.so-y-te")
    )
    return org, officer.user
