"""Admins of the public site's publishable types: leaders, work schedule entries, consultation drafts.

They share `PublishableAdmin` with articles and legal documents: the same workflow buttons, per-portal rules,
revisions and history (docs/decisions/0102-public-types-in-the-workflow.md). Imported by editorial/admin.py.
"""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components.models import Organization

from . import policy
from .admin import AuthorFilter, PortalOfUserFilter, PublishableAdmin, PublishableForm, WorkflowStateFilter
from .models import ConsultationComment, ConsultationDraft, Leader, WorkScheduleEntry

DISPLAY_TIMES = (gettext_lazy("Thời gian hiển thị"), {"fields": ("go_live_at", "expire_at")})
VERSION = (None, {"fields": ("expected_version",)})


class LeaderForm(PublishableForm):
    class Meta:
        model = Leader
        fields = (
            "portal",
            "language",
            "organization",
            "full_name",
            "position",
            "phone",
            "email",
            "photo",
            "biography",
            "order",
            "is_spokesperson",
            "go_live_at",
            "expire_at",
        )

    def clean(self):
        cleaned = super().clean()
        organization, portal = (
            cleaned.get("organization"),
            cleaned.get("portal") or getattr(self.instance, "portal", None),
        )
        if organization and portal and organization.portal_id != portal.pk:
            self.add_error("organization", _("Cơ quan, đơn vị này thuộc cổng khác."))
        return cleaned


@admin.register(Leader)
class LeaderAdmin(PublishableAdmin):
    form = LeaderForm
    list_display = ("full_name", "position", "portal", "is_spokesperson", "order", "language", "workflow_state_display")
    list_select_related = ("portal", "created_by")
    list_filter = (WorkflowStateFilter, PortalOfUserFilter, "language", "is_spokesperson", AuthorFilter, "created_at")
    search_fields = ("full_name", "position")
    fieldsets = (
        (None, {"fields": ("portal", "language", "organization")}),
        (
            gettext_lazy("Thông tin lãnh đạo"),
            {"fields": ("full_name", "position", "phone", "email", "photo", "biography", "order", "is_spokesperson")},
        ),
        DISPLAY_TIMES,
        VERSION,
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = Organization.objects.filter(portal_id__in=policy.editable_portal_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WorkScheduleEntryForm(PublishableForm):
    class Meta:
        model = WorkScheduleEntry
        fields = (
            "portal",
            "language",
            "date",
            "start_time",
            "leaders",
            "content",
            "location",
            "participants",
            "go_live_at",
            "expire_at",
        )

    def clean(self):
        cleaned = super().clean()
        portal = cleaned.get("portal") or getattr(self.instance, "portal", None)
        others = [leader for leader in cleaned.get("leaders") or [] if portal and leader.portal_id != portal.pk]
        if others:
            self.add_error("leaders", _("Chỉ chọn lãnh đạo của cùng cổng."))
        return cleaned


@admin.register(WorkScheduleEntry)
class WorkScheduleEntryAdmin(PublishableAdmin):
    form = WorkScheduleEntryForm
    list_display = ("date", "start_time", "content", "location", "portal", "language", "workflow_state_display")
    list_select_related = ("portal", "created_by")
    list_filter = (WorkflowStateFilter, PortalOfUserFilter, "language", AuthorFilter, "date")
    search_fields = ("content", "location")
    date_hierarchy = "date"
    filter_horizontal = ("leaders",)
    fieldsets = (
        (None, {"fields": ("portal", "language")}),
        (
            gettext_lazy("Lịch công tác"),
            {"fields": ("date", "start_time", "leaders", "content", "location", "participants")},
        ),
        DISPLAY_TIMES,
        VERSION,
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "leaders":
            kwargs["queryset"] = Leader.objects.filter(
                portal_id__in=policy.editable_portal_ids(request.user)
            ).select_related("portal")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ConsultationDraftForm(PublishableForm):
    class Meta:
        model = ConsultationDraft
        fields = (
            "portal",
            "language",
            "title",
            "slug",
            "summary",
            "body",
            "drafting_agency",
            "starts_on",
            "ends_on",
            "file",
            "go_live_at",
            "expire_at",
        )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return cleaned


@admin.register(ConsultationDraft)
class ConsultationDraftAdmin(PublishableAdmin):
    form = ConsultationDraftForm
    list_display = (
        "title",
        "drafting_agency",
        "starts_on",
        "ends_on",
        "portal",
        "comment_counts",
        "workflow_state_display",
    )
    list_select_related = ("portal", "created_by")
    list_filter = (WorkflowStateFilter, PortalOfUserFilter, "language", AuthorFilter, "starts_on", "ends_on")
    search_fields = ("title", "drafting_agency")
    fieldsets = (
        (None, {"fields": ("portal", "language")}),
        (
            gettext_lazy("Dự thảo"),
            {"fields": ("title", "slug", "summary", "body", "drafting_agency", "starts_on", "ends_on", "file")},
        ),
        DISPLAY_TIMES,
        VERSION,
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                pending_comments=Count("comments", filter=Q(comments__status=ConsultationComment.Status.PENDING)),
                all_comments=Count("comments"),
            )
        )

    @admin.display(description=gettext_lazy("góp ý (chờ kiểm duyệt)"))
    def comment_counts(self, obj):
        return f"{getattr(obj, 'all_comments', 0)} ({getattr(obj, 'pending_comments', 0)})"
