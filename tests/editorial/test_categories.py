"""Category writes in the admin go through the services: each one is audited and seen at the next public request."""

import pytest
from django.urls import reverse

from editorial.models import AuditEvent, Category
from tests.editorial.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def category_form(category, **changes):
    data = {
        "portal": category.portal_id,
        "parent": category.parent_id or "",
        "name": category.name,
        "name_en": category.name_en,
        "slug": category.slug,
        "description": category.description,
        "show_in_menu": "on",
        "is_active": "on",
        "sort_order": category.sort_order,
    }
    data.update(changes)
    return data


def actions():
    return list(
        AuditEvent.objects.filter(action__startswith="category_").order_by("pk").values_list("action", flat=True)
    )


def test_chief_adds_renames_moves_and_deletes_a_category_and_each_change_is_in_the_audit_log(
    client, board, django_capture_on_commit_callbacks
):
    client.force_login(board.chief)
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            reverse("admin:editorial_category_add"),
            {"portal": board.portal.pk, "name": "Văn hóa", "slug": "van-hoa", "sort_order": 0, "is_active": "on"},
        )
    assert added.status_code == 302
    culture = Category.objects.get(slug="van-hoa")
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(
            reverse("admin:editorial_category_change", args=[culture.pk]),
            category_form(culture, name="Văn hóa - Xã hội"),
        )
    assert changed.status_code == 302
    moved = client.post(
        reverse("admin:editorial_category_changelist"),
        {"cmd": "move_node", "cut_item": culture.pk, "pasted_on": board.news.pk, "position": "last-child"},
    )
    assert moved.content == b"OK, moved."
    culture.refresh_from_db()
    assert culture.parent == board.news and culture.name == "Văn hóa - Xã hội"
    deleted = client.post(reverse("admin:editorial_category_delete", args=[culture.pk]), {"post": "yes"})
    assert deleted.status_code == 302 and not Category.objects.filter(pk=culture.pk).exists()
    assert actions() == ["category_create", "category_edit", "category_move", "category_delete"]
    rows = AuditEvent.objects.filter(action__startswith="category_")
    assert {r.actor_id for r in rows} == {board.chief.pk} and {r.portal_id for r in rows} == {board.portal.pk}


def test_a_member_cannot_change_a_category_and_nothing_is_written(client, board):
    client.force_login(board.member)
    response = client.post(
        reverse("admin:editorial_category_change", args=[board.tourism.pk]),
        category_form(board.tourism, name="Đổi tên trái phép"),
    )
    assert response.status_code == 403
    board.tourism.refresh_from_db()
    assert board.tourism.name == "Du lịch" and actions() == []


def test_a_category_holding_articles_is_not_deleted(client, board):
    ArticleFactory(category=board.tourism, created_by=board.contributor)
    client.force_login(board.chief)
    response = client.post(reverse("admin:editorial_category_delete", args=[board.tourism.pk]), {"post": "yes"})
    assert response.status_code == 403 and Category.objects.filter(pk=board.tourism.pk).exists()


def test_a_renamed_menu_category_shows_at_the_next_public_request(client, board, django_capture_on_commit_callbacks):
    board.tourism.show_in_menu = True
    board.tourism.save()
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    client.force_login(board.chief)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:editorial_category_change", args=[board.tourism.pk]),
            category_form(board.tourism, name="Du lịch Cà Mau"),
        )
    client.logout()
    page = client.get("/")
    assert page["X-Page-Cache"] == "miss" and "Du lịch Cà Mau" in page.content.decode()
