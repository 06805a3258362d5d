import pytest
from django.utils import translation

from tests.portal.factories import CategoryFactory


@pytest.fixture(autouse=True)
def _vietnamese_active():
    """Requests leave their language active in the thread; every test starts in Vietnamese, like a visitor."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture
def news(province):
    return CategoryFactory(portal=province, name="Tin tức - Sự kiện", slug="tin-tuc-su-kien", name_en="News")
