"""The benchmark data generator at a tiny scale, on the test database (PostgreSQL COPY or SQLite bulk_create)."""

import unicodedata
from dataclasses import replace

import pytest

from bench.generate import SCALES, generate, nested_sets
from components.models import Organization, Portal
from components.text import search_key, slugify_vi
from editorial.models import Article, Category, LegalDocument

TINY = replace(SCALES["tiny"], departments=2, communes=5, categories=20, articles=50, legal_documents=10)


def _tree_columns(model):
    return {
        row["pk"]: (row["lft"], row["rght"], row["level"]) for row in model.objects.values("pk", "lft", "rght", "level")
    }


@pytest.fixture
def generated(db):
    return generate(TINY, stdout=_Quiet())


class _Quiet:
    def write(self, text):
        pass


def test_generator_writes_the_requested_number_of_rows(generated):
    assert Portal.objects.count() == 1 + 2 + 5
    assert Portal.objects.filter(kind="department").count() == 2
    assert Portal.objects.filter(kind__in=["commune", "ward"]).count() == 5
    assert Organization.objects.count() == 8
    assert Category.objects.count() == 20
    assert Article.objects.count() == 50
    assert LegalDocument.objects.count() == 10
    assert generated["rows"]["editorial.Article"] == 50
    assert generated["rows_per_s"] > 0


def test_portal_and_category_trees_are_valid_mptt(generated):
    root = Portal.objects.get(parent=None)
    assert root.get_descendant_count() == 7
    assert {p.pk for p in root.get_children()} == set(Portal.objects.exclude(pk=root.pk).values_list("pk", flat=True))
    for category in Category.objects.all():
        assert category.get_descendant_count() == category.get_descendants().count()
        if category.parent_id:
            parent = category.parent
            assert parent.lft < category.lft < category.rght < parent.rght
            assert category.tree_id == parent.tree_id
            assert category.level == parent.level + 1
            assert category.portal_id == parent.portal_id
    # django-mptt's own rebuild from the parent links gives exactly the generated nested sets.
    before_portals, before_categories = _tree_columns(Portal), _tree_columns(Category)
    Portal.objects.rebuild()
    Category.objects.rebuild()
    assert _tree_columns(Portal) == before_portals
    assert _tree_columns(Category) == before_categories


def test_text_columns_are_what_the_models_save_would_store(generated):
    for article in Article.objects.all():
        assert unicodedata.is_normalized("NFC", article.title)
        assert unicodedata.is_normalized("NFC", article.body)
        assert article.search_text == search_key(article.build_search_text())
        assert article.slug == (slugify_vi(article.title, max_length=200) or "bai-viet")
        assert article.category.portal_id == article.portal_id
    for document in LegalDocument.objects.all():
        assert document.search_text == search_key(document.build_search_text())
        assert document.slug == (slugify_vi(f"{document.number} {document.title}", max_length=200) or "van-ban")
    assert Article.objects.published().exists()
    assert len(Article.objects.order_by("?").first().body) > 300


def test_generated_province_home_lists_its_component_portals(generated, client):
    response = client.get("/", HTTP_HOST="camau.gov.vn")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cổng Thông tin điện tử tỉnh Cà Mau" in page
    for portal in Portal.objects.filter(parent__isnull=False, status="active"):
        assert portal.name in page


def test_generator_refuses_a_database_that_already_has_portals(generated):
    with pytest.raises(SystemExit, match="--reset"):
        generate(TINY, stdout=_Quiet())


def test_nested_sets_number_a_forest_depth_first():
    # 0 -> (1 -> 3), 2 ; 4 is a second root
    assert nested_sets([None, 0, 0, 1, None]) == [(1, 8, 0, 0), (2, 5, 1, 0), (6, 7, 1, 0), (3, 4, 2, 0), (1, 2, 0, 4)]


def test_large_tables_stream_from_a_forked_generator_on_postgresql(db, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY streaming is the PostgreSQL path; SQLite uses bulk_create")
    import bench.generate

    monkeypatch.setattr(bench.generate, "STREAM_MIN_ROWS", 10)  # articles (50) and legal documents (10) stream
    generate(TINY, stdout=_Quiet())
    assert Article.objects.count() == 50
    assert LegalDocument.objects.count() == 10
    article = Article.objects.order_by("pk").last()
    assert article.search_text == search_key(article.build_search_text())
