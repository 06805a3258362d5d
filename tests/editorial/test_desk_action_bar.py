"""The change form's action bar (issue #15): Save and every workflow step submit the same form, so an edit typed
before clicking a step is saved with it, in one transaction, or both are refused and the form comes back as typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Article, AuditEvent, RefusalReason, Revision, State, UnpublishReason
from tests.editorial.factories import ArticleFactory
from tests.editorial.test_admin import change_url, form_data, put

pytestmark = pytest.mark.django_db

NEW_TITLE = "Tiêu đề đã sửa trước khi bấm nút quy trình"


def act(client, article, step, **inputs):
    return client.post(change_url(article), form_data(article, title=NEW_TITLE, _workflow=step, **inputs))


def latest_title(article):
    return Revision.objects.filter(object_id=article.pk).order_by("-number").first().snapshot["title"]


@pytest.mark.parametrize(
    ("role", "state", "step", "inputs", "expected"),
    [
        ("contributor", State.DRAFT, "submit", {}, State.SUBMITTED),
        ("member", State.SUBMITTED, "forward", {}, State.IN_REVIEW),
        ("secretary", State.IN_REVIEW, "forward", {}, State.AWAITING_APPROVAL),
        ("member", State.SUBMITTED, "return", {"_workflow_comment": "Bổ sung nguồn tin."}, State.RETURNED),
        (
            "chief",
            State.AWAITING_APPROVAL,
            "refuse",
            {"_workflow_reason_refuse": RefusalReason.OUT_OF_SCOPE, "_workflow_comment": "Không thuộc phạm vi."},
            State.REFUSED,
        ),
        ("contributor", State.DRAFT, "archive", {}, State.ARCHIVED),
    ],
)
def test_an_edit_followed_by_a_step_is_saved_and_the_step_taken(
    client, board, article, role, state, step, inputs, expected
):
    put(article, state)
    client.force_login(getattr(board, role))
    response = act(client, article, step, **inputs)
    assert response.status_code == 302 and response.url == change_url(article)
    article.refresh_from_db()
    assert (article.title, article.state) == (NEW_TITLE, expected)
    actions = list(AuditEvent.objects.filter(object_id=article.pk).order_by("id").values_list("action", flat=True))
    assert actions[-2] == "edit"  # the edit, then the step: one request
    page = client.get(change_url(article)).content.decode()
    assert "Đã thực hiện" in page and "các thay đổi trong biểu mẫu đã được lưu" in page


@pytest.mark.parametrize(
    ("step", "inputs", "expected"),
    [
        (
            "unpublish",
            {"_workflow_reason_unpublish": UnpublishReason.ERROR, "_workflow_comment": "Đăng nhầm."},
            State.UNPUBLISHED,
        ),
        ("archive", {}, State.ARCHIVED),
    ],
)
def test_an_edit_of_live_content_is_kept_as_a_revision_when_it_is_taken_down(
    client, board, article, step, inputs, expected
):
    put(article, State.PUBLISHED)
    client.force_login(board.chief)
    assert act(client, article, step, **inputs).status_code == 302
    article.refresh_from_db()
    assert article.state == expected
    assert latest_title(article) == NEW_TITLE  # the edit is a revision, ready to restore


def test_approve_from_the_bar_without_an_edit_publishes(client, board, article):
    put(article, State.AWAITING_APPROVAL)
    client.force_login(board.chief)
    response = client.post(change_url(article), form_data(article, _workflow="approve"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == State.PUBLISHED


@pytest.mark.parametrize("step", ["approve", "schedule"])
def test_the_approver_editing_then_approving_is_refused_with_the_form_kept(client, board, article, step):
    """Four eyes: whoever made the last edit does not approve it. Nothing is saved, nothing is lost."""
    put(article, State.AWAITING_APPROVAL)
    version, revisions = article.version, Revision.objects.filter(object_id=article.pk).count()
    client.force_login(board.chief)
    when = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = act(client, article, step, _workflow_go_live_at=when, _workflow_comment="Ý kiến của tôi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Không ai được duyệt nội dung do chính mình viết hoặc sửa." in page
    assert "Chưa lưu và chưa thực hiện" in page
    assert f'value="{NEW_TITLE}"' in page  # the typed title is still in the form
    assert "Ý kiến của tôi" in page  # and the comment typed in the action bar
    article.refresh_from_db()
    assert article.state == State.AWAITING_APPROVAL and article.version == version
    assert Revision.objects.filter(object_id=article.pk).count() == revisions  # the edit's revision rolled back


def test_a_step_missing_its_comment_refuses_the_save_too(client, board, article):
    put(article, State.SUBMITTED)
    client.force_login(board.member)
    response = act(client, article, "return")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy ghi rõ lý do" in page and f'value="{NEW_TITLE}"' in page
    article.refresh_from_db()
    assert article.state == State.SUBMITTED and article.title != NEW_TITLE
    assert not AuditEvent.objects.filter(object_id=article.pk, action="edit").exists()


def test_an_invalid_form_takes_no_step(client, board, article):
    client.force_login(board.contributor)
    response = client.post(change_url(article), form_data(article, title="", _workflow="submit"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.state == State.DRAFT


def test_a_read_only_item_takes_its_step_without_a_save(client, board, article):
    """A refused article cannot be edited: its bar's buttons post to the step alone."""
    put(article, State.REFUSED)
    client.force_login(board.contributor)
    page = client.get(change_url(article)).content.decode()
    step = reverse("admin:editorial_article_workflow", args=[article.pk, "reopen"])
    assert f'formaction="{step}"' in page
    response = client.post(step, {"_workflow": "reopen", "_workflow_comment": "Viết lại."})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == State.DRAFT


def test_the_bar_is_inside_the_form_after_save(client, board, article):
    client.force_login(board.contributor)
    page = client.get(change_url(article)).content.decode()
    form = page[
        page.index('<form enctype="multipart/form-data"') : page.index(
            "</form>", page.index('id="editorial-action-bar"')
        )
    ]
    assert form.index('name="_save"') < form.index('data-step="submit"')
    assert 'name="_workflow" value="submit"' in form
    assert "js/editorial-admin.js" in page


def test_other_articles_are_untouched(client, board, article):
    other = ArticleFactory(category=board.local, created_by=board.contributor)
    client.force_login(board.contributor)
    act(client, article, "submit")
    assert Article.objects.get(pk=other.pk).state == State.DRAFT


def test_a_step_without_an_edit_records_no_edit_even_when_the_editor_rewrites_an_empty_body(client, board, article):
    """CKEditor sends an empty body back as `<p>&nbsp;</p>`: not an edit, so the chief may still approve."""
    Article.objects.filter(pk=article.pk).update(body="", state=State.AWAITING_APPROVAL)
    article.refresh_from_db()
    client.force_login(board.chief)
    response = client.post(change_url(article), form_data(article, body="<p>&nbsp;</p>", _workflow="approve"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == State.PUBLISHED
    assert not AuditEvent.objects.filter(object_id=article.pk, action="edit").exists()
