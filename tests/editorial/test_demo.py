"""seed_demo's editorial part: boards, categories, content in every state, legal documents; idempotent."""

import pytest
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from components.uploads import detect_kind
from demo import components as components_demo
from demo import editorial as demo
from editorial.models import Article, AuditEvent, Category, Delegation, LegalDocument, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    components_demo.seed()
    demo.seed()


def test_demo_content_on_the_province(seeded):
    province = Article.objects.filter(portal__parent=None)
    assert province.filter(language="vi").published().count() >= 60
    assert province.filter(language="en").published().count() >= 5
    assert set(province.values_list("state", flat=True)) == set(State.values)
    assert province.filter(is_reference=True, category__is_reference=True).exists()
    assert not province.filter(featured_image="").exists()
    assert not province.filter(author_name="").exists() and not province.filter(source="").exists()
    assert Article.objects.exclude(portal__parent=None).published().exists()
    sample = province.published().first()
    with sample.featured_image.open("rb") as image:
        assert detect_kind(image) == "jpeg"
    # every item has the history of how it got to its state
    refused = province.get(state=State.REFUSED)
    assert list(
        AuditEvent.objects.filter(object_id=refused.pk, content_type__model="article")
        .order_by("created_at")
        .values_list("action", flat=True)
    ) == ["create", "submit", "forward", "forward", "refuse"]


def test_demo_boards_categories_and_delegations(seeded):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    camau = Category.objects.filter(portal__slug="camau")
    assert camau.get(slug="tin-trong-tinh").parent.slug == "tin-tuc"
    assert camau.get(slug="tin-tham-khao").is_reference
    member = User.objects.get(username="member.camau")
    assigned = get_objects_for_user(member, "editorial.review_category", klass=Category, with_superuser=False)
    assert assigned.filter(slug="tin-tuc", portal__slug="camau").exists()
    assert Delegation.objects.active(timezone.localdate()).filter(deputy__username="deputy.camau").exists()


def test_demo_legal_documents_with_pdfs_and_validity_links(seeded):
    documents = LegalDocument.objects.all()
    assert documents.count() >= 15
    replaced = documents.get(number="12/2020/QĐ-UBND")
    assert replaced.validity == "replaced" and replaced.replaced_by.get().number == "25/2026/QĐ-UBND"
    assert documents.get(number="08/2025/QĐ-UBND").validity == "amended"
    for document in documents:
        attachment = document.files.get()
        with attachment.file.open("rb") as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")


def test_demo_is_idempotent(seeded):
    counts = (Article.objects.count(), LegalDocument.objects.count(), AuditEvent.objects.count())
    demo.seed()
    assert (Article.objects.count(), LegalDocument.objects.count(), AuditEvent.objects.count()) == counts


def test_demo_articles_read_like_a_province_news_desk(seeded):
    """Issue 16: no lead repeated from article to article, no sample headline in public, five stories or more on
    every component portal that has news, and not the same story from every unit."""
    import re

    published = Article.objects.published().filter(language="vi")
    summaries = list(published.values_list("summary", flat=True))
    assert len(summaries) == len(set(summaries)), [s for s in set(summaries) if summaries.count(s) > 1][:3]
    openings = [re.match(r"<p>(.*?)</p>", body).group(1) for body in published.values_list("body", flat=True)]
    assert len(openings) == len(set(openings))
    titles = list(published.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    assert not [title for title in titles if "mẫu" in title.lower()]
    for slug in ("sokhcn", "soyt", "anxuyen", "tranvanthoi", "khanhbinh"):
        assert published.filter(portal__slug=slug).count() >= 5, slug
