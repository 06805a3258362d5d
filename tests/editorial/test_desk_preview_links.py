"""Shared preview links are listed on the item's page, revocable, and audited (issue #15)."""

import pytest
from django.urls import reverse

from editorial.models import AuditEvent, PreviewLink
from tests.editorial.test_preview import draft, share_link

pytestmark = pytest.mark.django_db
draft = draft  # the fixture of test_preview, used here too


def change_page(client, user, obj):
    client.force_login(user)
    return client.get(reverse("admin:editorial_article_change", args=[obj.pk])).content.decode()


def test_a_shared_link_is_listed_audited_and_revoked_at_once(client, board, draft):
    url = share_link(client, board, draft)
    link = PreviewLink.objects.get(object_id=draft.pk)
    assert link.created_by == board.contributor and link.is_active
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PREVIEW_SHARE, actor=board.contributor).count() == 1
    page = change_page(client, board.contributor, draft)
    assert f'data-link="{link.pk}"' in page and "Đang dùng được" in page
    revoke = reverse("admin:editorial_article_revoke_share", args=[draft.pk, link.pk])
    assert f'action="{revoke}"' in page

    response = client.post(revoke, follow=True)
    assert "Đã thu hồi đường dẫn xem trước" in response.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == board.contributor
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PREVIEW_REVOKE, actor=board.contributor).count() == 1
    client.logout()
    assert client.get(url).status_code == 404  # the recipient can no longer open it
    assert "Đã thu hồi" in change_page(client, board.contributor, draft)


def test_only_who_may_share_may_revoke(client, board, other_board, draft):
    share_link(client, board, draft)
    link = PreviewLink.objects.get(object_id=draft.pk)
    client.force_login(other_board.chief)
    revoke = reverse("admin:editorial_article_revoke_share", args=[draft.pk, link.pk])
    assert client.post(revoke).status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None
