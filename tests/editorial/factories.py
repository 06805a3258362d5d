"""Factories for editorial content and board set-ups."""

import datetime

import factory
from django.utils import timezone

from editorial.models import Article, Category, Delegation, LegalDocument, State
from tests.factories import MembershipFactory, PortalFactory, UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    portal = factory.SubFactory(PortalFactory)
    name = factory.Sequence(lambda n: f"Chuyên mục số {n}")
    slug = factory.Sequence(lambda n: f"chuyen-muc-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    portal = factory.LazyAttribute(lambda o: o.category.portal)
    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Tỉnh Cà Mau đẩy mạnh chuyển đổi số trong năm 2026, bài số {n}")
    summary = "Ủy ban nhân dân tỉnh vừa ban hành kế hoạch chuyển đổi số với nhiều chỉ tiêu cụ thể."
    body = "<p>Theo kế hoạch, đến cuối năm 2026, 100% hồ sơ thủ tục hành chính được số hóa.</p>"
    author_name = "Nguyễn Thị Hoa"
    source = "Văn phòng UBND tỉnh"
    state = State.DRAFT


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    portal = factory.SubFactory(PortalFactory)
    number = factory.Sequence(lambda n: f"{n + 10}/2026/QĐ-UBND")
    doc_type = LegalDocument.DocType.DECISION
    issuing_body = "Ủy ban nhân dân tỉnh Cà Mau"
    signer = "Phạm Thành Ngại"
    issued_on = datetime.date(2026, 3, 2)
    title = factory.Sequence(lambda n: f"Ban hành Quy chế quản lý Cổng Thông tin điện tử tỉnh, lần {n}")
    state = State.DRAFT


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))


def board_user(portal, role, username=None, **kwargs):
    user = UserFactory(username=username or f"{role}.{portal.slug}", first_name=role.capitalize(), **kwargs)
    MembershipFactory(user=user, portal=portal, role=role)
    return user


__all__ = [
    "ArticleFactory",
    "CategoryFactory",
    "DelegationFactory",
    "LegalDocumentFactory",
    "MembershipFactory",
    "PortalFactory",
    "UserFactory",
    "board_user",
]
