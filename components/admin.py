from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from .models import FocalOfficer, Membership, Organization, Portal


@admin.register(Portal)
class PortalAdmin(DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "kind", "domain", "status")
    list_display_links = ("indented_title",)
    list_filter = ("kind", "status")
    search_fields = ("name", "short_name", "slug", "domain")
    prepopulated_fields = {}
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent", "domain", "status", "merged_into")}),
        (
            _("Nhận diện (đầu trang, chân trang)"),
            {
                "fields": (
                    "logo",
                    "description",
                    "owner_name",
                    "address",
                    "phone",
                    "email",
                    "responsible_person",
                    "licence_line",
                )
            },
        ),
    )


class FocalOfficerInline(admin.TabularInline):
    model = FocalOfficer
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "portal", "answers_feedback")
    list_display_links = ("indented_title",)
    list_filter = ("portal", "answers_feedback")
    search_fields = ("name", "slug")
    list_select_related = ("portal",)
    inlines = [FocalOfficerInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "portal", "role", "granted_at")
    list_filter = ("role", "portal")
    search_fields = ("user__username", "user__first_name", "user__last_name", "portal__name")
    list_select_related = ("user", "portal")
    autocomplete_fields = ("user", "portal")
