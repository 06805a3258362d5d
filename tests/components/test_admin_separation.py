"""Every registered ModelAdmin, walked as an editor of portal A: nothing of portal B is listed or reachable.

The editor holds every Django model permission, so what keeps portal B out of reach is the portal scoping
(components.admin_scoping), not a missing model permission. Everything of portal B carries the marker
"zeta" in its name, so a page that shows any of it is caught by one string test.

Every app's admins are scoped now (PENDING_APPS is empty); models that belong to no portal are listed in
GLOBAL_MODELS. The fixture gives portal B an object of every scoped model, so each walk proves something.
"""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from components.admin_scoping import PortalScopedAdminMixin, filter_to_portals, scope_path
from components.models import (
    FocalOfficer,
    Membership,
    MenuItem,
    PortalOperation,
    PortalRedirect,
    PortalRequest,
    SecurityEvent,
)
from editorial.models import AuditEvent, ConsultationDraft, Syndication
from feedback.models import Attachment, Notification, Question
from portal.models import SatisfactionRating
from tests.editorial.factories import ArticleFactory, CategoryFactory, DelegationFactory, LegalDocumentFactory
from tests.factories import MembershipFactory, OrganizationFactory, PortalFactory, UserFactory
from tests.feedback.factories import AssignmentFactory, QuestionFactory
from tests.portal.factories import (
    ConsultationCommentFactory,
    ConsultationDraftFactory,
    LeaderFactory,
    WorkScheduleEntryFactory,
)

# Apps whose admins are not portal-scoped yet (the lead removes an app once it adopts the mixin).
PENDING_APPS = set()
# Models that belong to no portal: what they hold is the installation's, not a portal's.
GLOBAL_MODELS = {
    "auth.group": "permission groups are installation-wide; only superusers should edit them",
    "editorial.tag": "tags are a shared vocabulary of every portal (docs/decisions/0410)",
    "feedback.field": "fields of questions are the province's list, shared by every portal",
    "feedback.calendaroverride": "days off and worked weekends are national, the same for every portal",
    "feedback.blockedsender": "a blocked spammer is blocked on every portal",
    "feedback.datarequest": "personal-data requests concern a citizen across every portal",
}

# What the editor of portal A (a board member holding every Django model permission) gets on the change list of a
# scoped admin: 200, except the security log (its portal's administrator reads it).
LIST_REFUSED = {"components.securityevent"}
# Portal B's objects by direct URL: not in the editor's queryset, so 404; the editorial content admins look the item
# up on every portal and answer the policy's NotOnThisPortal (403, "Bạn không thuộc Ban Biên tập của cổng này.").
FOREIGN_OBJECT_403 = {
    "editorial.article",
    "editorial.consultationdraft",
    "editorial.leader",
    "editorial.legaldocument",
    "editorial.workscheduleentry",
}

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)
MARKER = "zeta"
# Random tokens (CSRF) are alphanumeric and may spell the marker by chance: they are left out of the check.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def shown_text(response) -> str:
    return CSRF_TOKEN.sub("", response.content.decode()).lower()


@pytest.fixture
def world(db, province):
    portal_a = PortalFactory(parent=province, slug="alpha", short_name="alpha", name="Cổng Alpha")
    portal_b = PortalFactory(
        parent=province, slug=MARKER, short_name=MARKER, name="Cổng Zeta", domain="zeta.camau.gov.vn"
    )
    editor = UserFactory(username="bientap.alpha")
    editor.user_permissions.set(Permission.objects.all())
    MembershipFactory(user=editor, portal=portal_a, role=Membership.Role.MEMBER)

    org_b = OrganizationFactory(portal=portal_b, name="Văn phòng Zeta", slug="van-phong-zeta")
    OrganizationFactory(portal=portal_a, name="Văn phòng Alpha", slug="van-phong-alpha")
    user_b = UserFactory(username="nhanvien.zeta", email="nv@zeta.vn")
    MembershipFactory(user=user_b, portal=portal_b, role=Membership.Role.CHIEF)
    FocalOfficer.objects.create(organization=org_b, full_name="Đầu mối Zeta", email="daumoi@zeta.vn", user=user_b)
    MenuItem.objects.create(portal=portal_b, label="Menu Zeta", url="/zeta/")
    PortalRequest.objects.create(
        name="Đơn vị Zeta con",
        short_name="zetacon",
        kind="unit",
        parent=portal_b,
        owner_name="Zeta",
        contact_email="x@zeta.vn",
        requested_by=user_b,
    )
    PortalOperation.objects.create(kind="retire", source=portal_b, notice="Zeta")
    PortalRedirect.objects.create(old_slug="cu-zeta", target=portal_b, source_name="Cổng cũ Zeta")
    SecurityEvent.objects.create(kind="login", username="nhanvien.zeta", portal=portal_b, message="Zeta")
    TOTPDevice.objects.create(user=user_b, name="Điện thoại Zeta", confirmed=True)
    _content_of(portal_b, org_b, user_b)
    return {"a": portal_a, "b": portal_b, "editor": editor}


def _content_of(portal, organization, user):
    """One object of every editorial, feedback and portal model on `portal`, each named with the marker."""
    category = CategoryFactory(portal=portal, name="Chuyên mục Zeta", slug="chuyen-muc-zeta")
    article = ArticleFactory(portal=portal, category=category, title="Tin Zeta", slug="tin-zeta", created_by=user)
    units = CategoryFactory(portal=portal.parent, name="Tin từ các đơn vị", slug="tin-tu-cac-don-vi")
    Syndication.objects.create(article=article, target_category=units, note="Đề xuất Zeta")
    LegalDocumentFactory(portal=portal, title="Văn bản Zeta", number="1/2026/QĐ-ZETA")
    LeaderFactory(portal=portal, full_name="Lãnh đạo Zeta", position="Chủ tịch Zeta")
    WorkScheduleEntryFactory(portal=portal, content="Lịch Zeta", location="Hội trường Zeta")
    draft = ConsultationDraftFactory(portal=portal, title="Dự thảo Zeta", drafting_agency="Sở Zeta")
    ConsultationCommentFactory(draft=draft, name="Người góp ý Zeta", body="Góp ý Zeta")
    deputy = UserFactory(username="photruongban.zeta")
    MembershipFactory(user=deputy, portal=portal, role=Membership.Role.DEPUTY)
    DelegationFactory(portal=portal, chief=user, deputy=deputy, scope_note="Ủy quyền Zeta")
    AuditEvent.objects.create(portal=portal, actor=user, actor_name="Zeta", action="submit", object_repr="Tin Zeta")
    question = QuestionFactory(portal=portal, title="Câu hỏi Zeta", name="Công dân Zeta")
    assignment = AssignmentFactory(question=question, agency=organization)
    Notification.objects.create(
        kind="forwarded", day=datetime.date(2026, 3, 2), question=question, assignment=assignment, portal=portal
    )
    SatisfactionRating.objects.create(portal=portal, path="/web/zeta/", score=5, visitor_hash="zeta")
    _office_of(portal, article, user)


def _office_of(portal, article, user):
    """The board office's rows of `portal`: its own royalty scale, a payee, a line on a paid list, deadlines."""
    from office.models import InformationKind, Payee, PaymentList, RoyaltyKind, RoyaltyLine, RoyaltyScale, TrackedItem

    scale = RoyaltyScale.objects.create(
        portal=portal, name="Bảng Zeta", base_amount=200000, legal_reference="QĐ Zeta", valid_from="2026-01-01"
    )
    kind = RoyaltyKind.objects.create(
        scale=scale, code="tin", name="Tin Zeta", min_coefficient=1, max_coefficient=5, default_coefficient=2
    )
    payee = Payee.objects.create(portal=portal, full_name="Cộng tác viên Zeta", unit="Báo Zeta")
    paid = PaymentList.objects.create(portal=portal, month="2026-03-01", status="paid", created_by=user)
    RoyaltyLine.objects.create(
        portal=portal,
        article=article,
        item_title="Tin Zeta",
        payee=payee,
        kind=kind,
        coefficient=2,
        base_amount=200000,
        amount=400000,
        month="2026-03-01",
        payment_list=paid,
        proposed_by=user,
    )
    info = InformationKind.objects.create(
        portal=portal, code="zeta", name="Thông tin Zeta", responsible_unit="Sở Zeta", deadline_working_days=2
    )
    TrackedItem.objects.create(
        portal=portal, kind=info, title="Việc Zeta", triggered_on="2026-03-02", due_on="2026-03-04"
    )


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _a in REGISTRY])
def test_editor_of_portal_a_reaches_nothing_of_portal_b(client, world, model, model_admin):
    label = model._meta.label_lower
    if not isinstance(model_admin, PortalScopedAdminMixin):
        if label in GLOBAL_MODELS:
            pytest.skip(f"{label}: {GLOBAL_MODELS[label]}")
        if model._meta.app_label in PENDING_APPS:
            pytest.skip(f"{label}: its app has not adopted PortalScopedAdminMixin yet")
        pytest.fail(f"{label} is registered in the admin without portal scoping and is not classified")

    editor, portal_b = world["editor"], world["b"]
    path = model_admin.portal_field_path
    b_objects = list(filter_to_portals(model._default_manager.all(), path, {portal_b.pk}))
    if not b_objects and model._meta.app_label in PENDING_APPS:
        pytest.skip(f"{label}: scoped, but the world fixture has no portal-B object of it yet (add one)")
    assert b_objects, f"the fixture should give portal B at least one {label}"
    request = _request_for(editor)

    # 1. The admin's queryset (change list, actions, autocomplete, exports read it).
    visible = set(model_admin.get_queryset(request).values_list("pk", flat=True))
    assert not visible & {obj.pk for obj in b_objects}

    client.force_login(editor)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"

    # 2. The change list page (or the page it redirects to, as "My work" does), its filters and search.
    listing = client.get(reverse(f"{prefix}_changelist"), follow=True)
    assert listing.status_code == (403 if label in LIST_REFUSED else 200)
    if listing.status_code == 200:
        assert MARKER not in shown_text(listing)
        searched = client.get(reverse(f"{prefix}_changelist"), {"q": MARKER}, follow=True).content.decode()
        for obj in b_objects:
            assert reverse(f"{prefix}_change", args=[obj.pk]) not in searched

    # 3. Direct URLs to portal B's objects.
    for obj in b_objects:
        for view in ("change", "delete", "history"):
            response = client.get(reverse(f"{prefix}_{view}", args=[obj.pk]))
            expected = 403 if label in FOREIGN_OBJECT_403 else 404
            assert response.status_code == expected, f"{view} of {obj!r} answered {response.status_code}"

    # 4. Bulk actions posted with portal B's ids do nothing to them.
    if "delete_selected" in model_admin.get_actions(request):
        client.post(
            reverse(f"{prefix}_changelist"),
            {"action": "delete_selected", "_selected_action": [o.pk for o in b_objects], "post": "yes"},
        )
        assert model._default_manager.filter(pk__in=[o.pk for o in b_objects]).count() == len(b_objects)

    # 5. Form choices: no foreign key or many-to-many choice of portal B.
    if model_admin.has_add_permission(request):
        form = model_admin.get_form(request)()
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            related_path = scope_path(queryset.model) if queryset is not None else None
            if related_path is None:
                continue
            leaked = filter_to_portals(queryset, related_path, {portal_b.pk})
            assert not leaked.exists(), f"{label}.{name} offers objects of portal B"

    # 6. Autocomplete of its relations.
    for field_name in model_admin.get_autocomplete_fields(request):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field_name},
        )
        if response.status_code == 200:
            assert MARKER not in shown_text(response), f"autocomplete {label}.{field_name}"


def test_superuser_and_province_administrator_see_every_portal(client, world, province):
    root = UserFactory(username="admin.camau")
    MembershipFactory(user=root, portal=province, role=Membership.Role.ADMINISTRATOR)
    client.force_login(root)
    assert "Cổng Zeta" in client.get("/admin/components/portal/").content.decode()
    assert "Văn phòng Zeta" in client.get("/admin/components/organization/").content.decode()


def test_exports_downloads_and_uploads_of_portal_b_are_out_of_reach(client, world):
    """The CSV of consultation comments, feedback statistics, private attachments and the editor's image upload."""
    editor, portal_b = world["editor"], world["b"]
    client.force_login(editor)
    draft = ConsultationDraft.objects.get(portal=portal_b)
    assert client.get(f"/web/{portal_b.slug}/du-thao/{draft.pk}/gop-y.csv").status_code == 403

    question = Question.objects.get(portal=portal_b)
    attachment = Attachment.objects.create(
        question=question, file="feedback/2026/03/zeta.pdf", original_name="zeta.pdf", kind="pdf", size=10
    )
    download = client.get(reverse("admin:feedback_question_attachment", args=[attachment.pk]))
    assert download.status_code == 404

    statistics = client.get(reverse("admin:feedback_question_statistics"))
    assert statistics.status_code == 200  # a board member reads their own portal's figures (statistics_scope)
    assert MARKER not in shown_text(statistics)

    assert client.post("/ckeditor5/image_upload/", {}).status_code == 400  # a board member may upload (no file)
    outsider = UserFactory(username="ketoan.zeta", is_staff=True)
    outsider.user_permissions.set(Permission.objects.all())
    client.force_login(outsider)
    assert client.post("/ckeditor5/image_upload/", {}).status_code == 403  # staff with no board role may not
