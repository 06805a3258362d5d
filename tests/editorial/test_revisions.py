"""Revisions: every save is one; live edits wait for approval; diff and restore in the admin."""

import pytest
from django.urls import reverse

from editorial import services
from editorial.models import Article, Revision, State, Tag
from editorial.signals import content_changed

pytestmark = pytest.mark.django_db


def publish(board, article):
    for step, user in [
        ("submit", board.contributor),
        ("forward", board.member),
        ("forward", board.secretary),
        ("approve", board.chief),
    ]:
        getattr(services, step)(obj=article, user=user)
    article.refresh_from_db()
    return article


@pytest.fixture
def written(board):
    article = Article(
        portal=board.portal,
        category=board.local,
        title="Cà Mau đón 1,2 triệu lượt khách du lịch",
        summary="Lượng khách tăng 15% so với cùng kỳ.",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p>",
        author_name="Võ Thị Lan",
        source="Sở Văn hóa, Thể thao và Du lịch",
    )
    return services.content_create(obj=article, user=board.contributor)


def test_every_save_is_a_revision_with_author_and_version(board, written):
    written.title = "Cà Mau đón 1,3 triệu lượt khách du lịch"
    services.content_update(obj=written, user=board.contributor, expected_version=written.version)
    revisions = list(Revision.objects.filter(object_id=written.pk).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].snapshot["title"] == "Cà Mau đón 1,3 triệu lượt khách du lịch"
    assert revisions[1].author == board.contributor and revisions[1].version == 2


def test_stale_version_is_refused_by_the_service(board, written):
    from editorial.exceptions import StaleVersion

    stale = written.version
    written.title = "Lần một"
    services.content_update(obj=written, user=board.contributor, expected_version=stale)
    written.title = "Lần hai"
    with pytest.raises(StaleVersion):
        services.content_update(obj=written, user=board.contributor, expected_version=stale)
    assert Article.objects.get(pk=written.pk).title == "Lần một"


def test_editing_live_content_keeps_the_live_version_until_approval(board, written, django_capture_on_commit_callbacks):
    article = publish(board, written)
    tag = Tag.objects.create(name="Du lịch")
    article.title = "Cà Mau đón 1,5 triệu lượt khách (cập nhật)"
    services.content_update(obj=article, user=board.member, expected_version=article.version, m2m={"tags": [tag]})
    live = Article.objects.get(pk=article.pk)
    assert live.title == "Cà Mau đón 1,2 triệu lượt khách du lịch" and live.is_live
    assert live.pending_state == State.DRAFT and live.tags.count() == 0
    assert Article.objects.published().filter(pk=article.pk).exists()
    # The pending edit runs through the same steps while the article stays published.
    services.submit(obj=live, user=board.member)
    services.forward(obj=live, user=board.member)
    services.forward(obj=live, user=board.secretary)
    received = []
    content_changed.connect(lambda **kw: received.append(kw["action"]), weak=False, dispatch_uid="test-rev")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.approve(obj=live, user=board.chief)
    finally:
        content_changed.disconnect(dispatch_uid="test-rev")
    live.refresh_from_db()
    assert live.title == "Cà Mau đón 1,5 triệu lượt khách (cập nhật)" and list(live.tags.all()) == [tag]
    assert live.state == State.PUBLISHED and live.pending_revision is None and live.pending_state == ""
    assert received == ["updated"]


def test_member_who_edited_live_content_cannot_approve_it_either(board, written):
    from editorial.exceptions import CannotApproveOwnContent

    article = publish(board, written)
    article.summary = "Tóm tắt do Trưởng ban sửa"
    services.content_update(obj=article, user=board.chief, expected_version=article.version)
    article.refresh_from_db()
    services.submit(obj=article, user=board.chief)
    services.forward(obj=article, user=board.chief)
    services.forward(obj=article, user=board.chief)
    with pytest.raises(CannotApproveOwnContent):
        services.approve(obj=article, user=board.chief)


def test_admin_edit_of_published_article_shows_pending_content_and_keeps_live(client, board, written):
    article = publish(board, written)
    client.force_login(board.member)
    url = reverse("admin:editorial_article_change", args=[article.pk])
    data = {
        "portal": article.portal_id,
        "category": article.category_id,
        "language": "vi",
        "title": "Tiêu đề mới chờ duyệt",
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "author_name": article.author_name,
        "source": article.source,
        "expected_version": article.version,
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "bản đang đăng vẫn hiển thị" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Cà Mau đón 1,2 triệu lượt khách du lịch"
    page = client.get(url).content.decode()
    assert "Tiêu đề mới chờ duyệt" in page and "Bản sửa chờ duyệt" in page


def test_diff_between_two_revisions_is_readable(client, board, written):
    written.body = "<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>"
    services.content_update(obj=written, user=board.contributor, expected_version=written.version)
    client.force_login(board.contributor)
    url = reverse("admin:editorial_article_revisions", args=[written.pk])
    html = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert "Khác biệt giữa phiên bản 1 và 2" in html
    assert 'class="diff"' in html and 'class="diff_add"' in html and "hai&nbsp;đã&nbsp;sửa" in html
    assert "Đoạn&nbsp;một." in html  # context line
    assert "&lt;p&gt;" not in html  # text is compared, not markup
    assert "Tóm tắt" not in html.split("Khác biệt")[1]  # unchanged fields are not listed


def test_diff_shows_markup_when_only_the_markup_changed(client, board, written):
    written.body = "<p>Đoạn một.</p><p><strong>Đoạn hai.</strong></p>"
    services.content_update(obj=written, user=board.contributor, expected_version=written.version)
    client.force_login(board.contributor)
    html = client.get(reverse("admin:editorial_article_revisions", args=[written.pk]), {"a": 1, "b": 2}).content
    assert "&lt;strong&gt;" in html.decode()


def test_restore_an_old_revision_as_a_new_revision(client, board, written):
    written.title = "Tiêu đề sai"
    services.content_update(obj=written, user=board.contributor, expected_version=written.version)
    first = Revision.objects.get(object_id=written.pk, number=1)
    client.force_login(board.contributor)
    response = client.post(reverse("admin:editorial_article_restore", args=[written.pk, first.pk]))
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.title == "Cà Mau đón 1,2 triệu lượt khách du lịch"
    newest = Revision.objects.filter(object_id=written.pk).order_by("-number").first()
    assert newest.number == 3 and "Khôi phục từ phiên bản 1" in newest.note


def test_restore_on_live_content_becomes_a_pending_draft(board, written):
    article = publish(board, written)
    first = Revision.objects.get(object_id=article.pk, number=1)
    article.title = "Sửa sau khi đăng"
    services.content_update(obj=article, user=board.member, expected_version=article.version)
    article.refresh_from_db()
    services.revision_restore(obj=article, revision=first, user=board.member)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.pending_state == State.DRAFT
    assert article.pending_revision.snapshot["title"] == "Cà Mau đón 1,2 triệu lượt khách du lịch"


def test_someone_not_allowed_to_edit_cannot_restore(client, board, written):
    first = Revision.objects.get(object_id=written.pk, number=1)
    client.force_login(board.secretary)
    response = client.post(reverse("admin:editorial_article_restore", args=[written.pk, first.pk]))
    assert response.status_code == 403
