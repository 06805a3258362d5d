"""Editorial and feedback in a portal's life: default categories, merging with old URLs, staff hand-over."""

import pytest
from django.urls import reverse
from guardian.shortcuts import assign_perm, get_users_with_perms

from components.models import Membership, PortalRequest
from components.services import portal_merge, portal_request_approve
from demo import editorial as editorial_demo
from editorial.models import Article, Category, State
from editorial.portal_hooks import DEFAULT_CATEGORY_TREE, default_categories
from feedback.models import Assignment, Question
from tests.editorial.factories import ArticleFactory, CategoryFactory
from tests.factories import FocalOfficerFactory, OrganizationFactory, PortalFactory
from tests.feedback.factories import AssignmentFactory, QuestionFactory

from .conftest import member_of

pytestmark = pytest.mark.django_db


def test_an_approved_portal_request_gets_the_default_category_tree(commune, province_admin):
    request = PortalRequest.objects.create(
        name="Xã Đầm Dơi",
        short_name="damdoi",
        kind="commune",
        parent=commune.parent,
        owner_name="Ủy ban nhân dân xã Đầm Dơi",
        contact_email="damdoi@camau.gov.vn",
        requested_by=province_admin,
    )
    portal, _account, _password = portal_request_approve(portal_request=request, by=province_admin)

    tree = {c.slug: c for c in Category.objects.filter(portal=portal)}
    assert set(tree) == {slug for slug, *_rest in DEFAULT_CATEGORY_TREE}
    assert tree["tin-trong-tinh"].parent == tree["tin-tuc"] and tree["tin-tu-cac-don-vi"].parent == tree["tin-tuc"]
    assert tree["tin-tham-khao"].is_reference and not tree["tin-tuc"].is_reference
    assert tree["chi-dao-dieu-hanh"].name == "Chỉ đạo điều hành"

    default_categories(portal)  # idempotent
    assert Category.objects.filter(portal=portal).count() == len(DEFAULT_CATEGORY_TREE)


def test_the_default_tree_is_the_one_the_demo_seeds():
    assert DEFAULT_CATEGORY_TREE == editorial_demo.CATEGORY_TREE


@pytest.fixture
def tay(commune):
    return PortalFactory(
        parent=commune.parent, slug="khanhbinhtay", short_name="khanhbinhtay", name="Xã Khánh Bình Tây", kind="commune"
    )


def _published(**kwargs):
    return ArticleFactory(state=State.PUBLISHED, published_at="2026-03-01T08:00:00+07:00", **kwargs)


def test_merge_moves_articles_categories_and_questions_and_old_urls_reach_them_on_the_successor(
    client, tay, commune, province_admin
):
    shared_target = CategoryFactory(portal=commune, name="Tin tức", slug="tin-tuc")
    shared_source = CategoryFactory(portal=tay, name="Tin tức", slug="tin-tuc")
    own = CategoryFactory(portal=tay, name="Nông thôn mới", slug="nong-thon-moi", parent=shared_source)
    reviewer = member_of(tay, Membership.Role.MEMBER, username="member.khanhbinhtay")
    assign_perm("editorial.review_category", reviewer, shared_source)
    folded_article = _published(portal=tay, category=shared_source, title="Khánh Bình Tây ra quân làm đường")
    own_article = _published(portal=tay, category=own, title="Ấp 3 đạt chuẩn nông thôn mới")
    question = QuestionFactory(portal=tay, title="Hỏi về đất ở ấp 3")
    old_article_url = f"/web/khanhbinhtay/tin-tuc/tin-tuc/{folded_article.slug}-{folded_article.pk}.html"
    old_own_url = f"/web/khanhbinhtay/tin-tuc/nong-thon-moi/{own_article.slug}-{own_article.pk}.html"

    counts = portal_merge(source=tay, target=commune, by=province_admin)

    assert counts["Chuyên mục"] == 2 and counts["Câu hỏi, phản ánh"] == 1
    assert counts["Tin, bài, văn bản và nội dung khác"] == 2
    folded_article.refresh_from_db(), own_article.refresh_from_db(), question.refresh_from_db()
    assert folded_article.portal == commune and folded_article.category == shared_target
    own.refresh_from_db()
    assert own.portal == commune and own.parent == shared_target and own_article.category == own
    assert question.portal == commune
    assert not Category.objects.filter(portal=tay).exists()
    assert reviewer in get_users_with_perms(shared_target, only_with_perms_in=["review_category"])

    # Old article URLs: the prefix 301s to B, the article view 301s to the canonical address, which shows it.
    for old, article in ((old_article_url, folded_article), (old_own_url, own_article)):
        first = client.get(old)
        assert first.status_code == 301 and first["Location"].startswith("/web/khanhbinh/")
        final = client.get(old, follow=True)
        assert final.status_code == 200 and article.title in final.content.decode()
        assert all(code == 301 for _url, code in final.redirect_chain)
    category_page = client.get("/web/khanhbinhtay/tin-tuc/nong-thon-moi/", follow=True)
    assert category_page.status_code == 200 and own_article.title in category_page.content.decode()

    again = portal_merge(source=tay, target=commune, by=province_admin)
    assert again["Chuyên mục"] == 0 and again["Câu hỏi, phản ánh"] == 0


def test_handover_from_the_admin_moves_drafts_reviews_and_open_assignments(client, commune, province_admin):
    leaver = member_of(commune, Membership.Role.SECRETARY, username="secretary.khanhbinh", email="tk@kb.vn")
    successor = member_of(commune, Membership.Role.MEMBER, username="member.khanhbinh", email="tv@kb.vn")
    category = CategoryFactory(portal=commune, name="Tin tức", slug="tin-tuc")
    assign_perm("editorial.review_category", leaver, category)
    draft = ArticleFactory(portal=commune, category=category, created_by=leaver, title="Bản nháp dở dang")
    published = _published(portal=commune, category=category, created_by=leaver, title="Tin đã đăng")
    agency = OrganizationFactory(portal=commune, name="Công an xã", slug="cong-an-xa")
    FocalOfficerFactory(organization=agency, user=leaver, full_name="Tư Ký", email="tk@kb.vn")
    open_assignment = AssignmentFactory(question=QuestionFactory(portal=commune), agency=agency, forwarded_by=leaver)
    closed = AssignmentFactory(
        question=QuestionFactory(portal=commune), agency=agency, forwarded_by=leaver, status="answered"
    )

    client.force_login(province_admin)
    page = client.get(reverse("admin:components_user_handover", args=[leaver.pk]))
    assert page.status_code == 200
    response = client.post(reverse("admin:components_user_handover", args=[leaver.pk]), {"successor": successor.pk})
    assert response.status_code == 302

    leaver.refresh_from_db()
    assert not leaver.is_active
    assert Article.objects.get(pk=draft.pk).created_by == successor
    assert Article.objects.get(pk=published.pk).created_by == leaver  # published work keeps its author
    assert successor in get_users_with_perms(category, only_with_perms_in=["review_category"])
    assert leaver not in get_users_with_perms(category, only_with_perms_in=["review_category"])
    assert Assignment.objects.get(pk=open_assignment.pk).forwarded_by == successor
    assert Assignment.objects.get(pk=closed.pk).forwarded_by == leaver

    # The successor now answers for the agency: the open assignment is in their feedback admin.
    client.force_login(successor)
    listing = client.get(reverse("admin:feedback_assignment_changelist"))
    assert listing.status_code == 200
    assert Question.objects.get(pk=open_assignment.question_id).tracking_code in listing.content.decode()
