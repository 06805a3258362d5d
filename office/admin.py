"""The board office's admin: every save, delete and action calls `office.services`; rows are scoped per portal.

Each portal's ledger and inventory is its own: a user sees the rows of the portals where they sit on the board
(`policy.ledger_portal_ids`), the province's administrator included; superusers see all (decision 0900).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from components import roles as role_sets
from components.admin_scoping import PortalScopedAdminMixin, PortalScopedInlineMixin
from components.roles import roles_of
from feedback.calendar import add_working_days, local_today

from . import exports, policy, selectors, services
from .models import InformationKind, Payee, PaymentList, RoyaltyKind, RoyaltyLine, RoyaltyScale, TrackedItem


class OfficeScopedAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    """Rows of the portals where the user sits on the board; superusers see every portal."""

    portal_view_roles = tuple(role_sets.ROYALTY_READERS)
    portal_change_roles = tuple(role_sets.ROYALTY_PROPOSERS)

    class Media:
        css = {"all": ["office/admin.css"]}

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        ids = self.portal_ids(request)
        if ids is not None and len(ids) <= 1:  # one portal's board: the portal column says nothing
            columns = [c for c in columns if c not in ("portal", "portal_name")]
        return columns

    def portal_ids(self, request):
        if not hasattr(request, "_office_portal_ids"):
            user = request.user
            request._office_portal_ids = None if user.is_superuser else policy.ledger_portal_ids(user)
        return request._office_portal_ids

    def _roles_allow(self, request, roles, obj=None):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        held = roles_of(user)
        if obj is None:
            return held.anywhere(roles)
        return held.holds(obj.portal_id, roles)


# --- Royalty table -----------------------------------------------------------------------------------------


class RoyaltyKindInline(PortalScopedInlineMixin, admin.TabularInline):
    """Kinds are edited by whoever may change their table, and read by whoever may read it."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site._registry[RoyaltyScale].has_view_permission(request, obj)

    model = RoyaltyKind
    extra = 0
    fields = ("code", "name", "min_coefficient", "default_coefficient", "max_coefficient")


@admin.register(RoyaltyScale)
class RoyaltyScaleAdmin(OfficeScopedAdmin):
    """The royalty table: the province's office (its administrator) keeps it; the boards read it. A board sees the
    province-wide scales and its own portal's, never another portal's."""

    def scope_queryset(self, request, queryset):
        ids = self.portal_ids(request)
        return queryset if ids is None else queryset.filter(Q(portal__isnull=True) | Q(portal__in=ids))

    list_display = ("name", "portal", "base_amount", "valid_from", "legal_reference")
    list_select_related = ("portal",)
    inlines = [RoyaltyKindInline]

    def has_module_permission(self, request):
        user = request.user
        return user.is_superuser or roles_of(user).anywhere(role_sets.ROYALTY_READERS | role_sets.ROYALTY_TABLE_EDITORS)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return request.user.is_superuser or roles_of(request.user).anywhere(role_sets.ROYALTY_TABLE_EDITORS)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return policy.allowed(policy.check_edit_royalty_table, request.user, obj.portal_id)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # A portal's administrator may not write the province-wide table, nor another portal's.
        policy.check_edit_royalty_table(request.user, obj.portal_id)
        super().save_model(request, obj, form, change)


# --- Payees ------------------------------------------------------------------------------------------------


@admin.register(Payee)
class PayeeAdmin(OfficeScopedAdmin):
    list_display = ("full_name", "unit", "portal", "user", "bank_account", "bank_name")
    list_select_related = ("portal", "user")
    list_filter = ("portal",)
    search_fields = ("full_name", "unit", "id_number")
    raw_id_fields = ("user",)

    def save_model(self, request, obj, form, change):
        services.payee_save(user=request.user, payee=obj)

    def delete_model(self, request, obj):
        services.payee_delete(user=request.user, payee=obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, through the service and its audit row
        return actions


# --- Royalty lines -----------------------------------------------------------------------------------------


class RoyaltyLineForm(forms.ModelForm):
    class Meta:
        model = RoyaltyLine
        fields = ("portal", "article", "legal_document", "payee", "kind", "coefficient", "note")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            if self.instance.pk is None:
                services.validate_line(
                    portal=data["portal"],
                    payee=data["payee"],
                    kind=data["kind"],
                    coefficient=data.get("coefficient"),
                    article=data.get("article"),
                    legal_document=data.get("legal_document"),
                )
            else:
                services.check_coefficient(data["kind"], data["coefficient"])
                services.check_unique(
                    payee=data["payee"],
                    kind=data["kind"],
                    article=self.instance.article,
                    legal_document=self.instance.legal_document,
                    exclude_pk=self.instance.pk,
                )
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc
        return data


class PaidFilter(admin.SimpleListFilter):
    title = _("chi trả")
    parameter_name = "chi_tra"

    def lookups(self, request, model_admin):
        return [
            ("unlisted", _("Chưa vào danh sách")),
            ("draft", _("Trong danh sách đang lập")),
            ("paid", _("Đã chi trả")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unlisted":
            return queryset.filter(payment_list__isnull=True)
        if value in ("draft", "paid"):
            return queryset.filter(payment_list__status=value)
        return queryset


@admin.register(RoyaltyLine)
class RoyaltyLineAdmin(OfficeScopedAdmin):
    form = RoyaltyLineForm
    list_display = (
        "item_short",
        "payee_name",
        "kind_name",
        "coefficient",
        "amount_display",
        "month_display",
        "status",
        "paid",
    )
    list_display_links = ("item_short",)
    list_select_related = ("payee", "kind", "portal", "payment_list")
    list_filter = ("status", PaidFilter, "portal")
    date_hierarchy = "month"
    search_fields = ("item_title", "payee__full_name")
    raw_id_fields = ("article", "legal_document", "payee")
    actions = ["approve_selected"]
    readonly_fields = (
        "item_title",
        "amount_display",
        "base_amount",
        "month_display",
        "status",
        "proposed_by",
        "approved_by",
        "payment_list",
    )

    @admin.display(description=_("tác phẩm"), ordering="item_title")
    def item_short(self, obj):
        return Truncator(obj.item_title).chars(70)

    @admin.display(description=_("người hưởng"), ordering="payee__full_name")
    def payee_name(self, obj):
        return obj.payee.full_name

    @admin.display(description=_("loại tác phẩm"), ordering="kind__name")
    def kind_name(self, obj):
        return obj.kind.name

    @admin.display(description=_("số tiền (đồng)"), ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount:,.0f}".replace(",", ".") if obj.amount is not None else "—"

    @admin.display(description=_("tháng chi trả"), ordering="month")
    def month_display(self, obj):
        return f"{obj.month:%m/%Y}" if obj.month else "—"

    @admin.display(description=_("đã chi trả"), boolean=True)
    def paid(self, obj):
        return bool(obj.payment_list_id and obj.payment_list.is_paid)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The item and portal are fixed once proposed; a new line is proposed for another item.
            fields += ["portal", "article", "legal_document"]
        return fields

    def has_add_permission(self, request):
        return roles_of(request.user).anywhere(role_sets.ROYALTY_PROPOSERS) or request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return policy.allowed(policy.check_edit_royalty, request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not (request.user.is_superuser or roles_of(request.user).anywhere(role_sets.ROYALTY_APPROVERS)):
            actions.pop("approve_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.royalty_update(
                user=request.user,
                line=obj,
                payee=data["payee"],
                kind=data["kind"],
                coefficient=data["coefficient"],
                note=data.get("note", ""),
            )
            obj.refresh_from_db()
        else:
            line = services.royalty_propose(
                user=request.user,
                portal=data["portal"],
                payee=data["payee"],
                kind=data["kind"],
                coefficient=data.get("coefficient"),
                article=data.get("article"),
                legal_document=data.get("legal_document"),
                note=data.get("note", ""),
            )
            obj.pk = line.pk
            obj.__dict__.update({k: v for k, v in line.__dict__.items() if k != "_state"})
            obj._state.adding = False

    def delete_model(self, request, obj):
        services.royalty_delete(user=request.user, line=obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":  # the province's kinds and the user's portals' own, not another portal's
            ids = self.portal_ids(request)
            kinds = RoyaltyKind.objects.select_related("scale")
            if ids is not None:
                kinds = kinds.filter(Q(scale__portal__isnull=True) | Q(scale__portal__in=ids))
            kwargs["queryset"] = kinds
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Duyệt các dòng nhuận bút đã chọn"))
    def approve_selected(self, request, queryset):
        done, refused = 0, []
        for line in queryset.select_related("payment_list"):
            try:
                services.royalty_approve(user=request.user, line=line)
                done += 1
            except policy.OfficePermissionDenied as exc:
                refused.append(f"{line.item_title}: {exc.message}")
        if done:
            self.message_user(request, _("Đã duyệt %(n)s dòng nhuận bút.") % {"n": done}, messages.SUCCESS)
        for text in refused:
            self.message_user(request, text, messages.ERROR)


# --- Payment lists -----------------------------------------------------------------------------------------


class PaymentListForm(forms.ModelForm):
    class Meta:
        model = PaymentList
        fields = ("portal", "month")

    def clean_month(self):
        return self.cleaned_data["month"].replace(day=1)


@admin.register(PaymentList)
class PaymentListAdmin(OfficeScopedAdmin):
    form = PaymentListForm
    list_display = ("__str__", "portal", "month_display", "status", "total_display", "xlsx_link")
    list_select_related = ("portal",)
    list_filter = ("status", "portal")
    actions = ["refresh_selected", "mark_paid_selected"]

    @admin.display(description=_("tháng"), ordering="month")
    def month_display(self, obj):
        return f"{obj.month:%m/%Y}"

    @admin.display(description=_("tổng số tiền (đồng)"))
    def total_display(self, obj):
        total = getattr(obj, "total_amount", None)
        if total is None:
            total = selectors.payment_list_total(obj)
        return f"{total:,.0f}".replace(",", ".")

    @admin.display(description=_("tệp XLSX"))
    def xlsx_link(self, obj):
        if obj.pk is None:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:office_paymentlist_xlsx", args=[obj.pk]), _("Tải về"))

    @admin.display(description=_("tổng theo người hưởng"))
    def totals_table(self, obj):
        rows = selectors.payment_list_totals(obj)
        if not rows:
            return _("Chưa có dòng nhuận bút đã duyệt.")
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class='office-amount'>{}</td></tr>",
            (
                (r["payee__full_name"], r["payee__unit"], r["items"], f"{r['total']:,.0f}".replace(",", "."))
                for r in rows
            ),
        )
        return format_html(
            '<table class="office-totals"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("Họ và tên"),
            _("Đơn vị"),
            _("Số tác phẩm"),
            _("Số tiền (đồng)"),
            body,
        )

    def get_queryset(self, request):
        from django.db.models import Sum

        return super().get_queryset(request).annotate(total_amount=Sum("lines__amount"))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("portal", "month", "status", "created_by", "paid_by", "paid_at", "totals_table", "xlsx_link")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("portal", "month")
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser or roles_of(request.user).anywhere(role_sets.ROYALTY_PROPOSERS)

    def has_change_permission(self, request, obj=None):
        # The list itself is never edited by hand: actions build it and mark it paid.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        built = services.payment_list_build(
            user=request.user, portal=form.cleaned_data["portal"], month=form.cleaned_data["month"]
        )
        obj.pk = built.pk
        obj.__dict__.update({k: v for k, v in built.__dict__.items() if k != "_state"})
        obj._state.adding = False

    def get_urls(self):
        return [
            path("<int:pk>/xlsx/", self.admin_site.admin_view(self.xlsx_view), name="office_paymentlist_xlsx"),
            *super().get_urls(),
        ]

    def xlsx_view(self, request, pk):
        payment_list = get_object_or_404(self.get_queryset(request).select_related("portal"), pk=pk)
        policy.check_read_ledger(request.user, payment_list.portal_id)
        response = HttpResponse(exports.payment_list_xlsx(payment_list), content_type=exports.XLSX_CONTENT_TYPE)
        filename = f"nhuan-but-{payment_list.portal.slug}-{payment_list.month:%Y-%m}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def _each(self, request, queryset, service, done_text):
        done = 0
        for payment_list in queryset:
            try:
                service(user=request.user, payment_list=payment_list)
                done += 1
            except policy.OfficePermissionDenied as exc:
                self.message_user(request, f"{payment_list}: {exc.message}", messages.ERROR)
            except ValidationError as exc:
                self.message_user(request, f"{payment_list}: {' '.join(exc.messages)}", messages.ERROR)
        if done:
            self.message_user(request, done_text % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Cập nhật danh sách: thêm các dòng đã duyệt trong tháng"))
    def refresh_selected(self, request, queryset):
        def refresh(*, user, payment_list):
            services.payment_list_build(user=user, portal=payment_list.portal, month=payment_list.month)

        self._each(request, queryset.select_related("portal"), refresh, _("Đã cập nhật %(n)s danh sách."))

    @admin.action(description=_("Xác nhận đã chi trả (khóa các dòng nhuận bút)"))
    def mark_paid_selected(self, request, queryset):
        self._each(request, queryset, services.payment_list_mark_paid, _("Đã xác nhận chi trả %(n)s danh sách."))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# --- Information inventory and update deadlines ----------------------------------------------------------


@admin.register(InformationKind)
class InformationKindAdmin(OfficeScopedAdmin):
    portal_change_roles = tuple(role_sets.INVENTORY_EDITORS)
    list_display = ("name", "portal", "responsible_unit", "deadline_working_days", "legal_reference", "is_active")
    list_select_related = ("portal",)
    list_filter = ("portal", "deadline_working_days", "is_active")
    search_fields = ("name", "responsible_unit")
    raw_id_fields = ("organization",)

    def save_model(self, request, obj, form, change):
        services.information_kind_save(user=request.user, kind=obj)

    def delete_model(self, request, obj):
        services.information_kind_delete(user=request.user, kind=obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class DueFilter(admin.SimpleListFilter):
    title = _("hạn đăng")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Quá hạn")),
            ("soon", _("Đến hạn trong 3 ngày làm việc")),
            ("open", _("Chưa đăng")),
            ("done", _("Đã đăng")),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        value = self.value()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "soon":
            return queryset.due_within(today, add_working_days(today, 3))
        if value == "open":
            return queryset.open()
        if value == "done":
            return queryset.filter(closed_at__isnull=False)
        return queryset


class TrackedItemForm(forms.ModelForm):
    class Meta:
        model = TrackedItem
        fields = ("kind", "title", "source_reference", "triggered_on", "article", "legal_document")


@admin.register(TrackedItem)
class TrackedItemAdmin(OfficeScopedAdmin):
    form = TrackedItemForm
    portal_change_roles = tuple(role_sets.INVENTORY_EDITORS)
    list_display = ("title", "portal_name", "kind_name", "triggered", "due", "state_display", "staleness")
    list_filter = (DueFilter, "portal")
    search_fields = ("title", "source_reference")
    raw_id_fields = ("article", "legal_document")
    readonly_fields = ("due_on", "closed_at", "closed_on_time")
    date_hierarchy = "due_on"

    def get_queryset(self, request):
        return selectors.with_last_publication(super().get_queryset(request).select_related("portal", "kind"))

    @admin.display(description=_("cổng"), ordering="portal__name")
    def portal_name(self, obj):
        return Truncator(obj.portal.name).chars(40)

    @admin.display(description=_("loại thông tin"), ordering="kind__name")
    def kind_name(self, obj):
        return f"{Truncator(obj.kind.name).chars(50)} ({obj.kind.deadline_working_days})"

    @admin.display(description=_("ngày ban hành / thay đổi"), ordering="triggered_on")
    def triggered(self, obj):
        return f"{obj.triggered_on:%d/%m/%Y}"

    @admin.display(description=_("hạn đăng"), ordering="due_on")
    def due(self, obj):
        return f"{obj.due_on:%d/%m/%Y}"

    @admin.display(description=_("tình trạng"))
    def state_display(self, obj):
        if obj.closed_at is not None:
            return _("Đã đăng, đúng hạn") if obj.closed_on_time else _("Đã đăng, trễ hạn")
        if obj.due_on < local_today():
            return format_html('<strong class="office-overdue">{}</strong>', _("Quá hạn"))
        return _("Chưa đăng")

    @admin.display(description=_("số ngày chưa có tin mới"))
    def staleness(self, obj):
        last = getattr(obj, "last_published_at", None)
        if last is None or last.year <= 1970:
            return _("Chưa xuất bản")
        from django.utils import timezone

        return (local_today() - timezone.localdate(last)).days

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            ids = self.portal_ids(request)
            rows = InformationKind.objects.filter(is_active=True).select_related("portal")
            kwargs["queryset"] = rows if ids is None else rows.filter(portal_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return request.user.is_superuser or roles_of(request.user).anywhere(role_sets.INVENTORY_EDITORS)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return obj.closed_at is None and policy.allowed(policy.check_edit_inventory, request.user, obj.portal_id)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            item = services.tracked_item_update(user=request.user, item=obj, **data)
        else:
            item = services.tracked_item_open(user=request.user, **data)
        obj.pk = item.pk
        obj.__dict__.update({k: v for k, v in item.__dict__.items() if k != "_state"})
        obj._state.adding = False
