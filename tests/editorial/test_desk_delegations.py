"""Delegations changed and ended in the admin are audited (issue #15), like their creation."""

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import AuditEvent, Delegation

pytestmark = pytest.mark.django_db


def change(client, delegation, **fields):
    data = {
        "portal": delegation.portal_id,
        "chief": delegation.chief_id,
        "deputy": delegation.deputy_id,
        "valid_from": delegation.valid_from.isoformat(),
        "valid_to": delegation.valid_to.isoformat(),
        "scope_note": delegation.scope_note,
        "revoked_at_0": "",
        "revoked_at_1": "",
    }
    data.update(fields)
    return client.post(reverse("admin:editorial_delegation_change", args=[delegation.pk]), data)


def test_changing_a_delegation_writes_an_audit_row_naming_what_changed(client, board):
    delegation = Delegation.objects.get(portal=board.portal)
    client.force_login(board.chief)
    later = timezone.localdate() + timezone.timedelta(days=20)
    response = change(client, delegation, valid_to=later.isoformat(), scope_note="Kéo dài thời gian công tác")
    assert response.status_code == 302, response.content.decode()[:2000]
    row = AuditEvent.objects.get(action=AuditEvent.Action.DELEGATE_EDIT)
    assert row.actor == board.chief and row.portal_id == board.portal.pk
    assert "đến hết ngày" in row.comment and "nội dung ủy quyền" in row.comment
    delegation.refresh_from_db()
    assert delegation.valid_to == later


def test_ending_a_delegation_writes_an_undelegate_row(client, board):
    delegation = Delegation.objects.get(portal=board.portal)
    client.force_login(board.chief)
    now = timezone.localtime()
    response = change(client, delegation, revoked_at_0=now.date().isoformat(), revoked_at_1=now.strftime("%H:%M:%S"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UNDELEGATE, actor=board.chief).count() == 1
    assert not Delegation.objects.active().filter(pk=delegation.pk).exists()
    audit_log = client.get(reverse("admin:editorial_auditevent_changelist")).content.decode()
    assert "Chấm dứt ủy quyền" in audit_log


def test_a_member_cannot_change_a_delegation(client, board):
    delegation = Delegation.objects.get(portal=board.portal)
    client.force_login(board.member)
    assert change(client, delegation, scope_note="x").status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.DELEGATE_EDIT).exists()
