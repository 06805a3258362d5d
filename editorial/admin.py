"""The editors' back office: content admins share `PublishableAdmin`, which drives the workflow services.

Every button and bulk action is shown only when the rule (editorial/policy.py) allows it, and the service checks
the same rule again. Content of a portal the user has no role on answers 403.
"""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ckeditor_5.widgets import CKEditor5Widget
from guardian.shortcuts import get_users_with_perms
from mptt.admin import DraggableMPTTAdmin

from components import roles
from components.admin_scoping import PortalScopedAdminMixin
from components.models import Membership, Portal
from components.selectors import url_in_portal
from components.text import search_key
from components.uploads import CONTENT_TYPES

from . import policy, services
from .exceptions import EditorialPermissionDenied, StaleVersion
from .models import (
    Article,
    AuditEvent,
    Category,
    Delegation,
    LegalDocument,
    LegalDocumentFile,
    PreviewLink,
    RefusalReason,
    Revision,
    State,
    Syndication,
    Tag,
    UnpublishReason,
    WorkItem,
)
from .registry import registration
from .sanitize import sanitize_html
from .workflow import (
    TRANSITIONS,
    apply_snapshot,
    available_transitions,
    content_type_for,
    revision_diff,
    unavailable_transitions,
)


def _rich_text_key(value):
    """Rich text as the portal stores it, with spacing and empty paragraphs dropped (to compare, not to show)."""
    text = sanitize_html(str(value or ""))
    text = re.sub(r"(?:&nbsp;|\xa0|\s)+", " ", text)
    text = re.sub(r"<p>\s*</p>", "", text)
    return re.sub(r">\s+<", "><", text).strip()


def _refusal_messages(exc):
    """The Vietnamese sentences of a refusal (a policy error or a validation error)."""
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(getattr(exc, "message", None) or exc or _("Bạn không có quyền thực hiện thao tác này."))]


def portal_ids_for(user, *role_names):
    return policy.board_portal_ids(user, *role_names)


class BackOfficeMixin:
    """Listed in the back office for everyone on a board (policy.check_back_office)."""

    def has_module_permission(self, request):
        return policy.can_back_office(request.user)

    def has_view_permission(self, request, obj=None):
        return policy.can_back_office(request.user)


class PublicLinkMixin:
    """ "Xem trên trang web" opens the item on its own portal: the portal's domain, or its /web/<slug>/ prefix
    (Django's default drops both, so a component portal's item answered 404). Only for what citizens can open."""

    def get_view_on_site_url(self, obj=None):
        if obj is None or not hasattr(obj, "get_absolute_url"):
            return None
        if not getattr(obj, "is_live", getattr(obj, "is_active", True)):
            return None
        return url_in_portal(obj.portal, obj.get_absolute_url)


class ReadOnlyMixin:
    """Rows nobody adds, changes or deletes in the admin: written by services only (audit log, work items,
    syndication proposals whose decisions are actions); a subclass may still allow adding through a service."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Content admins ----------------------------------------------------------------------------------


class PublishableForm(forms.ModelForm):
    """Carries the version the editor started from; a save from a stale form is refused, nothing typed lost."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Messages of a workflow step refused together with this save (set by PublishableAdmin.get_form).
    workflow_refusal: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Để trống để tạo tự động từ tiêu đề (không dấu, đ → d).")
        pending_m2m = getattr(self.instance, "_pending_m2m", None)
        if pending_m2m and not self.is_bound:
            self.initial.update(pending_m2m)

    @cached_property
    def changed_data(self):
        """As Django's, except that rich text the editor only re-wrote (an empty body sent back as
        `<p>&nbsp;</p>`, spacing between tags) is not a change: a step taken without an edit records no edit
        (which would also make its approver the last editor, refused by the four-eyes rule)."""
        changed = super().changed_data
        return [name for name in changed if not self._same_rich_text(name)]

    def _same_rich_text(self, name):
        field = self.fields.get(name)
        if field is None or not isinstance(field.widget, CKEditor5Widget):
            return False
        initial = self.get_initial_for_field(field, name)
        sent = self[name].data
        return isinstance(sent, str) and _rich_text_key(initial) == _rich_text_key(sent)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = (
                type(self.instance)
                ._default_manager.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            expected = cleaned.get("expected_version")
            if current is not None and expected is not None and expected != current:
                # Re-show the form with the newer version, so a deliberate second save (after checking) goes through.
                self.data = self.data.copy()
                self.data[self.add_prefix("expected_version")] = current
                raise StaleVersion(current)
        if self.workflow_refusal:
            # The step asked for with this save was refused: nothing was saved, the form is shown again as typed.
            raise ValidationError(self.workflow_refusal)
        return cleaned


class StepRefused(Exception):
    """A workflow step asked for with a save was refused: raised out of the admin's transaction so the save is
    rolled back too, then the form is shown again with `messages` (PublishableAdmin.changeform_view)."""

    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


WORKFLOW_BUTTON = "_workflow"  # the name of the action bar's step buttons; their value is the step's name


def step_inputs(request):
    """What a step takes besides the item, from the action bar (`_workflow_*` fields; the plain names are the
    stand-alone step form's). Raises ValidationError for a publication time that does not parse."""
    post = request.POST

    def value(name):
        return post.get(f"{WORKFLOW_BUTTON}_{name}", post.get(name, "")) or ""

    step = post.get(WORKFLOW_BUTTON) or ""
    reason = post.get(f"{WORKFLOW_BUTTON}_reason_{step}") or value("reason")
    go_live_at = None
    if value("go_live_at"):
        try:
            go_live_at = forms.DateTimeField().clean(value("go_live_at"))
        except ValidationError:
            raise ValidationError(_("Thời điểm hẹn giờ không hợp lệ.")) from None
    return {
        "comment": value("comment"),
        "reason": reason,
        "go_live_at": go_live_at,
        "replacement_pk": value("replacement"),
        "notice": value("notice"),
    }


class PublishableAdmin(PublicLinkMixin, PortalScopedAdminMixin, admin.ModelAdmin):
    """Base admin for every registered publishable type (subclass it for a new type).

    The change form's action bar saves the form and takes the chosen workflow step in one request and one
    transaction (`save_related` → `_take_step`); when the step is refused nothing is saved and the form comes back
    as typed with the reason (docs/decisions/0120-save-and-act-in-one-step.md).
    """

    change_form_template = "admin/editorial/publishable_change_form.html"
    workflow_readonly = ("portal",)
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["bulk_submit", "bulk_forward", "bulk_approve", "bulk_archive"]
    form = PublishableForm

    # --- permissions: each one question to editorial.policy ------------------------------------------
    def has_module_permission(self, request):
        return policy.can_back_office(request.user)

    def has_view_permission(self, request, obj=None):
        return policy.can_back_office(request.user) if obj is None else policy.can_view(request.user, obj)

    def has_add_permission(self, request):
        return policy.can_add_content(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.can_back_office(request.user) if obj is None else policy.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can_delete(request.user, obj)

    def get_queryset(self, request):
        related = {"portal", "created_by", "pending_revision", *self.list_select_related}
        qs = super().get_queryset(request).select_related(*related)
        return qs.filter(policy.visible_q(request.user, self.model))

    def get_object(self, request, object_id, from_field=None):
        """Another portal's or category's content answers 403, not "not found"."""
        try:
            obj = self.model._default_manager.select_related("portal", "created_by", "pending_revision").get(
                pk=object_id
            )
        except (self.model.DoesNotExist, ValueError, ValidationError):
            return None
        policy.check_view(request.user, obj)
        if obj.pending_revision_id:
            # The editor works on the pending edit; the live row stays as it is.
            obj._pending_m2m = apply_snapshot(obj, obj.pending_revision.snapshot)
        return obj

    def get_readonly_fields(self, request, obj=None):
        return self.workflow_readonly if obj is not None else ()

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        key = search_key(search_term)
        condition = Q(search_text__icontains=key)
        if any(f.name == "slug" for f in self.model._meta.fields):  # leaders and schedule entries have no slug
            condition |= Q(slug__icontains=key.replace(" ", "-"))
        return queryset.filter(condition), False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        portal_ids = policy.editable_portal_ids(request.user)
        if db_field.name == "portal":
            kwargs["queryset"] = Portal.objects.filter(pk__in=portal_ids)
        elif db_field.name == "category":
            kwargs["queryset"] = Category.objects.filter(portal_id__in=portal_ids, is_active=True).select_related(
                "portal"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- saving goes through the services ---------------------------------------------------------
    def _m2m_from_form(self, form):
        reg = registration(self.model)
        return {f.name: list(form.cleaned_data[f.name]) for f in reg.m2m_fields if f.name in form.cleaned_data}

    def save_model(self, request, obj, form, change):
        m2m = self._m2m_from_form(form)
        if change and not form.has_changed():
            return  # nothing typed changed (e.g. only attachments): no new revision, no pending edit of live content
        if change:
            result = services.content_update(
                obj=obj, user=request.user, expected_version=form.cleaned_data.get("expected_version"), m2m=m2m
            )
            quiet = WORKFLOW_BUTTON in request.POST  # the step's own message follows
            if result.pending_revision_id and result.state in (State.PUBLISHED, State.SCHEDULED) and not quiet:
                messages.info(
                    request,
                    _("Bản sửa đã được lưu để duyệt; bản đang đăng vẫn hiển thị cho đến khi bản sửa được duyệt."),
                )
        else:
            services.content_create(obj=obj, user=request.user, m2m=m2m)

    def save_related(self, request, form, formsets, change):
        # Many-to-many values were saved (or kept for the pending revision) by the service.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        if change and request.POST.get(WORKFLOW_BUTTON):
            self._take_step(request, form.instance, request.POST[WORKFLOW_BUTTON])

    def _take_step(self, request, obj, step):
        """The step of the action bar, in the transaction of the save; refused → StepRefused (rolls both back)."""
        if step not in TRANSITIONS:
            raise StepRefused([_("Thao tác không hợp lệ ở trạng thái hiện tại.")])
        try:
            inputs = step_inputs(request)
            replacement_pk = inputs.pop("replacement_pk")
            replacement = None
            if replacement_pk:
                replacement = self.model._default_manager.filter(pk=replacement_pk).first()
            services.transition(obj=obj, user=request.user, name=step, replacement=replacement, **inputs)
        except (PermissionDenied, ValidationError) as exc:
            raise StepRefused(_refusal_messages(exc)) from exc
        request._editorial_step_taken = step

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_editorial_refusal", None)
        if refusal:
            form = type(form.__name__, (form,), {"workflow_refusal": refusal})
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            except StepRefused as exc:
                # The save and the step were rolled back together: show the form again as typed, with the reason.
                request._editorial_refusal = [
                    _("Chưa lưu và chưa thực hiện “%(step)s”: %(reason)s")
                    % {"step": TRANSITIONS[request.POST[WORKFLOW_BUTTON]].label, "reason": message}
                    if request.POST.get(WORKFLOW_BUTTON) in TRANSITIONS
                    else message
                    for message in exc.messages
                ]
                return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersion as exc:  # lost the race between the form check and the locked save
            messages.error(request, exc.messages[0])
            return HttpResponseRedirect(request.path)

    def response_change(self, request, obj):
        step = getattr(request, "_editorial_step_taken", None)
        if step is None:
            return super().response_change(request, obj)
        obj.refresh_from_db()
        messages.success(
            request,
            _("Đã thực hiện “%(step)s” (các thay đổi trong biểu mẫu đã được lưu). Trạng thái hiện tại: %(state)s.")
            % {"step": TRANSITIONS[step].label, "state": obj.get_workflow_state_display()},
        )
        return redirect(self._change_url(obj))

    # --- change page: workflow panel, history, revisions -------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, obj):
        steps = available_transitions(request.user, obj)
        replacements = []
        if any(s.name == "unpublish" for s in steps):
            replacements = list(
                self.model.objects.published().filter(portal_id=obj.portal_id).exclude(pk=obj.pk).order_by("-pk")[:50]
            )
        history = (
            AuditEvent.objects.filter(content_type=content_type_for(self.model), object_id=obj.pk)
            .select_related("actor", "revision")
            .order_by("-created_at", "-id")
        )
        revisions = Revision.objects.filter(content_type=content_type_for(self.model), object_id=obj.pk).select_related(
            "author"
        )
        posted = request.POST if request.method == "POST" else {}
        return {
            "workflow_button": WORKFLOW_BUTTON,
            # What was typed in the action bar, shown again when the form comes back refused.
            "workflow_posted": {
                key.removeprefix(f"{WORKFLOW_BUTTON}_"): posted.get(key, "")
                for key in posted
                if key.startswith(f"{WORKFLOW_BUTTON}_") and posted.get(key)
            },
            "workflow_can_save": self.has_change_permission(request, obj),
            "workflow_steps": steps,
            "workflow_unavailable": [
                {"label": t.label, "name": t.name, "reason": reason}
                for t, reason, wrong_state in unavailable_transitions(request.user, obj)
                if not wrong_state
            ],
            "workflow_later": [
                {"label": t.label, "name": t.name, "reason": reason}
                for t, reason, wrong_state in unavailable_transitions(request.user, obj)
                if wrong_state
            ],
            "workflow_state": obj.get_workflow_state_display(),
            "has_pending": obj.pending_revision_id is not None,
            "refusal_reasons": RefusalReason.choices,
            "unpublish_reasons": UnpublishReason.choices,
            "replacements": replacements,
            "history": history,
            "preview_links": services.preview_links(obj),
            "can_share_preview": policy.can_share_preview(request.user, obj),
            "revisions": revisions,
            "opts": self.model._meta,
        }

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/workflow/<str:step>/", wrap(self.workflow_view), name=f"{prefix}_workflow"),
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name=f"{prefix}_revisions"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(self.restore_view),
                name=f"{prefix}_restore",
            ),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path("<path:object_id>/share-preview/", wrap(self.share_preview_view), name=f"{prefix}_share"),
            path(
                "<path:object_id>/share-preview/<int:link_id>/revoke/",
                wrap(self.revoke_preview_view),
                name=f"{prefix}_revoke_share",
            ),
        ] + super().get_urls()

    def _change_url(self, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    def _load(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(_("Không tìm thấy nội dung."))
        return obj

    def workflow_view(self, request, object_id, step):
        """A step without a save: the action bar of a read-only item (nothing to save) posts here."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if step not in TRANSITIONS:
            raise Http404
        obj = self._load(request, object_id)
        try:
            inputs = step_inputs(request)
            replacement_pk = inputs.pop("replacement_pk")
            replacement = None
            if replacement_pk:
                replacement = self.model._default_manager.filter(pk=replacement_pk).first()
            services.transition(obj=obj, user=request.user, name=step, replacement=replacement, **inputs)
        except EditorialPermissionDenied as exc:  # the user sees the item: say why here, not on a bare 403
            messages.error(
                request,
                _("Chưa thực hiện “%(step)s”: %(reason)s")
                % {"step": TRANSITIONS[step].label, "reason": _refusal_messages(exc)[0]},
            )
            return redirect(self._change_url(obj))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(self._change_url(obj))
        obj.refresh_from_db()
        messages.success(
            request,
            _("Đã thực hiện “%(step)s”. Trạng thái hiện tại: %(state)s.")
            % {"step": TRANSITIONS[step].label, "state": obj.get_workflow_state_display()},
        )
        return redirect(self._change_url(obj))

    def revisions_view(self, request, object_id):
        obj = self._load(request, object_id)
        revisions = list(
            Revision.objects.filter(content_type=content_type_for(self.model), object_id=obj.pk).select_related(
                "author"
            )
        )
        by_number = {r.number: r for r in revisions}
        diff, old, new = [], None, None
        if len(revisions) >= 2:
            try:
                new = by_number.get(int(request.GET.get("b", revisions[0].number)))
                old = by_number.get(int(request.GET.get("a", revisions[1].number)))
            except ValueError:
                old = new = None
            if old and new:
                if old.number > new.number:
                    old, new = new, old
                diff = revision_diff(self.model, old, new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "original": obj,
            "title": _("Các phiên bản của “%(obj)s”") % {"obj": obj},
            "revisions": revisions,
            "diff": diff,
            "old": old,
            "new": new,
            "can_restore": policy.can_restore(request.user, obj),
        }
        return TemplateResponse(request, "admin/editorial/revisions.html", context)

    def restore_view(self, request, object_id, revision_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._load(request, object_id)
        revision = get_object_or_404(
            Revision, pk=revision_id, content_type=content_type_for(self.model), object_id=obj.pk
        )
        services.revision_restore(obj=obj, revision=revision, user=request.user)
        messages.success(
            request, _("Đã khôi phục nội dung của phiên bản %(n)s thành phiên bản mới.") % {"n": revision.number}
        )
        return redirect(self._change_url(obj))

    def preview_view(self, request, object_id):
        from .views import render_preview

        return render_preview(request, self._load(request, object_id), banner=_("Bản xem trước — chưa xuất bản"))

    def share_preview_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._load(request, object_id)
        token = services.preview_token(obj=obj, user=request.user)  # policy.check_share_preview
        url = request.build_absolute_uri(reverse("editorial_shared_preview", args=[token]))
        hours = round(settings.EDITORIAL_PREVIEW_MAX_AGE / 3600)
        messages.success(
            request,
            format_html(
                "{} <a href='{}' class='editorial-share-link'>{}</a>",
                _("Đường dẫn xem trước (hết hạn sau %(h)s giờ, không cần tài khoản):") % {"h": hours},
                url,
                url,
            ),
        )
        return redirect(self._change_url(obj))

    def revoke_preview_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._load(request, object_id)
        link = get_object_or_404(PreviewLink, pk=link_id, content_type=content_type_for(self.model), object_id=obj.pk)
        services.preview_revoke(obj=obj, link=link, user=request.user)  # policy.check_share_preview
        messages.success(request, _("Đã thu hồi đường dẫn xem trước; người nhận không mở được nữa."))
        return redirect(self._change_url(obj))

    # --- list ----------------------------------------------------------------------------------
    @admin.display(description=gettext_lazy("trạng thái"), ordering="state")
    def workflow_state_display(self, obj):
        if obj.pending_state:
            return format_html(
                "{} <br><small>{}: {}</small>", obj.get_state_display(), _("bản sửa"), obj.get_pending_state_display()
            )
        return obj.get_state_display()

    @admin.display(description=gettext_lazy("người tạo"), ordering="created_by__username")
    def author_display(self, obj):
        return obj.created_by.get_full_name() or obj.created_by.get_username() if obj.created_by else "—"

    # --- bulk actions: each object goes through the service and its rule -----------------------------
    def _bulk(self, request, queryset, step):
        done, refused = 0, []
        for obj in queryset:
            try:
                services.transition(obj=obj, user=request.user, name=step)
                done += 1
            except (PermissionDenied, ValidationError) as exc:
                refused.append(f"“{obj}”: {' '.join(_refusal_messages(exc))}")
        if done:
            messages.success(
                request, _("%(step)s: %(n)s mục.") % {"step": TRANSITIONS[step].label, "n": done}, fail_silently=True
            )
        if refused:
            messages.warning(
                request,
                _("Bỏ qua %(n)s mục; lý do của từng mục ở dưới.") % {"n": len(refused)},
                fail_silently=True,
            )
            for reason in refused[:20]:  # one line per skipped item, with the rule's reason
                messages.warning(request, reason, fail_silently=True)
            if len(refused) > 20:
                messages.warning(
                    request, _("… và %(n)s mục khác bị bỏ qua.") % {"n": len(refused) - 20}, fail_silently=True
                )

    @admin.action(description=gettext_lazy("Gửi duyệt các mục đã chọn"))
    def bulk_submit(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=gettext_lazy("Chuyển tiếp các mục đã chọn"))
    def bulk_forward(self, request, queryset):
        self._bulk(request, queryset, "forward")

    @admin.action(description=gettext_lazy("Duyệt và xuất bản các mục đã chọn"))
    def bulk_approve(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=gettext_lazy("Lưu trữ các mục đã chọn"))
    def bulk_archive(self, request, queryset):
        self._bulk(request, queryset, "archive")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        if not policy.can_bulk_approve(request.user):
            actions.pop("bulk_approve", None)
        if not policy.can_bulk_forward(request.user):
            actions.pop("bulk_forward", None)
        return actions


class PortalOfUserFilter(admin.SimpleListFilter):
    title = gettext_lazy("cổng")
    parameter_name = "portal"

    def lookups(self, request, model_admin):
        ids = portal_ids_for(request.user)
        return [(str(p.pk), p.name) for p in Portal.objects.filter(pk__in=ids).order_by("tree_id", "lft")]

    def queryset(self, request, queryset):
        return queryset.filter(portal_id=self.value()) if self.value() else queryset


class CategoryOfUserFilter(admin.SimpleListFilter):
    title = gettext_lazy("chuyên mục")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        ids = portal_ids_for(request.user)
        qs = Category.objects.filter(portal_id__in=ids).select_related("portal").order_by("portal_id", "tree_id", "lft")
        return [(str(c.pk), f"{c.portal.short_name} · {'— ' * c.level}{c.name}") for c in qs]

    def queryset(self, request, queryset):
        return queryset.filter(category_id=self.value()) if self.value() else queryset


class WorkflowStateFilter(admin.SimpleListFilter):
    """State as the board sees it: live items being edited count under their pending edit's state too."""

    title = gettext_lazy("trạng thái")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(Q(state=self.value()) | Q(pending_state=self.value()))


class AuthorFilter(admin.SimpleListFilter):
    title = gettext_lazy("người tạo")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        ids = portal_ids_for(request.user)
        users = get_user_model().objects.filter(memberships__portal_id__in=ids).distinct().order_by("username")[:200]
        return [(str(u.pk), u.get_full_name() or u.username) for u in users]

    def queryset(self, request, queryset):
        return queryset.filter(created_by_id=self.value()) if self.value() else queryset


class ArticleForm(PublishableForm):
    class Meta:
        model = Article
        fields = (
            "portal",
            "category",
            "language",
            "translation_of",
            "title",
            "slug",
            "summary",
            "body",
            "featured_image",
            "image_caption",
            "tags",
            "author_name",
            "source",
            "is_reference",
            "is_featured",
            "go_live_at",
            "expire_at",
        )

    def clean(self):
        cleaned = super().clean()
        category, portal = cleaned.get("category"), cleaned.get("portal") or getattr(self.instance, "portal", None)
        if category and portal and category.portal_id != portal.pk:
            self.add_error("category", _("Chuyên mục này thuộc cổng khác."))
        if category and cleaned.get("is_reference") and not category.is_reference:
            self.add_error(
                "category", _("Tin tham khảo chỉ được đăng trong chuyên mục “tin tham khảo” [Quy chế Điều 9.2].")
            )
        if category and category.is_reference and not cleaned.get("is_reference"):
            cleaned["is_reference"] = True
        return cleaned


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "portal",
        "category",
        "workflow_state_display",
        "language",
        "author_display",
        "published_at",
        "updated_at",
    )
    list_select_related = ("portal", "category", "created_by")
    list_filter = (
        WorkflowStateFilter,
        CategoryOfUserFilter,
        PortalOfUserFilter,
        "language",
        AuthorFilter,
        "is_reference",
        "published_at",
        "created_at",
    )
    search_fields = ("title",)
    autocomplete_fields = ("tags",)
    raw_id_fields = ("translation_of",)
    fieldsets = (
        (None, {"fields": ("portal", "category", "language", "translation_of")}),
        (
            gettext_lazy("Nội dung"),
            {"fields": ("title", "slug", "summary", "body", "featured_image", "image_caption", "tags")},
        ),
        (
            gettext_lazy("Nguồn và tác giả (bắt buộc)"),
            {"fields": ("author_name", "source", "is_reference", "is_featured")},
        ),
        (gettext_lazy("Thời gian hiển thị"), {"fields": ("go_live_at", "expire_at")}),
        (None, {"fields": ("expected_version",)}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and obj.portal_id and "body" in form.base_fields:
            # Body images of an existing article go to its portal's folder (docs/decisions/0203).
            from .images import PortalImageUploadWidget

            form.base_fields["body"].widget = PortalImageUploadWidget(
                config_name="default", upload_portal_id=obj.portal_id
            )
        return form


class LegalDocumentFileForm(forms.ModelForm):
    class Meta:
        model = LegalDocumentFile
        fields = ("file", "title")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            kind = LegalDocumentFile._meta.get_field("file").upload_check.verify(upload)
            self.instance.size = upload.size
            self.instance.content_type = CONTENT_TYPES[kind]
        return upload


class LegalDocumentFileInline(admin.TabularInline):
    model = LegalDocumentFile
    form = LegalDocumentFileForm
    extra = 1
    readonly_fields = ("size", "content_type")

    # Files go live at once on a live document: only its approver changes them there (policy.check_change_attachments).
    def has_add_permission(self, request, obj=None):
        return obj is None or policy.can_change_attachments(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is None or policy.can_change_attachments(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or policy.can_change_attachments(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return True


class LegalDocumentForm(PublishableForm):
    class Meta:
        model = LegalDocument
        fields = (
            "portal",
            "language",
            "number",
            "doc_type",
            "issuing_body",
            "signer",
            "issued_on",
            "effective_on",
            "validity",
            "field",
            "title",
            "slug",
            "summary",
            "amends",
            "replaces",
            "go_live_at",
            "expire_at",
        )


@admin.register(LegalDocument)
class LegalDocumentAdmin(PublishableAdmin):
    form = LegalDocumentForm
    inlines = [LegalDocumentFileInline]
    list_display = (
        "number",
        "title",
        "doc_type",
        "issuing_body",
        "issued_on",
        "validity",
        "workflow_state_display",
        "portal",
    )
    list_select_related = ("portal", "created_by")
    list_filter = (
        WorkflowStateFilter,
        PortalOfUserFilter,
        "doc_type",
        "validity",
        "language",
        AuthorFilter,
        "issued_on",
        "created_at",
    )
    search_fields = ("number", "title")
    filter_horizontal = ("amends", "replaces")
    fieldsets = (
        (None, {"fields": ("portal", "language")}),
        (
            gettext_lazy("Thông tin văn bản"),
            {
                "fields": (
                    "number",
                    "doc_type",
                    "issuing_body",
                    "signer",
                    "issued_on",
                    "effective_on",
                    "validity",
                    "field",
                    "title",
                    "slug",
                    "summary",
                )
            },
        ),
        (gettext_lazy("Văn bản liên quan"), {"fields": ("amends", "replaces")}),
        (gettext_lazy("Thời gian hiển thị"), {"fields": ("go_live_at", "expire_at")}),
        (None, {"fields": ("expected_version",)}),
    )

    def save_formset(self, request, form, formset, change):
        if formset.model is not LegalDocumentFile or not change:
            return super().save_formset(request, form, formset, change)

        def apply():
            formset.save()
            names = [
                *(_("thêm “%(f)s”") % {"f": f} for f in formset.new_objects),
                *(_("thay “%(f)s”") % {"f": f} for f, _fields in formset.changed_objects),
                *(_("xóa “%(f)s”") % {"f": f} for f in formset.deleted_objects),
            ]
            return (_("Tệp đính kèm: %(changes)s") % {"changes": "; ".join(names)}) if names else ""

        if formset.has_changed():
            services.attachments_update(obj=form.instance, user=request.user, apply=apply)
        else:
            formset.save()  # saves nothing; sets new/changed/deleted_objects for the admin's change message

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("amends", "replaces"):
            kwargs["queryset"] = LegalDocument.objects.filter(portal_id__in=portal_ids_for(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# --- Categories and board assignments ----------------------------------------------------------------


class CategoryForm(forms.ModelForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Thành viên, thư ký được phân công"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Được biên tập, duyệt và chuyển tiếp tin trong chuyên mục này và các chuyên mục con."),
    )

    class Meta:
        model = Category
        fields = (
            "portal",
            "parent",
            "name",
            "name_en",
            "slug",
            "description",
            "is_reference",
            "show_in_menu",
            "is_active",
            "sort_order",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        if "slug" not in self.fields:
            return  # view-only page: every field is read-only
        portal_id = self.instance.portal_id if self.instance.pk else None
        members = Membership.objects.filter(role__in=roles.REVIEWERS)
        if portal_id:
            members = members.filter(portal_id=portal_id)
        self.fields["reviewers"].queryset = (
            get_user_model().objects.filter(pk__in=members.values("user_id")).order_by("username")
        )
        self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["parent"].queryset = Category.objects.filter(portal_id=self.instance.portal_id).exclude(
                pk__in=self.instance.get_descendants(include_self=True).values("pk")
            )
            self.fields["reviewers"].initial = list(
                get_users_with_perms(self.instance, only_with_perms_in=["review_category"], with_superusers=False)
            )

    def clean(self):
        cleaned = super().clean()
        parent, portal = cleaned.get("parent"), cleaned.get("portal")
        if parent and portal and parent.portal_id != portal.pk:
            self.add_error("parent", _("Chuyên mục cha phải thuộc cùng cổng."))
        return cleaned


@admin.register(Category)
class CategoryAdmin(PublicLinkMixin, PortalScopedAdminMixin, DraggableMPTTAdmin):
    form = CategoryForm
    list_display = ("tree_actions", "indented_title", "portal", "is_reference", "show_in_menu", "is_active")
    list_display_links = ("indented_title",)
    list_filter = (PortalOfUserFilter, "is_reference", "is_active")
    search_fields = ("name", "slug")
    list_select_related = ("portal",)

    def has_module_permission(self, request):
        return policy.can_back_office(request.user)

    def has_view_permission(self, request, obj=None):
        return policy.can_view_category(request.user, obj)

    def has_add_permission(self, request):
        return policy.can_manage_categories(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.can_change_category(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can_delete_category(request.user, obj)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(portal_id__in=portal_ids_for(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = (
            Portal.objects.values_list("pk", flat=True)
            if request.user.is_superuser
            else portal_ids_for(request.user, *roles.MANAGERS)
        )
        if db_field.name == "portal":
            kwargs["queryset"] = Portal.objects.filter(pk__in=ids)
        elif db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(portal_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # Every write goes through a service: policy check, audit row, page cache dropped on commit.
    def save_model(self, request, obj, form, change):
        services.category_save(category=obj, user=request.user, changed_fields=form.changed_data if change else ())

    def delete_model(self, request, obj):
        services.category_delete(category=obj, user=request.user)

    def delete_selected_tree(self, modeladmin, request, queryset):
        """django-mptt's bulk delete (the confirmation page is its own); the deletions go through the service."""
        if not request.POST.get("post"):
            return super().delete_selected_tree(modeladmin, request, queryset)
        done = 0
        for category in queryset.order_by("-level"):  # children first: a deleted parent takes its sub-tree along
            if Category.objects.filter(pk=category.pk).exists() and self.has_delete_permission(request, category):
                services.category_delete(category=category, user=request.user)
                done += 1
        self.message_user(request, _("Đã xóa %(n)d chuyên mục.") % {"n": done})
        return None

    def _move_node(self, request):
        """Drag and drop (django-mptt's changelist command) through services.category_move."""
        from django.http import HttpResponse
        from mptt.exceptions import InvalidMove

        position = request.POST.get("position")
        if position not in ("last-child", "left", "right"):
            return HttpResponse("FAIL, unknown instruction.")
        queryset = self.get_queryset(request)
        try:
            cut_item = queryset.get(pk=request.POST.get("cut_item"))
            pasted_on = queryset.get(pk=request.POST.get("pasted_on"))
        except (Category.DoesNotExist, TypeError, ValueError):
            return HttpResponse("FAIL, invalid objects.")
        if not self.has_change_permission(request, cut_item):
            return HttpResponse("FAIL, no permission.")
        try:
            services.category_move(category=cut_item, target=pasted_on, position=position, user=request.user)
        except ValidationError as exc:
            self.message_user(request, exc.messages[0], messages.ERROR)
            return HttpResponse("FAIL, other portal.")
        except InvalidMove as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        self.message_user(request, _("Đã chuyển chuyên mục “%(c)s”.") % {"c": cut_item})
        return HttpResponse("OK, moved.")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        category = form.instance
        wanted = set(form.cleaned_data.get("reviewers") or [])
        current = set(get_users_with_perms(category, only_with_perms_in=["review_category"], with_superusers=False))
        for user in wanted - current:
            try:
                services.category_assign(category=category, user=user, assigned_by=request.user)
            except ValidationError as exc:
                messages.error(request, f"{user}: {exc.messages[0]}")
        for user in current - wanted:
            services.category_unassign(category=category, user=user, assigned_by=request.user)


@admin.register(Tag)
class TagAdmin(BackOfficeMixin, admin.ModelAdmin):
    search_fields = ("name",)
    list_display = ("name", "slug")

    def has_add_permission(self, request):
        return policy.can_manage_tags(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.can_manage_tags(request.user)

    def has_delete_permission(self, request, obj=None):
        return policy.can_delete_tag(request.user)


# --- Delegations ------------------------------------------------------------------------------------


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ("portal", "chief", "deputy", "valid_from", "valid_to", "categories", "scope_note", "revoked_at")


@admin.register(Delegation)
class DelegationAdmin(BackOfficeMixin, PortalScopedAdminMixin, admin.ModelAdmin):
    form = DelegationForm
    list_display = ("portal", "chief", "deputy", "valid_from", "valid_to", "revoked_at")
    list_filter = (PortalOfUserFilter, "valid_from")
    list_select_related = ("portal", "chief", "deputy")
    filter_horizontal = ("categories",)

    def has_add_permission(self, request):
        return policy.can_add_delegation(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.can_change_delegation(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of who could approve when is part of the audit (no policy needed)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(portal_id__in=portal_ids_for(request.user))

    def save_model(self, request, obj, form, change):
        if change:  # changed or ended: audited by the service, categories set there too
            services.delegation_update(
                delegation=obj,
                user=request.user,
                changed_fields=form.changed_data,
                categories=form.cleaned_data.get("categories") or [],
            )
            return
        delegation = services.delegation_create(
            portal=obj.portal,
            chief=obj.chief,
            deputy=obj.deputy,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            categories=form.cleaned_data.get("categories") or [],
            scope_note=obj.scope_note,
            created_by=request.user,
        )
        form.instance = obj = delegation
        obj.pk = delegation.pk

    def save_related(self, request, form, formsets, change):
        pass  # the services set the categories


# --- Audit log -------------------------------------------------------------------------------------


@admin.register(AuditEvent)
class AuditEventAdmin(BackOfficeMixin, ReadOnlyMixin, PortalScopedAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "portal", "actor_name", "action", "object_repr", "from_state", "to_state", "short")
    list_filter = (PortalOfUserFilter, "action", "actor", "created_at", "content_type")
    search_fields = ("object_repr", "actor_name", "comment")
    date_hierarchy = "created_at"
    list_select_related = ("portal",)
    list_per_page = 100

    @admin.display(description=gettext_lazy("ý kiến"))
    def short(self, obj):
        return (obj.comment[:80] + "…") if len(obj.comment) > 80 else obj.comment

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        board = portal_ids_for(request.user, *roles.BOARD)
        return qs.filter(Q(portal_id__in=board) | Q(actor=request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(WorkItem)
class WorkItemAdmin(BackOfficeMixin, ReadOnlyMixin, PortalScopedAdminMixin, admin.ModelAdmin):
    """The admin index entry for "My work"; the page itself is editorial.views.my_work."""

    def changelist_view(self, request, extra_context=None):
        return redirect("editorial_my_work")


# --- Syndication to the provincial portal (docs/decisions/0414) ------------------------------------


class SyndicationForm(forms.ModelForm):
    class Meta:
        model = Syndication
        fields = ("article", "note")


@admin.register(Syndication)
class SyndicationAdmin(ReadOnlyMixin, PortalScopedAdminMixin, admin.ModelAdmin):
    """Component boards propose their published articles; the province's chief or deputy approves them."""

    form = SyndicationForm
    portal_field_path = "article__portal"
    list_display = ("article", "source_portal", "target_category", "status", "proposed_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("article__portal", "target_category", "decided_by")
    actions = ["approve_selected", "refuse_selected"]

    @admin.display(description=gettext_lazy("cổng đơn vị"))
    def source_portal(self, obj):
        return obj.article.portal

    def scope_queryset(self, request, queryset):
        ids = self.portal_ids(request)
        if ids is None:
            return queryset
        # The proposing board sees its proposals, the province's board those addressed to it.
        return queryset.filter(Q(article__portal_id__in=ids) | Q(target_category__portal_id__in=ids))

    def get_object(self, request, object_id, from_field=None):
        try:
            return self.get_queryset(request).get(pk=object_id)
        except (Syndication.DoesNotExist, ValueError, ValidationError):
            if self.portal_ids(request) is None:
                return None
            raise Http404("No such object in your portals") from None

    def has_add_permission(self, request):
        from .syndication import PROPOSER_ROLES

        # Roles held are read once per request for the whole sidebar; the add form then offers only articles of
        # component portals where the user holds one of them.
        return request.user.is_superuser or self._roles_allow(request, PROPOSER_ROLES)

    def _proposable_portal_ids(self, request):
        from .syndication import PROPOSER_ROLES

        ids = portal_ids_for(request.user, *PROPOSER_ROLES)
        return set(Portal.objects.filter(pk__in=ids, parent__isnull=False).values_list("pk", flat=True))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            articles = Article.objects.filter(state=State.PUBLISHED, portal__parent__isnull=False)
            if not request.user.is_superuser:
                articles = articles.filter(portal_id__in=self._proposable_portal_ids(request))
            kwargs["queryset"] = articles.select_related("portal").order_by("-published_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        from .syndication import syndication_propose

        try:
            saved = syndication_propose(article=obj.article, user=request.user, note=obj.note)
        except EditorialPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        obj.pk = saved.pk
        form.instance = saved

    def save_related(self, request, form, formsets, change):
        return None

    @admin.action(description=gettext_lazy("Duyệt đăng các tin đã chọn lên cổng tỉnh"))
    def approve_selected(self, request, queryset):
        from .syndication import syndication_approve

        done = 0
        for syndication in queryset.filter(status=Syndication.Status.PROPOSED):
            try:
                syndication_approve(syndication=syndication, user=request.user)
            except (EditorialPermissionDenied, ValidationError) as exc:
                self.message_user(request, f"{syndication}: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("Đã duyệt %(n)d tin lên cổng tỉnh.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Không duyệt các tin đã chọn (ghi lý do)"))
    def refuse_selected(self, request, queryset):
        from .syndication import syndication_refuse

        queryset = queryset.filter(status=Syndication.Status.PROPOSED).select_related("article__portal")
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("apply") and reason:
            done = 0
            for syndication in queryset:
                try:
                    syndication_refuse(syndication=syndication, user=request.user, reason=reason)
                except (EditorialPermissionDenied, ValidationError) as exc:
                    self.message_user(request, f"{syndication}: {exc}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(request, _("Đã không duyệt %(n)d tin.") % {"n": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Không duyệt tin đề xuất lên cổng tỉnh"),
            "opts": self.model._meta,
            "queryset": queryset,
            "reason": reason,
            "error": _("Cần ghi lý do không duyệt.") if request.POST.get("apply") else "",
        }
        return TemplateResponse(request, "admin/editorial/syndication_refuse.html", context)


# The public site's publishable types (leaders, schedule, consultation drafts) register their admins here too.
from . import admin_types  # noqa: E402,F401
