"""A provincial board and a department board (one account per role), published items, payees."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from editorial.models import State
from office.models import Payee, RoyaltyKind
from tests.editorial.conftest import make_board
from tests.editorial.factories import ArticleFactory, LegalDocumentFactory


def published_article(board, **kwargs):
    now = timezone.now()
    return ArticleFactory(
        category=board.local,
        created_by=board.contributor,
        state=State.PUBLISHED,
        published_at=kwargs.pop("published_at", now),
        first_published_at=kwargs.pop("first_published_at", None) or now,
        **kwargs,
    )


def published_document(board, **kwargs):
    now = timezone.now()
    return LegalDocumentFactory(
        portal=board.portal, state=State.PUBLISHED, published_at=now, first_published_at=now, **kwargs
    )


def kind(code):
    return RoyaltyKind.objects.get(scale__portal__isnull=True, code=code)


def office_board(portal):
    board = make_board(portal)
    board.reporter = Payee.objects.create(
        portal=portal,
        full_name="Trần Văn Phóng Viên",
        unit="Báo Cà Mau",
        id_number="096080001234",
        bank_account="0071000123456",
        bank_name="Vietcombank Cà Mau",
    )
    board.staff_payee = Payee.objects.create(
        portal=portal, user=board.member, full_name="Lê Thị Biên Tập", unit="Văn phòng UBND tỉnh"
    )
    return board


@pytest.fixture
def board(province):
    return office_board(province)


@pytest.fixture
def other_board(department):
    return office_board(department)


@pytest.fixture
def ns():
    return SimpleNamespace
