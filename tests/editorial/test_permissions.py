"""What every board role may and may not do, through the services (the admin is tested in test_admin.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from editorial import policy, services
from editorial.exceptions import (
    CannotApproveOwnContent,
    ContentLocked,
    NoActiveDelegation,
    NotAssignedToCategory,
    NotAuthor,
    NotChief,
    NotOnThisPortal,
)
from editorial.models import Article, RefusalReason, State, UnpublishReason
from tests.editorial.factories import ArticleFactory, DelegationFactory, LegalDocumentFactory

pytestmark = pytest.mark.django_db


def at(article, state):
    Article.objects.filter(pk=article.pk).update(state=state)
    article.refresh_from_db()
    return article


def new_article(board, category=None, author=None):
    article = Article(
        portal=board.portal,
        category=category or board.local,
        title="Khởi công xây dựng cầu Gành Hào",
        summary="Công trình có tổng mức đầu tư hơn 300 tỷ đồng.",
        author_name="Trần Văn Minh",
        source="Báo Cà Mau",
    )
    return services.content_create(obj=article, user=author or board.contributor)


# --- contributor ---------------------------------------------------------------------------------------------


def test_contributor_creates_a_draft_and_submits_it(board):
    article = new_article(board)
    assert article.state == State.DRAFT and article.created_by == board.contributor
    services.submit(obj=article, user=board.contributor)
    article.refresh_from_db()
    assert article.state == State.SUBMITTED


def test_contributor_cannot_submit_someone_elses_draft(board):
    article = new_article(board, author=board.member)
    with pytest.raises(NotAuthor):
        services.submit(obj=article, user=board.contributor)


def test_contributor_cannot_forward_approve_refuse_or_unpublish(board, article):
    at(article, State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.forward(obj=article, user=board.contributor)
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(NotChief):
        services.approve(obj=article, user=board.contributor)
    with pytest.raises(NotChief):
        services.refuse(obj=article, user=board.contributor, reason=RefusalReason.UNTRUE, comment="x")
    at(article, State.PUBLISHED)
    with pytest.raises(NotChief):
        services.unpublish(obj=article, user=board.contributor, reason=UnpublishReason.ERROR, comment="x")


def test_contributor_cannot_edit_own_article_while_it_is_under_review(board, article):
    at(article, State.SUBMITTED)
    article.title = "Sửa lén"
    with pytest.raises(NotAuthor):
        services.content_update(obj=article, user=board.contributor)


def test_contributor_sees_only_own_content(board, article):
    other = ArticleFactory(category=board.local, created_by=board.member, state=State.SUBMITTED)
    visible = Article.objects.filter(policy.visible_q(board.contributor, Article))
    assert list(visible) == [article]
    with pytest.raises(NotAuthor):
        policy.check_view(board.contributor, other)


# --- member -------------------------------------------------------------------------------------------------


def test_member_forwards_in_an_assigned_category_including_sub_categories(board, article):
    at(article, State.SUBMITTED)
    services.forward(obj=article, user=board.member, comment="Đã biên tập")
    article.refresh_from_db()
    assert article.state == State.IN_REVIEW


def test_member_gets_permission_denied_in_a_category_not_assigned(board):
    article = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.SUBMITTED)
    with pytest.raises(NotAssignedToCategory):
        services.forward(obj=article, user=board.member)
    with pytest.raises(NotAssignedToCategory):
        services.content_update(obj=article, user=board.member)
    with pytest.raises(NotAssignedToCategory):
        policy.check_view(board.member, article)


def test_member_cannot_forward_to_the_chief_the_secretary_does(board, article):
    at(article, State.IN_REVIEW)
    with pytest.raises(NotAssignedToCategory):
        services.forward(obj=article, user=board.member)


def test_member_returns_with_a_written_reason_only(board, article):
    at(article, State.SUBMITTED)
    with pytest.raises(Exception, match="lý do"):
        services.return_to_author(obj=article, user=board.member, comment="  ")
    services.return_to_author(obj=article, user=board.member, comment="Thiếu nguồn ảnh")
    article.refresh_from_db()
    assert article.state == State.RETURNED


def test_member_cannot_approve(board, article):
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(NotChief):
        services.approve(obj=article, user=board.member)


def test_member_of_one_portal_is_denied_on_another_portal(board, other_board):
    article = ArticleFactory(category=other_board.local, created_by=other_board.contributor, state=State.SUBMITTED)
    with pytest.raises(NotOnThisPortal):
        services.forward(obj=article, user=board.member)
    with pytest.raises(NotOnThisPortal):
        policy.check_view(board.member, article)
    with pytest.raises(NotOnThisPortal):
        services.approve(obj=at(article, State.AWAITING_APPROVAL), user=board.chief)


# --- secretary ----------------------------------------------------------------------------------------------


def test_secretary_sends_to_the_chief_in_an_assigned_category(board, article):
    at(article, State.IN_REVIEW)
    services.forward(obj=article, user=board.secretary)
    article.refresh_from_db()
    assert article.state == State.AWAITING_APPROVAL


def test_secretary_cannot_act_in_a_category_not_assigned_nor_approve(board):
    article = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.IN_REVIEW)
    with pytest.raises(NotAssignedToCategory):
        services.forward(obj=article, user=board.secretary)
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(NotChief):
        services.approve(obj=article, user=board.secretary)


# --- chief --------------------------------------------------------------------------------------------------


def test_chief_approves_refuses_and_unpublishes(board, article):
    at(article, State.AWAITING_APPROVAL)
    services.approve(obj=article, user=board.chief)
    article.refresh_from_db()
    assert article.state == State.PUBLISHED and article.is_live
    services.unpublish(obj=article, user=board.chief, reason=UnpublishReason.ERROR, comment="Đăng nhầm số liệu")
    article.refresh_from_db()
    assert article.state == State.UNPUBLISHED and article.unpublish_reason == "error"
    other = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    services.refuse(obj=other, user=board.chief, reason=RefusalReason.DUPLICATE, comment="Đã đăng ngày 12/3")
    other.refresh_from_db()
    assert other.state == State.REFUSED and other.get_refusal_reason_display() == "Trùng lặp với thông tin đã đăng"


def test_refusal_needs_one_of_the_nine_reasons(board, article):
    assert len(RefusalReason.choices) == 9
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(Exception, match="lý do"):
        services.refuse(obj=article, user=board.chief, reason="khong-thich", comment="Không đăng")


def test_author_cannot_approve_own_article_even_as_chief(board):
    article = new_article(board, category=board.local, author=board.chief)
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(CannotApproveOwnContent):
        services.approve(obj=article, user=board.chief)


def test_chief_cannot_approve_a_revision_he_authored(board, article):
    at(article, State.AWAITING_APPROVAL)
    article.title = "Tiêu đề do Trưởng ban sửa"
    services.content_update(obj=article, user=board.chief, expected_version=article.version)
    article.refresh_from_db()
    with pytest.raises(CannotApproveOwnContent):
        services.approve(obj=article, user=board.chief)
    services.approve(obj=article, user=board.deputy)  # the delegated deputy can
    article.refresh_from_db()
    assert article.state == State.PUBLISHED


def test_unpublish_replaced_records_the_replacement_and_withdrawn_keeps_a_notice(board, article):
    at(article, State.PUBLISHED)
    replacement = ArticleFactory(category=board.local, state=State.PUBLISHED, published_at=timezone.now())
    services.unpublish(
        obj=article, user=board.chief, reason=UnpublishReason.REPLACED, comment="Có bài mới", replacement=replacement
    )
    article.refresh_from_db()
    assert article.replacement == replacement
    other = ArticleFactory(category=board.local, state=State.PUBLISHED, published_at=timezone.now())
    services.unpublish(obj=other, user=board.chief, reason=UnpublishReason.WITHDRAWN, comment="Thu hồi theo yêu cầu")
    other.refresh_from_db()
    assert other.unpublish_notice == "Thu hồi theo yêu cầu" and other.unpublished_at is not None


# --- deputy -------------------------------------------------------------------------------------------------


def fresh(user):
    """The user as the next request loads it (role and delegation caches live for one request)."""
    return type(user).objects.get(pk=user.pk)


def test_deputy_approves_inside_the_delegation_window_only(board, article):
    at(article, State.AWAITING_APPROVAL)
    from editorial.models import Delegation

    Delegation.objects.update(
        valid_from=timezone.localdate() + datetime.timedelta(days=1),
        valid_to=timezone.localdate() + datetime.timedelta(days=5),
    )
    with pytest.raises(NoActiveDelegation):
        services.approve(obj=article, user=fresh(board.deputy))
    Delegation.objects.update(
        valid_from=timezone.localdate() - datetime.timedelta(days=10),
        valid_to=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(NoActiveDelegation):
        services.approve(obj=article, user=fresh(board.deputy))
    Delegation.objects.update(valid_from=timezone.localdate(), valid_to=timezone.localdate())
    services.approve(obj=article, user=fresh(board.deputy))
    article.refresh_from_db()
    assert article.state == State.PUBLISHED


def test_deputy_delegation_limited_to_some_categories(board):
    from editorial.models import Delegation

    Delegation.objects.all().delete()
    delegation = DelegationFactory(portal=board.portal, chief=board.chief, deputy=board.deputy)
    delegation.categories.set([board.tourism])
    news = ArticleFactory(category=board.local, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    travel = ArticleFactory(category=board.tourism, created_by=board.contributor, state=State.AWAITING_APPROVAL)
    with pytest.raises(NoActiveDelegation):
        services.approve(obj=news, user=board.deputy)
    services.approve(obj=travel, user=board.deputy)


# --- administrator and superuser ------------------------------------------------------------------------


def test_portal_administrator_sees_content_but_cannot_review_or_approve(board, article):
    policy.check_view(board.administrator, article)
    at(article, State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.forward(obj=article, user=board.administrator)
    at(article, State.AWAITING_APPROVAL)
    with pytest.raises(NotChief):
        services.approve(obj=article, user=board.administrator)


def test_superuser_without_a_board_role_cannot_approve(board, article):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    at(article, State.AWAITING_APPROVAL)
    policy.check_view(root, article)
    with pytest.raises(NotChief):
        services.approve(obj=article, user=root)


# --- one mechanism for every type ---------------------------------------------------------------------------


def test_legal_documents_go_through_the_same_workflow(board):
    document = LegalDocumentFactory(portal=board.portal, created_by=board.contributor)
    services.submit(obj=document, user=board.contributor)
    services.forward(obj=document, user=board.member)
    services.forward(obj=document, user=board.secretary)
    with pytest.raises(NotChief):
        services.approve(obj=document, user=board.member)
    services.approve(obj=document, user=board.chief)
    document.refresh_from_db()
    assert document.state == State.PUBLISHED


def test_archived_content_is_locked(board, article):
    services.archive(obj=at(article, State.REFUSED), user=board.contributor)
    article.refresh_from_db()
    assert article.state == State.ARCHIVED
    with pytest.raises(ContentLocked):
        services.content_update(obj=article, user=board.chief)


def test_member_cannot_move_an_article_into_a_category_not_assigned(board, article):
    at(article, State.SUBMITTED)
    article.category = board.tourism
    with pytest.raises(NotAssignedToCategory):
        services.content_update(obj=article, user=board.member, expected_version=article.version)
    assert Article.objects.get(pk=article.pk).category == board.local


def test_replaced_content_points_the_public_page_to_its_replacement(board, article):
    at(article, State.PUBLISHED)
    replacement = ArticleFactory(category=board.local, state=State.PUBLISHED, published_at=timezone.now())
    services.unpublish(
        obj=article, user=board.chief, reason=UnpublishReason.REPLACED, comment="Bài mới", replacement=replacement
    )
    article.refresh_from_db()
    assert article.replacement_url() == replacement.get_absolute_url()
    assert replacement.get_absolute_url() == f"/tin-tuc/{board.local.slug}/{replacement.slug}-{replacement.pk}.html"


def test_content_cannot_be_filed_under_another_portals_category(board, other_board):
    from django.core.exceptions import ValidationError

    article = Article(
        portal=board.portal, category=other_board.local, title="Tin lạc cổng", author_name="A", source="B"
    )
    with pytest.raises(ValidationError):
        services.content_create(obj=article, user=board.contributor)


def test_a_revoked_delegation_no_longer_lets_the_deputy_approve(board, article):
    from editorial.models import Delegation

    at(article, State.AWAITING_APPROVAL)
    Delegation.objects.update(revoked_at=timezone.now())
    with pytest.raises(NoActiveDelegation):
        services.approve(obj=article, user=fresh(board.deputy))
