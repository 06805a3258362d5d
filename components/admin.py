"""Back office of the components app: portals, organisations, boards, accounts and the security log.

Every ModelAdmin here is portal-scoped (components.admin_scoping): a user sees only the portals where
they hold a role; the province's administrator and superusers see everything.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from mptt.admin import DraggableMPTTAdmin

from . import handover, merging, services
from .accounts import validate_account_name
from .admin_scoping import PortalScopedAdminMixin, PortalScopedInlineMixin
from .audit import security_log
from .domains import suggest_domain, validate_portal_domain
from .events import portal_changed_on_commit
from .lifecycle import on_portal_created
from .models import (
    AccountProfile,
    FocalOfficer,
    Membership,
    MenuItem,
    Organization,
    Portal,
    PortalOperation,
    PortalRedirect,
    PortalRequest,
    SecurityEvent,
)
from .permissions import PortalPermissionDenied
from .selectors import sees_all_portals

User = get_user_model()

# The password page also offers the second factor (a template added by this app, not an override).
admin.site.password_change_template = "admin/components/password_change_form.html"


def one_object_page(model_admin, request, queryset, url_name, error):
    """An action that opens a confirmation page for exactly one selected object."""
    if queryset.count() != 1:
        model_admin.message_user(request, error, messages.ERROR)
        return None
    return HttpResponseRedirect(reverse(url_name, args=[queryset.get().pk]))


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


# --- Portals ----------------------------------------------------------------------------------------


class PortalAdminForm(forms.ModelForm):
    class Meta:
        model = Portal
        fields = (
            "name",
            "short_name",
            "slug",
            "kind",
            "parent",
            "domain",
            "status",
            "merged_into",
            "logo",
            "banner",
            "description",
            "owner_name",
            "address",
            "phone",
            "email",
            "responsible_person",
            "licence_line",
            "archive_notice",
        )

    def clean(self):
        cleaned = super().clean()
        domain = cleaned.get("domain")
        kind = cleaned.get("kind") or self.instance.kind
        name = cleaned.get("name") or self.instance.name
        if domain and "domain" in self.changed_data and kind and name:
            try:
                cleaned["domain"] = validate_portal_domain(
                    domain,
                    kind=kind,
                    name=name,
                    short_name=cleaned.get("short_name") or self.instance.short_name or "",
                    parent=cleaned.get("parent"),
                    exclude_portal=self.instance,
                )
            except ValidationError as exc:
                self.add_error("domain", exc)
        return cleaned


class MenuItemInline(PortalScopedInlineMixin, admin.TabularInline):
    model = MenuItem
    extra = 0
    fields = ("label", "url", "order")

    def get_max_num(self, request, obj=None, **kwargs):
        from django.conf import settings

        return settings.PORTAL_MENU_MAX_ITEMS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["validate_max"] = True  # the shared header has room for a few links only
        return super().get_formset(request, obj, **kwargs)


STRUCTURE_FIELDS = ("slug", "kind", "parent", "domain", "status", "merged_into")


class AnnouncesPublicChanges:
    """Admin pages that write rows citizens see without a service (a portal's identity and menu, organisations):
    one `content_changed` for the portal's tree after each save, delete or drag and drop, on commit
    (docs/decisions/0812-one-purge-path.md)."""

    def changed_portal(self, obj):
        return obj.portal

    def _announce(self, obj):
        portal = self.changed_portal(obj)
        if portal is not None:
            portal_changed_on_commit(portal=portal)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the inlines (a portal's menu) are saved by now
        self._announce(form.instance)

    def delete_model(self, request, obj):
        self._announce(obj)  # the tree is read before the row goes
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._announce(obj)
        super().delete_queryset(request, queryset)

    def delete_selected_tree(self, modeladmin, request, queryset):
        if request.POST.get("post"):  # confirmed: django-mptt deletes row by row
            for obj in queryset:
                self._announce(obj)
        return super().delete_selected_tree(modeladmin, request, queryset)

    def _move_node(self, request):
        response = super()._move_node(request)
        if response.content.startswith(b"OK"):
            moved = self.model._default_manager.filter(pk=request.POST.get("cut_item")).first()
            if moved is not None:
                self._announce(moved)
        return response


@admin.register(Portal)
class PortalAdmin(AnnouncesPublicChanges, PortalScopedAdminMixin, DraggableMPTTAdmin):
    portal_field_path = "pk"

    def changed_portal(self, obj):
        return obj

    class Media:
        js = ("components/js/activity.js",)  # typing keeps the session alive (docs/decisions/0401)

    form = PortalAdminForm
    list_display = ("tree_actions", "indented_title", "kind", "domain", "status")
    list_display_links = ("indented_title",)
    list_filter = ("kind", "status")
    search_fields = ("name", "short_name", "slug", "domain")
    prepopulated_fields = {}
    inlines = [MenuItemInline]
    actions = ["merge_action", "retire_action"]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "slug", "kind", "parent", "domain", "status", "merged_into")}),
        (
            gettext_lazy("Nhận diện (đầu trang, chân trang)"),
            {
                "fields": (
                    "logo",
                    "banner",
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
        (gettext_lazy("Lưu trữ"), {"fields": ("archive_notice",), "classes": ("collapse",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        if sees_all_portals(request.user):
            return ("status", "merged_into")  # changed only by the merge and retire services
        # Component boards set their identity; the province keeps the structure.
        return (*STRUCTURE_FIELDS, "short_name", "archive_notice")

    def has_add_permission(self, request):
        return sees_all_portals(request.user)

    def has_delete_permission(self, request, obj=None):
        return sees_all_portals(request.user)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # a portal made directly by the provincial office gets what an approved one gets
            on_portal_created.send(sender=Portal, portal=obj, by=request.user)

    def _move_node(self, request):
        # Dragging a portal in the tree changes the structure: the provincial office's decision.
        if not sees_all_portals(request.user):
            return HttpResponse("FAIL, no permission.", status=403)
        return super()._move_node(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not sees_all_portals(request.user):
            actions.pop("merge_action", None)
            actions.pop("retire_action", None)
        return actions

    def get_urls(self):
        return [
            path("<int:pk>/sap-nhap/", self.admin_site.admin_view(self.merge_view), name="components_portal_merge"),
            path(
                "<int:pk>/ngung-hoat-dong/",
                self.admin_site.admin_view(self.retire_view),
                name="components_portal_retire",
            ),
        ] + super().get_urls()

    @admin.action(description=gettext_lazy("Sáp nhập cổng đã chọn vào cổng khác…"))
    def merge_action(self, request, queryset):
        return one_object_page(
            self, request, queryset, "admin:components_portal_merge", _("Chọn đúng một cổng để sáp nhập.")
        )

    @admin.action(description=gettext_lazy("Ngừng hoạt động cổng đã chọn…"))
    def retire_action(self, request, queryset):
        return one_object_page(self, request, queryset, "admin:components_portal_retire", _("Chọn đúng một cổng."))

    def _operation_view(self, request, pk, kind):
        if not sees_all_portals(request.user):
            raise PermissionDenied
        source = get_object_or_404(Portal, pk=pk)
        targets = Portal.objects.filter(status=Portal.Status.ACTIVE).exclude(
            tree_id=source.tree_id, lft__gte=source.lft, rght__lte=source.rght
        )
        target = None
        target_id = request.POST.get("target") or request.GET.get("target")
        if target_id:
            target = targets.filter(pk=target_id).first()
        preview = merging.merge_preview(source=source, target=target) if target is not None else None
        error = ""
        notice = request.POST.get("notice", "")
        if request.method == "POST" and request.POST.get("confirm"):
            try:
                services.portal_operation_create(
                    kind=kind, source=source, target=target, notice=notice, by=request.user
                )
            except (ValidationError, PortalPermissionDenied) as exc:
                error = "; ".join(getattr(exc, "messages", [str(exc)]))
            else:
                self.message_user(
                    request,
                    _("Đã đưa thao tác vào hàng đợi; kết quả xem tại “Thao tác sáp nhập, ngừng hoạt động”."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:components_portaloperation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sáp nhập cổng") if kind == PortalOperation.Kind.MERGE else _("Ngừng hoạt động cổng"),
            "opts": self.model._meta,
            "source": source,
            "targets": targets,
            "target": target,
            "preview": preview,
            "notice": notice,
            "error": error,
            "kind": kind,
        }
        return TemplateResponse(request, "admin/components/portal_operation.html", context)

    def merge_view(self, request, pk):
        return self._operation_view(request, pk, PortalOperation.Kind.MERGE)

    def retire_view(self, request, pk):
        return self._operation_view(request, pk, PortalOperation.Kind.RETIRE)


@admin.register(PortalOperation)
class PortalOperationAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "source"
    list_display = ("created_at", "kind", "source", "target", "status", "requested_by", "finished_at")
    list_filter = ("kind", "status")
    list_select_related = ("source", "target", "requested_by")
    readonly_fields = [f.name for f in PortalOperation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PortalRedirect)
class PortalRedirectAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "target"
    list_display = ("old_domain", "old_slug", "source_name", "target", "created_at")
    search_fields = ("old_domain", "old_slug", "source_name")
    list_select_related = ("target",)

    def has_add_permission(self, request):
        return sees_all_portals(request.user)

    def has_change_permission(self, request, obj=None):
        return sees_all_portals(request.user)

    def has_delete_permission(self, request, obj=None):
        return sees_all_portals(request.user)


class PortalRequestForm(forms.ModelForm):
    class Meta:
        model = PortalRequest
        fields = ("name", "short_name", "kind", "parent", "owner_name", "proposed_domain", "contact_email", "reason")

    def clean(self):
        cleaned = super().clean()
        kind, name, parent = cleaned.get("kind"), cleaned.get("name"), cleaned.get("parent")
        if not (kind and name):
            return cleaned
        domain = cleaned.get("proposed_domain") or suggest_domain(
            kind=kind, name=name, short_name=cleaned.get("short_name") or "", parent=parent
        )
        try:
            cleaned["proposed_domain"] = validate_portal_domain(
                domain,
                kind=kind,
                name=name,
                short_name=cleaned.get("short_name") or "",
                parent=parent,
                exclude_request=self.instance,
            )
        except ValidationError as exc:
            self.add_error("proposed_domain", exc)
        return cleaned


@admin.register(PortalRequest)
class PortalRequestAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "parent"
    portal_change_roles = (Membership.Role.ADMINISTRATOR, Membership.Role.CHIEF)
    form = PortalRequestForm
    list_display = ("name", "kind", "parent", "proposed_domain", "status", "requested_by", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("parent", "requested_by")
    search_fields = ("name", "short_name", "proposed_domain")
    change_form_template = "admin/components/portalrequest_change_form.html"

    def scope_queryset(self, request, queryset):
        ids = self.portal_ids(request)
        if ids is None:
            return queryset
        # Requests under the user's portals, and the user's own requests wherever they were filed.
        return queryset.filter(Q(parent__in=ids) | Q(requested_by=request.user))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != PortalRequest.Status.PENDING:
            return [*PortalRequestForm.Meta.fields, "status", "decision_reason", "portal"]
        return ()

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            services.portal_request_submit(portal_request=obj, by=request.user)

    def get_urls(self):
        return [
            path(
                "<int:pk>/quyet-dinh/",
                self.admin_site.admin_view(self.decide_view),
                name="components_portalrequest_decide",
            ),
        ] + super().get_urls()

    def decide_view(self, request, pk):
        if not sees_all_portals(request.user):
            raise PermissionDenied
        portal_request = get_object_or_404(PortalRequest, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Quyết định đề nghị lập cổng"),
            "opts": self.model._meta,
            "portal_request": portal_request,
            "suggested_domain": portal_request.proposed_domain
            or suggest_domain(
                kind=portal_request.kind,
                name=portal_request.name,
                short_name=portal_request.short_name,
                parent=portal_request.parent,
            ),
        }
        if request.method == "POST":
            try:
                if request.POST.get("decision") == "approve":
                    portal, account, password = services.portal_request_approve(
                        portal_request=portal_request, by=request.user
                    )
                    # The one-time password is shown on this response only (never stored, never redirected).
                    context.update({"approved": True, "portal": portal, "account": account, "password": password})
                    return TemplateResponse(request, "admin/components/portalrequest_decide.html", context)
                services.portal_request_refuse(
                    portal_request=portal_request, by=request.user, reason=request.POST.get("reason", "")
                )
                self.message_user(request, _("Đã từ chối đề nghị và báo cho đơn vị."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:components_portalrequest_changelist"))
            except ValidationError as exc:
                context["error"] = "; ".join(exc.messages)
                context["reason"] = request.POST.get("reason", "")
        return TemplateResponse(request, "admin/components/portalrequest_decide.html", context)


# --- Organisations and focal officers -------------------------------------------------------------


class FocalOfficerInline(PortalScopedInlineMixin, admin.TabularInline):
    model = FocalOfficer
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(AnnouncesPublicChanges, PortalScopedAdminMixin, DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "portal", "answers_feedback")
    list_display_links = ("indented_title",)
    list_filter = ("portal", "answers_feedback")
    search_fields = ("name", "slug")
    list_select_related = ("portal",)
    inlines = [FocalOfficerInline]


@admin.register(FocalOfficer)
class FocalOfficerAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    """The focal officers report for the provincial office (each portal's board sees its own)."""

    portal_field_path = "organization__portal"
    list_display = ("portal_name", "organization", "full_name", "position", "phone", "email")
    list_filter = ("organization__portal",)
    search_fields = ("full_name", "email", "organization__name", "organization__portal__name")
    list_select_related = ("organization__portal",)
    ordering = ("organization__portal__tree_id", "organization__portal__lft", "organization__name", "full_name")
    autocomplete_fields = ("user",)
    actions = ["export_csv"]
    change_list_template = "admin/components/focalofficer_change_list.html"

    @admin.display(description=gettext_lazy("cổng"), ordering="organization__portal__name")
    def portal_name(self, obj):
        return obj.organization.portal.name

    def get_urls(self):
        return [
            path(
                "xuat-csv/",
                self.admin_site.admin_view(self.export_all_view),
                name="components_focalofficer_export",
            ),
        ] + super().get_urls()

    def _export(self, request, queryset):
        queryset = queryset.select_related("organization__portal").order_by(*self.ordering)
        security_log(SecurityEvent.Kind.EXPORT, request=request, message=_("Danh sách cán bộ đầu mối"))
        return csv_response(
            "can-bo-dau-moi.csv",
            [_("Cổng"), _("Cơ quan, đơn vị"), _("Họ và tên"), _("Chức vụ"), _("Điện thoại"), _("Thư điện tử")],
            (
                [o.organization.portal.name, o.organization.name, o.full_name, o.position, o.phone, o.email]
                for o in queryset
            ),
        )

    @admin.action(description=gettext_lazy("Xuất CSV các cán bộ đầu mối đã chọn"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset)

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._export(request, self.get_queryset(request))


# --- Board memberships -----------------------------------------------------------------------------


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "portal", "role")

    def clean(self):
        cleaned = super().clean()
        user, portal, role = cleaned.get("user"), cleaned.get("portal"), cleaned.get("role")
        if user and portal and role == Membership.Role.ADMINISTRATOR and user.username.startswith("admin."):
            try:
                validate_account_name(user.username, portal=portal)
            except ValidationError as exc:
                self.add_error("user", exc)
        return cleaned


@admin.register(Membership)
class MembershipAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "portal", "role", "granted_at")
    list_filter = ("role", "portal")
    search_fields = ("user__username", "user__first_name", "user__last_name", "portal__name")
    list_select_related = ("user", "portal")
    autocomplete_fields = ("user", "portal")


# --- Accounts --------------------------------------------------------------------------------------


class AccountProfileInline(admin.StackedInline):
    model = AccountProfile
    can_delete = False
    extra = 0
    fields = ("is_demo", "must_change_password", "password_changed_at", "last_activity", "disabled_reason")
    readonly_fields = ("password_changed_at", "last_activity", "disabled_reason")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "is_demo")


class StaffUserChangeForm(UserAdmin.form):
    def clean_username(self):
        username = self.cleaned_data["username"]
        if username != self.initial.get("username"):
            validate_account_name(username)
        return username


class StaffUserCreationForm(UserAdmin.add_form):
    def clean_username(self):
        username = super().clean_username()
        validate_account_name(username)
        return username


class HandoverForm(forms.Form):
    successor = forms.ModelChoiceField(queryset=User.objects.none(), label=gettext_lazy("Người nhận bàn giao"))


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(PortalScopedAdminMixin, UserAdmin):
    """Accounts: an administrator sees the members of their portals and accounts not yet given a role."""

    portal_field_path = "memberships__portal"
    portal_view_roles = (Membership.Role.ADMINISTRATOR,)
    form = StaffUserChangeForm
    add_form = StaffUserCreationForm
    inlines = [AccountProfileInline]
    actions = ["handover_action", "unlock_action"]
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "is_active", "last_login")

    def scope_queryset(self, request, queryset):
        ids = self.portal_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(pk__in=User.objects.filter(services.user_visible_filter(ids)).values("pk"))

    def _manages(self, request, obj):
        """Administrators change an account only when every portal it belongs to is theirs."""
        if sees_all_portals(request.user):
            return True
        if obj is None:
            return Membership.objects.filter(user=request.user, role=Membership.Role.ADMINISTRATOR).exists()
        if obj.is_superuser:
            return False
        portals = set(Membership.objects.filter(user=obj).values_list("portal_id", flat=True))
        admin_of = set(
            Membership.objects.filter(user=request.user, role=Membership.Role.ADMINISTRATOR).values_list(
                "portal_id", flat=True
            )
        )
        return portals <= admin_of and bool(admin_of)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return self._manages(request, obj) and (obj is None or self._in_scope(request, obj))

    def has_add_permission(self, request):
        return request.user.is_superuser or self._manages(request, None)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # Only superusers grant Django-wide permissions; board roles are Memberships.
        return [
            (
                name,
                {
                    **opts,
                    "fields": [f for f in opts["fields"] if f not in {"is_superuser", "groups", "user_permissions"}],
                },
            )
            for name, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            AccountProfile.objects.update_or_create(user=obj, defaults={"must_change_password": True})
            security_log(SecurityEvent.Kind.ACCOUNT_CREATED, request=request, username=obj.get_username())

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if not change:  # the inline saved after save_model may have reset the flag
            AccountProfile.objects.filter(user=form.instance).update(must_change_password=True)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and getattr(response, "status_code", 200) == 302:
            target = User.objects.filter(pk=id).first()
            if target is not None and target.pk != request.user.pk:
                # A password set by someone else is a temporary one.
                AccountProfile.objects.update_or_create(user=target, defaults={"must_change_password": True})
        return response

    def get_urls(self):
        return [
            path(
                "<int:pk>/ban-giao/",
                self.admin_site.admin_view(self.handover_view),
                name="components_user_handover",
            ),
        ] + super().get_urls()

    @admin.action(description=gettext_lazy("Bàn giao công việc và đóng tài khoản…"))
    def handover_action(self, request, queryset):
        return one_object_page(
            self, request, queryset, "admin:components_user_handover", _("Chọn đúng một tài khoản để bàn giao.")
        )

    @admin.action(description=gettext_lazy("Mở khóa đăng nhập (sau nhiều lần nhập sai)"))
    def unlock_action(self, request, queryset):
        for user in queryset:
            if self._manages(request, user):
                services.account_unlock(user=user, by=request.user)
        self.message_user(request, _("Đã mở khóa đăng nhập."), messages.SUCCESS)

    def handover_view(self, request, pk):
        leaver = self.get_object(request, str(pk))
        if leaver is None or not handover.can_hand_over(request.user, leaver):
            raise PermissionDenied
        form = HandoverForm(request.POST or None)
        form.fields["successor"].queryset = self.get_queryset(request).filter(is_active=True).exclude(pk=leaver.pk)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    counts = handover.account_handover(
                        user=leaver, successor=form.cleaned_data["successor"], by=request.user
                    )
            except (ValueError, PortalPermissionDenied) as exc:
                form.add_error("successor", str(exc))
            else:
                self.message_user(
                    request,
                    _("Đã bàn giao %(n)d việc cho %(s)s và đóng tài khoản %(u)s.")
                    % {"n": sum(counts.values()), "s": form.cleaned_data["successor"], "u": leaver},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:auth_user_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Bàn giao và đóng tài khoản"),
            "opts": self.model._meta,
            "leaver": leaver,
            "memberships": Membership.objects.filter(user=leaver).select_related("portal"),
            "form": form,
        }
        return TemplateResponse(request, "admin/components/user_handover.html", context)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class ScopedTOTPDeviceAdmin(PortalScopedAdminMixin, TOTPDeviceAdmin):
    """Administrators may remove a lost device (the owner enrols again); nobody reads secrets here."""

    portal_field_path = "user__memberships__portal"
    raw_id_fields = ()
    autocomplete_fields = ("user",)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


# --- Security log ----------------------------------------------------------------------------------


@admin.register(SecurityEvent)
class SecurityEventAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    """Read-only; administrators see their portals' events, the provincial office all of them."""

    portal_view_roles = (Membership.Role.ADMINISTRATOR,)
    list_display = ("created_at", "kind", "username", "actor", "portal", "ip_address", "message")
    list_filter = ("kind", "portal")
    search_fields = ("username", "message", "ip_address")
    list_select_related = ("actor", "portal")
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    change_list_template = "admin/components/securityevent_change_list.html"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or self._roles_allow(request, self.portal_view_roles, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        return [
            path(
                "xuat-csv/",
                self.admin_site.admin_view(self.export_all_view),
                name="components_securityevent_export",
            ),
        ] + super().get_urls()

    def _export(self, request, queryset):
        security_log(SecurityEvent.Kind.EXPORT, request=request, message=_("Nhật ký an ninh"))
        return csv_response(
            f"nhat-ky-an-ninh-{timezone.localdate():%Y%m%d}.csv",
            [_("Thời điểm"), _("Sự kiện"), _("Tài khoản"), _("Người thực hiện"), _("Cổng"), _("IP"), _("Nội dung")],
            (
                [
                    timezone.localtime(e.created_at).isoformat(timespec="seconds"),
                    e.get_kind_display(),
                    e.username,
                    e.actor.get_username() if e.actor else "",
                    e.portal.name if e.portal else "",
                    e.ip_address or "",
                    e.message,
                ]
                for e in queryset.select_related("actor", "portal").iterator(chunk_size=2000)
            ),
        )

    @admin.action(description=gettext_lazy("Xuất CSV các dòng nhật ký đã chọn"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset)

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._export(request, self.get_queryset(request))
