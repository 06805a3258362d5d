"""Idle accounts closed by the beat task, hand-over of a leaver's duties, the security log in the admin."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from components import handover, services
from components.handover import HandoverPermissionDenied, account_handover
from components.models import AccountProfile, FocalOfficer, Membership, SecurityEvent
from components.tasks import disable_idle_accounts, prune_security_log
from tests.factories import FocalOfficerFactory, OrganizationFactory, UserFactory

from .conftest import member_of
from .helpers import exempt_from_mfa

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_beat_schedule_runs_the_account_tasks():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"components.disable_idle_accounts", "components.prune_security_log"} <= tasks


def test_accounts_idle_45_days_are_closed_with_a_notice(portal_a, django_capture_on_commit_callbacks):
    idle = member_of(portal_a, username="lau.khong.dung", email="lau@camau.gov.vn")
    recent = member_of(portal_a, username="moi.dung")
    demo = exempt_from_mfa(member_of(portal_a, username="demo.a"))
    long_ago = timezone.now() - timedelta(days=46)
    AccountProfile.objects.filter(user__in=[idle, demo]).update(last_activity=long_ago)
    User.objects.filter(pk__in=[idle.pk, demo.pk]).update(date_joined=long_ago)
    AccountProfile.objects.filter(user=recent).update(last_activity=timezone.now() - timedelta(days=44))

    with django_capture_on_commit_callbacks(execute=True):
        closed = disable_idle_accounts.apply().get()

    assert closed == ["lau.khong.dung"]
    assert not User.objects.get(pk=idle.pk).is_active
    assert User.objects.get(pk=recent.pk).is_active and User.objects.get(pk=demo.pk).is_active
    assert "Không hoạt động quá 45 ngày" in AccountProfile.objects.get(user=idle).disabled_reason
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lau@camau.gov.vn"]
    assert "đã bị khóa" in mail.outbox[0].subject
    assert SecurityEvent.objects.filter(kind="account_disabled", username="lau.khong.dung").exists()
    assert disable_idle_accounts.apply().get() == []  # running again closes nothing more


def test_login_records_activity_that_keeps_an_account_open(client, portal_a):
    user = member_of(portal_a)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=100))
    client.force_login(user)
    assert services.disable_idle_accounts() == []


def test_security_log_rows_older_than_retention_are_pruned():
    old = SecurityEvent.objects.create(kind="login", username="cu")
    kept = SecurityEvent.objects.create(kind="login", username="moi")
    SecurityEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=500))
    SecurityEvent.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=300))
    assert prune_security_log.apply().get() == 1
    assert list(SecurityEvent.objects.values_list("username", flat=True)) == ["moi"]


def test_retention_never_goes_below_twelve_months(settings):
    settings.SECURITY_AUDIT_RETENTION_DAYS = 30
    row = SecurityEvent.objects.create(kind="login", username="x")
    SecurityEvent.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert services.prune_security_log() == 0


def test_handover_moves_roles_and_focal_duties_and_closes_the_account(portal_a, province_admin):
    leaver = member_of(portal_a, Membership.Role.SECRETARY, username="nguoi.nghi")
    Membership.objects.create(user=leaver, portal=portal_a, role=Membership.Role.MEMBER)
    successor = member_of(portal_a, Membership.Role.MEMBER, username="nguoi.nhan", first_name="Lan", last_name="Trần")
    officer = FocalOfficerFactory(organization=OrganizationFactory(portal=portal_a), user=leaver)

    counts = account_handover(user=leaver, successor=successor, by=province_admin)

    assert counts["components.memberships"] == 2 and counts["components.focal_officers"] == 1
    assert set(Membership.objects.filter(user=successor).values_list("role", flat=True)) == {"member", "secretary"}
    assert not Membership.objects.filter(user=leaver).exists()
    officer.refresh_from_db()
    assert officer.user == successor and officer.full_name == "Lan Trần"
    leaver.refresh_from_db()
    assert not leaver.is_active
    event = SecurityEvent.objects.get(kind="handover")
    assert event.username == "nguoi.nghi" and event.actor == province_admin
    assert event.details["successor"] == "nguoi.nhan"


def test_registered_movers_of_other_apps_run_in_the_handover(portal_a, province_admin, monkeypatch):
    monkeypatch.setattr(handover, "_movers", list(handover._movers))
    calls = []

    @handover.register
    def move_drafts(user, successor):
        calls.append((user.username, successor.username))
        return 3

    leaver, successor = member_of(portal_a, username="a1"), member_of(portal_a, username="a2")
    counts = account_handover(user=leaver, successor=successor, by=province_admin)
    assert calls == [("a1", "a2")]
    assert counts[f"{__name__}.test_registered_movers_of_other_apps_run_in_the_handover.<locals>.move_drafts"] == 3


def test_only_administrators_of_the_leavers_portals_may_hand_over(portal_a, portal_b):
    leaver = member_of(portal_a, username="a1")
    successor = member_of(portal_a, username="a2")
    admin_b = member_of(portal_b, Membership.Role.ADMINISTRATOR, username="admin.portb")
    with pytest.raises(HandoverPermissionDenied):
        account_handover(user=leaver, successor=successor, by=admin_b)
    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    account_handover(user=leaver, successor=successor, by=admin_a)


def test_handover_from_the_admin_confirmation_page(client, portal_a):
    admin_a = member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta")
    leaver = member_of(portal_a, Membership.Role.CONTRIBUTOR, username="ctv.a")
    successor = member_of(portal_a, username="bt.a")
    client.force_login(admin_a)
    response = client.post("/admin/auth/user/", {"action": "handover_action", "_selected_action": [leaver.pk]})
    assert response["Location"] == f"/admin/auth/user/{leaver.pk}/ban-giao/"
    page = client.get(response["Location"]).content.decode()
    assert "Bàn giao công việc của <strong>ctv.a</strong>" in page and "Cộng tác viên" in page
    done = client.post(response["Location"], {"successor": successor.pk})
    assert done.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    assert Membership.objects.filter(user=successor, role="contributor", portal=portal_a).exists()


def test_role_grants_and_revocations_are_logged_with_the_actor(client, portal_a, province_admin):
    user = UserFactory(username="moi.a")
    client.force_login(province_admin)
    client.post("/admin/components/membership/add/", {"user": user.pk, "portal": portal_a.pk, "role": "member"})
    membership = Membership.objects.get(user=user)
    granted = SecurityEvent.objects.get(kind="role_granted", username="moi.a")
    assert granted.actor == province_admin and granted.portal == portal_a
    client.post(f"/admin/components/membership/{membership.pk}/delete/", {"post": "yes"})
    assert SecurityEvent.objects.filter(kind="role_revoked", username="moi.a", actor=province_admin).exists()


def test_superuser_flag_change_is_logged():
    user = UserFactory(username="nang.quyen")
    user.is_superuser = True
    user.save()
    assert SecurityEvent.objects.filter(kind="permission_changed", username="nang.quyen").exists()


def test_security_log_is_read_only_and_exportable_by_the_provincial_office(client, province_admin, portal_a):
    SecurityEvent.objects.create(kind="login", username="ai.do", portal=portal_a, message="Đăng nhập thử")
    client.force_login(province_admin)
    listing = client.get("/admin/components/securityevent/")
    assert listing.status_code == 200 and "ai.do" in listing.content.decode()
    row = SecurityEvent.objects.get(username="ai.do")
    change = client.post(f"/admin/components/securityevent/{row.pk}/change/", {"message": "sửa"})
    assert change.status_code == 403  # the log is read-only: a change posted is refused
    row.refresh_from_db()
    assert row.message == "Đăng nhập thử"
    assert client.post(f"/admin/components/securityevent/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    export = client.get("/admin/components/securityevent/xuat-csv/")
    body = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "ai.do" in body and "Đăng nhập thử" in body
    assert SecurityEvent.objects.filter(kind="export", actor=province_admin).exists()


def test_members_cannot_see_the_security_log(client, portal_a):
    client.force_login(member_of(portal_a, Membership.Role.CHIEF))
    assert client.get("/admin/components/securityevent/").status_code == 403
    assert client.get("/admin/components/securityevent/xuat-csv/").status_code == 403


def test_portal_administrator_sees_only_their_portals_events(client, portal_a, portal_b):
    SecurityEvent.objects.create(kind="role_granted", username="x.a", portal=portal_a)
    SecurityEvent.objects.create(kind="role_granted", username="x.b", portal=portal_b)
    client.force_login(member_of(portal_a, Membership.Role.ADMINISTRATOR, username="admin.porta"))
    html = client.get("/admin/components/securityevent/").content.decode()
    assert "x.a" in html and "x.b" not in html


def test_unused_focal_officer_rows_are_untouched_by_handover(portal_a, province_admin):
    other = FocalOfficerFactory(organization=OrganizationFactory(portal=portal_a))
    account_handover(user=member_of(portal_a), successor=member_of(portal_a), by=province_admin)
    assert FocalOfficer.objects.get(pk=other.pk).user is None


def test_changing_a_role_logs_the_revocation_and_the_grant(portal_a):
    membership = Membership.objects.create(user=UserFactory(username="doi.vai"), portal=portal_a, role="member")
    membership.role = "chief"
    membership.save()
    kinds = list(SecurityEvent.objects.filter(username="doi.vai").order_by("id").values_list("kind", "details__role"))
    assert kinds == [("role_granted", "member"), ("role_revoked", "member"), ("role_granted", "chief")]


def test_object_permissions_granted_and_withdrawn_are_logged(portal_a):
    from guardian.shortcuts import assign_perm, remove_perm

    user = UserFactory(username="quyen.doi.tuong")
    assign_perm("components.change_portal", user, portal_a)
    remove_perm("components.change_portal", user, portal_a)
    rows = list(SecurityEvent.objects.filter(username="quyen.doi.tuong", kind="permission_changed"))
    assert [row.details["action"] for row in rows] == ["withdrawn", "granted"]  # newest first
    assert rows[0].message == f"change_portal portal#{portal_a.pk}"
