"""Factories for the public-site tests: published content by default."""

import datetime

import factory
from django.utils import timezone

from editorial.models import (
    Article,
    Category,
    ConsultationComment,
    ConsultationDraft,
    Leader,
    LegalDocument,
    WorkScheduleEntry,
)
from tests.factories import ProvinceFactory


def _ago(minutes=60):
    return timezone.now() - datetime.timedelta(minutes=minutes)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    portal = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Chuyên mục {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class PublishedMixin(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    state = "published"
    published_at = factory.LazyFunction(_ago)
    language = "vi"


class ArticleFactory(PublishedMixin):
    class Meta:
        model = Article

    category = factory.SubFactory(CategoryFactory)
    portal = factory.LazyAttribute(lambda o: o.category.portal)
    title = factory.Sequence(lambda n: f"Tin tức số {n} về đường giao thông")
    summary = "Tóm tắt tin tức."
    body = "<p>Nội dung bài viết.</p>"
    author_name = "Nguyễn Văn An"
    source = "Văn phòng UBND tỉnh"


class LegalDocumentFactory(PublishedMixin):
    class Meta:
        model = LegalDocument

    portal = factory.SubFactory(ProvinceFactory)
    number = factory.Sequence(lambda n: f"{n}/2026/QĐ-UBND")
    doc_type = "quyet-dinh"
    issuing_body = "UBND tỉnh Cà Mau"
    signer = "Chủ tịch UBND tỉnh"
    issued_on = datetime.date(2026, 3, 1)
    effective_on = datetime.date(2026, 3, 15)
    field = "Giao thông"
    title = factory.Sequence(lambda n: f"Quy định quản lý đường thủy nội địa số {n}")


class LeaderFactory(PublishedMixin):
    class Meta:
        model = Leader

    portal = factory.SubFactory(ProvinceFactory)
    full_name = factory.Sequence(lambda n: f"Trần Văn Lãnh Đạo {n}")
    position = "Phó Chủ tịch UBND tỉnh"
    phone = "0290 3831 111"
    email = factory.Sequence(lambda n: f"lanhdao{n}@camau.gov.vn")


class WorkScheduleEntryFactory(PublishedMixin):
    class Meta:
        model = WorkScheduleEntry

    portal = factory.SubFactory(ProvinceFactory)
    date = factory.LazyFunction(timezone.localdate)
    start_time = datetime.time(8, 0)
    content = "Họp giao ban công tác tuần"
    location = "Phòng họp số 1"


class ConsultationDraftFactory(PublishedMixin):
    class Meta:
        model = ConsultationDraft

    portal = factory.SubFactory(ProvinceFactory)
    title = factory.Sequence(lambda n: f"Dự thảo Nghị quyết về hỗ trợ nông dân số {n}")
    summary = "Lấy ý kiến nhân dân về dự thảo."
    body = "<p>Điều 1. Phạm vi điều chỉnh.</p>"
    drafting_agency = "Sở Nông nghiệp và Môi trường"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class ConsultationCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationComment

    draft = factory.SubFactory(ConsultationDraftFactory)
    name = "Lê Thị Góp Ý"
    email = "gopy@example.com"
    body = "Đề nghị bổ sung đối tượng hỗ trợ."
    status = "approved"
