"""Simple admin for the public-site content types and the satisfaction ratings.

The editorial workflow (services, revisions, per-portal permissions) owns Article and LegalDocument; these
types are edited here by staff until the editorial admin adopts them.
"""

from django.contrib import admin
from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from components.admin_scoping import PortalScopedAdminMixin
from editorial.models import ConsultationComment, ConsultationDraft, Leader, WorkScheduleEntry

from .models import SatisfactionRating


class PublishableAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    list_filter = ["portal", "state", "language"]
    readonly_fields = ["search_text"]


@admin.register(Leader)
class LeaderAdmin(PublishableAdmin):
    list_display = ["full_name", "position", "portal", "is_spokesperson", "order", "state"]
    search_fields = ["full_name", "position"]


@admin.register(WorkScheduleEntry)
class WorkScheduleEntryAdmin(PublishableAdmin):
    list_display = ["date", "start_time", "content", "location", "portal", "state"]
    date_hierarchy = "date"
    filter_horizontal = ["leaders"]
    search_fields = ["content", "location"]


class ConsultationCommentInline(admin.TabularInline):
    model = ConsultationComment
    extra = 0
    fields = ["name", "email", "organization", "body", "status", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(ConsultationDraft)
class ConsultationDraftAdmin(PublishableAdmin):
    list_display = ["title", "drafting_agency", "starts_on", "ends_on", "portal", "state"]
    search_fields = ["title", "drafting_agency"]
    inlines = [ConsultationCommentInline]


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "draft__portal"
    list_display = ["draft", "name", "status", "created_at"]
    list_filter = ["status", "draft__portal"]
    search_fields = ["name", "body"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Duyệt, cho hiển thị các góp ý đã chọn"))
    def approve(self, request, queryset):
        for comment in queryset:  # save() per row so the page cache of the draft is dropped
            comment.status = ConsultationComment.Status.APPROVED
            comment.save(update_fields=["status"])

    @admin.action(description=_("Không hiển thị các góp ý đã chọn"))
    def reject(self, request, queryset):
        for comment in queryset:
            comment.status = ConsultationComment.Status.REJECTED
            comment.save(update_fields=["status"])


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    """Results per page: the change list shows each vote; the summary gives counts and averages per page."""

    list_display = ["path", "score", "portal", "created_at"]
    list_filter = ["portal", "score"]
    search_fields = ["path"]
    readonly_fields = ["portal", "path", "score", "visitor_hash", "created_at"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        try:
            queryset = response.context_data["cl"].queryset
        except (AttributeError, KeyError):
            return response
        summary = (
            queryset.order_by().values("portal__name", "path").annotate(votes=Count("id"), average=Avg("score"))
        ).order_by("-votes")[:50]
        response.context_data["rating_summary"] = list(summary)
        return response

    change_list_template = "admin/portal/satisfactionrating/change_list.html"
