"""Every kind of change citizens see drops the cached pages once, through the one explicit call
(components.events.content_changed, docs/decisions/0812-one-purge-path.md); nothing else purges."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from components.events import content_changed
from components.lifecycle import on_portal_merged
from editorial import services
from portal.services import consultation_comments_moderate
from tests.editorial.factories import board_user
from tests.portal.factories import ArticleFactory, ConsultationCommentFactory, ConsultationDraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """A counting receiver: every content_changed sent, as (portal id, action, tree)."""
    seen = []

    def receiver(sender, portal_id=None, action=None, tree=False, **kwargs):
        seen.append((portal_id, action, tree))

    content_changed.connect(receiver, dispatch_uid="test-counting-receiver")
    yield seen
    content_changed.disconnect(dispatch_uid="test-counting-receiver")


@pytest.fixture
def purges(monkeypatch):
    """Every purge of the page cache (portal.cache.bump), as the sets of portal ids dropped."""
    from portal import cache

    calls = []
    original = cache.bump

    def counting(portal_ids):
        calls.append(set(portal_ids))
        return original(portal_ids)

    monkeypatch.setattr(cache, "bump", counting)
    return calls


@pytest.fixture
def chief(province):
    return board_user(province, "chief")


def cached(client, path="/"):
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit", path
    return response


def fresh(client, path="/"):
    response = client.get(path)
    assert response.get("X-Page-Cache") != "hit", path
    return response.content.decode()


def test_approving_purges_the_page_cache_exactly_once(
    client, province, news, chief, sent, purges, django_capture_on_commit_callbacks
):
    article = ArticleFactory(category=news, state="awaiting_approval", published_at=None, title="Tin được duyệt")
    cached(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(obj=article, user=chief)
    assert sent == [(province.pk, "published", False)]
    assert purges == [{province.pk}]
    assert "Tin được duyệt" in fresh(client)


def test_steps_that_citizens_do_not_see_purge_nothing(
    client, province, news, chief, sent, purges, django_capture_on_commit_callbacks
):
    author = board_user(province, "contributor")
    article = ArticleFactory(category=news, state="draft", published_at=None, created_by=author)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Bản nháp sửa lại"
        article = services.content_update(obj=article, user=author)
        article = services.submit(obj=article, user=author)
        services.forward(obj=article, user=chief)
    assert sent == [] and purges == []


def test_a_scheduled_article_shows_when_the_scheduler_publishes_it(
    client, province, news, chief, django_capture_on_commit_callbacks
):
    article = ArticleFactory(category=news, state="awaiting_approval", published_at=None, title="Tin hẹn giờ")
    services.schedule(obj=article, user=chief, go_live_at=timezone.now() + datetime.timedelta(hours=1))
    assert "Tin hẹn giờ" not in cached(client).content.decode()
    type(article).objects.filter(pk=article.pk).update(go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):  # the hour has passed: beat runs the scheduler
        assert services.publish_due() == 1
    assert "Tin hẹn giờ" in fresh(client)


def test_an_article_past_its_expiry_goes_when_the_scheduler_expires_it(
    client, province, news, django_capture_on_commit_callbacks
):
    ArticleFactory(category=news, title="Tin hết hạn", expire_at=timezone.now() + datetime.timedelta(minutes=5))
    assert "Tin hết hạn" in cached(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_due(now=timezone.now() + datetime.timedelta(minutes=10)) == 1
    assert "Tin hết hạn" not in fresh(client)


def test_an_archived_live_article_goes_at_once(client, province, news, chief, django_capture_on_commit_callbacks):
    article = ArticleFactory(category=news, title="Tin được lưu trữ")
    assert "Tin được lưu trữ" in cached(client).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.archive(obj=article, user=chief)
    assert "Tin được lưu trữ" not in fresh(client)


def test_an_approved_comment_shows_on_the_drafts_page_at_once(
    client, province, chief, sent, django_capture_on_commit_callbacks
):
    draft = ConsultationDraftFactory(portal=province)
    comment = ConsultationCommentFactory(draft=draft, status="pending", body="Góp ý chờ kiểm duyệt của người dân.")
    path = draft.get_absolute_url()
    assert "Góp ý chờ kiểm duyệt" not in client.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        consultation_comments_moderate(comments=[comment], user=chief, status="approved")
    assert sent == [(province.pk, "comments", False)]  # the province's lists of drafts count the comments
    assert "Góp ý chờ kiểm duyệt" in fresh(client, path)


def test_an_organisation_saved_in_the_admin_drops_the_portals_tree(
    admin_client, province, department, sent, django_capture_on_commit_callbacks
):
    from components.models import Organization
    from tests.adminform import form_data

    organization = Organization.objects.create(portal=department, name="Phòng Quản lý khoa học", slug="phong-qlkh")
    url = reverse("admin:components_organization_change", args=[organization.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form_data(admin_client.get(url), name="Phòng Quản lý Khoa học"))
    assert response.status_code == 302
    assert sent == [(department.pk, "portal", True)]


def test_a_merge_purges_both_trees_once_and_its_movers_announce_nothing(
    province, department, sent, purges, django_capture_on_commit_callbacks
):
    from components.services import portal_merge

    other = type(department).objects.create(
        name="Sở Tư pháp tỉnh Cà Mau", short_name="sotp", slug="sotp", kind=department.kind, parent=province
    )
    ArticleFactory(portal=department, category__portal=department, title="Tin của sở bị sáp nhập")
    office = board_user(province, "administrator", username="admin.camau")
    merged = []
    on_portal_merged.connect(lambda sender, **kw: merged.append(kw["source"].pk), weak=False, dispatch_uid="t-merge")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            portal_merge(source=department, target=other, by=office)
    finally:
        on_portal_merged.disconnect(dispatch_uid="t-merge")
    assert merged == [department.pk] and sent == []
    assert len(purges) == 1 and {province.pk, department.pk, other.pk} <= purges[0]
