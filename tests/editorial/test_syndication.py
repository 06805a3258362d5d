"""A component portal's article proposed to the province, approved by the province's board, linked from its page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from editorial import services
from editorial.models import AuditEvent, State, Syndication
from editorial.syndication import (
    SyndicationPermissionDenied,
    syndication_approve,
    syndication_propose,
    syndication_refuse,
)
from tests.editorial.factories import ArticleFactory, CategoryFactory, board_user
from tests.factories import PortalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(province):
    unit = PortalFactory(parent=province, slug="sokhcn", short_name="sokhcn", name="Sở Khoa học và Công nghệ")
    units = CategoryFactory(portal=province, name="Tin từ các đơn vị", slug="tin-tu-cac-don-vi")
    news = CategoryFactory(portal=unit, name="Tin hoạt động", slug="tin-hoat-dong")
    article = ArticleFactory(
        portal=unit,
        category=news,
        title="Sở Khoa học và Công nghệ trao giải sáng tạo kỹ thuật",
        state=State.PUBLISHED,
        published_at="2026-03-01T08:00:00+07:00",
    )
    return {
        "unit": unit,
        "units": units,
        "article": article,
        "secretary": board_user(unit, "secretary"),
        "contributor": board_user(unit, "contributor"),
        "province_chief": board_user(province, "chief"),
        "province_member": board_user(province, "member"),
        "unit_chief": board_user(unit, "chief"),
    }


def test_approved_article_is_listed_on_the_provinces_category_with_a_link_to_the_original(
    client, setup, django_capture_on_commit_callbacks
):
    syndication = syndication_propose(article=setup["article"], user=setup["secretary"], note="Tin nổi bật")
    assert syndication.status == "proposed" and syndication.target_category == setup["units"]
    assert setup["article"].title not in client.get("/tin-tuc/tin-tu-cac-don-vi/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the province's cached pages are dropped
        syndication_approve(syndication=syndication, user=setup["province_chief"])
    syndication.refresh_from_db()
    assert syndication.status == "approved" and syndication.decided_by == setup["province_chief"]

    page = client.get(reverse("portal:category", kwargs={"category": "tin-tu-cac-don-vi"})).content.decode()
    original = f"/web/sokhcn/tin-tuc/tin-hoat-dong/{setup['article'].slug}-{setup['article'].pk}.html"
    assert f'<a href="{original}">{setup["article"].title}</a>' in page
    assert client.get(original).status_code == 200
    assert AuditEvent.objects.filter(action="synd_approve", portal=setup["units"].portal).exists()

    # Unpublished on its own portal, it leaves the province's page too.
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(obj=setup["article"], user=setup["unit_chief"], reason="error", comment="Đăng nhầm")
    assert setup["article"].title not in client.get("/tin-tuc/tin-tu-cac-don-vi/").content.decode()


def test_only_the_units_senior_board_proposes_and_only_the_provinces_chief_or_deputy_decides(setup):
    with pytest.raises(SyndicationPermissionDenied):
        syndication_propose(article=setup["article"], user=setup["contributor"])
    syndication = syndication_propose(article=setup["article"], user=setup["secretary"])
    with pytest.raises(ValidationError):
        syndication_propose(article=setup["article"], user=setup["secretary"])
    for user in (setup["province_member"], setup["unit_chief"]):
        with pytest.raises(SyndicationPermissionDenied):
            syndication_approve(syndication=syndication, user=user)
    with pytest.raises(ValidationError):
        syndication_refuse(syndication=syndication, user=setup["province_chief"], reason=" ")
    refused = syndication_refuse(syndication=syndication, user=setup["province_chief"], reason="Tin đã cũ")
    assert refused.status == "refused" and refused.reason == "Tin đã cũ"
    with pytest.raises(ValidationError):
        syndication_approve(syndication=refused, user=setup["province_chief"])
    again = syndication_propose(article=setup["article"], user=setup["unit_chief"])  # may propose once more
    assert again.pk == refused.pk and again.status == "proposed" and again.reason == ""


def test_drafts_cannot_be_proposed(setup):
    setup["article"].state = State.DRAFT
    setup["article"].save()
    with pytest.raises(ValidationError):
        syndication_propose(article=setup["article"], user=setup["secretary"])


def test_proposal_and_approval_through_the_admin(client, setup):
    client.force_login(setup["secretary"])
    add = client.get(reverse("admin:editorial_syndication_add"))
    assert add.status_code == 200 and setup["article"].title in add.content.decode()
    response = client.post(reverse("admin:editorial_syndication_add"), {"article": setup["article"].pk, "note": ""})
    assert response.status_code == 302
    syndication = Syndication.objects.get()
    assert syndication.status == "proposed" and syndication.proposed_by == setup["secretary"]

    client.force_login(setup["province_chief"])
    listing = client.get(reverse("admin:editorial_syndication_changelist")).content.decode()
    assert setup["article"].title in listing
    client.post(
        reverse("admin:editorial_syndication_changelist"),
        {"action": "approve_selected", "_selected_action": [syndication.pk]},
    )
    syndication.refresh_from_db()
    assert syndication.status == "approved"

    # Another component's board neither sees the proposal nor reaches it by URL.
    other = PortalFactory(parent=setup["unit"].parent, slug="soyt", short_name="soyt", name="Sở Y tế")
    client.force_login(board_user(other, "chief"))
    assert setup["article"].title not in client.get(reverse("admin:editorial_syndication_changelist")).content.decode()
    change = client.get(reverse("admin:editorial_syndication_change", args=[syndication.pk]))
    assert change.status_code == 404  # outside the other board's proposals: not found


def test_refusal_from_the_admin_asks_for_a_reason(client, setup):
    syndication = syndication_propose(article=setup["article"], user=setup["secretary"])
    client.force_login(setup["province_chief"])
    url = reverse("admin:editorial_syndication_changelist")
    data = {"action": "refuse_selected", "_selected_action": [syndication.pk]}
    form = client.post(url, data)
    assert form.status_code == 200 and "Lý do không duyệt" in form.content.decode()
    empty = client.post(url, {**data, "apply": "1", "reason": ""})
    assert "Cần ghi lý do không duyệt." in empty.content.decode()
    syndication.refresh_from_db()
    assert syndication.status == "proposed"
    done = client.post(url, {**data, "apply": "1", "reason": "Nội dung trùng tin đã đăng"})
    assert done.status_code == 302
    syndication.refresh_from_db()
    assert syndication.status == "refused" and syndication.reason == "Nội dung trùng tin đã đăng"
