"""Moderation of citizens' comments on consultation drafts, and the satisfaction ratings.

Leaders, work schedule entries and consultation drafts themselves go through the editorial workflow
(editorial/admin_types.py). Comments are moderated by the editorial board of the draft's portal only.
"""

from django.contrib import admin, messages
from django.db.models import Avg, Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components.admin_scoping import PortalScopedAdminMixin
from components.models import Portal
from editorial.models import ConsultationComment

from . import services
from .models import SatisfactionRating


class DraftPortalFilter(admin.SimpleListFilter):
    title = gettext_lazy("cổng")
    parameter_name = "portal"

    def lookups(self, request, model_admin):
        ids = services.moderation_portal_ids(request.user)
        return [(str(p.pk), p.name) for p in Portal.objects.filter(pk__in=ids).order_by("tree_id", "lft")]

    def queryset(self, request, queryset):
        return queryset.filter(draft__portal_id=self.value()) if self.value() else queryset


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "draft__portal"
    list_display = ["draft", "name", "organization", "status", "created_at"]
    list_filter = ["status", DraftPortalFilter]
    list_select_related = ["draft"]
    search_fields = ["name", "body"]
    fields = ["draft", "name", "email", "organization", "body", "status", "created_at"]
    readonly_fields = ["draft", "name", "email", "organization", "body", "created_at"]
    actions = ["approve", "reject"]

    def _portals(self, request):
        return services.moderation_portal_ids(request.user)

    def has_module_permission(self, request):
        return request.user.is_staff and bool(self._portals(request))

    def has_view_permission(self, request, obj=None):
        portals = self._portals(request)
        return request.user.is_staff and bool(portals) and (obj is None or obj.draft.portal_id in portals)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # comments come from citizens only

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(draft__portal_id__in=self._portals(request))

    def save_model(self, request, obj, form, change):
        services.consultation_comments_moderate(comments=[obj], user=request.user, status=obj.status)

    def _moderate(self, request, queryset, status):
        done = services.consultation_comments_moderate(comments=list(queryset), user=request.user, status=status)
        self.message_user(request, _("Đã cập nhật %(n)s góp ý.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Duyệt, cho hiển thị các góp ý đã chọn"))
    def approve(self, request, queryset):
        self._moderate(request, queryset, ConsultationComment.Status.APPROVED)

    @admin.action(description=gettext_lazy("Không hiển thị các góp ý đã chọn"))
    def reject(self, request, queryset):
        self._moderate(request, queryset, ConsultationComment.Status.REJECTED)


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
