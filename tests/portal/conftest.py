import pytest

from tests.portal.factories import CategoryFactory


@pytest.fixture
def news(province):
    return CategoryFactory(portal=province, name="Tin tức - Sự kiện", slug="tin-tuc-su-kien", name_en="News")
