"""The board's and the agencies' back office.

Questions and assignments are read-only in the admin: every change goes through a form view that calls a service
(forward, reject, publish, spam; answer, interim reply, send back). Board members see the questions of the portals
where they hold a board role; an agency's focal officers see only their agency's assignments (querysets restricted
here, permission checked again in the services). Anything outside the queryset is a 404.
"""

import mimetypes

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from components.admin_scoping import PortalScopedAdminMixin
from components.uploads import CONTENT_TYPES, EXTENSIONS, name_for_kind

from . import deadlines, forms, policy, selectors, services
from .calendar import local_today
from .models import (
    Assignment,
    Attachment,
    BlockedSender,
    CalendarOverride,
    DataRequest,
    Event,
    Field,
    InboxQuestion,
    Notification,
    Question,
    RetentionError,
)
from .policy import FeedbackPermissionDenied, agency_ids_for, board_portal_ids


class ReadOnlyWorkflowAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    """Rows change only through the workflow views; the change form is a read-only record.

    Separation is feedback's own (docs/decisions/0411): each get_queryset keeps the board's portals and the
    officer's agencies, so the mixin adds no portal filter of its own (an agency officer of portal A must still
    read a question of portal B forwarded to their agency); object URLs outside that queryset answer 404.
    """

    portal_field_path = "portal"

    def scope_queryset(self, request, queryset):
        return queryset

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return policy.can_back_office(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletion one by one, under the retention rule
        return actions

    def _visible_or_404(self, request, pk):
        obj = self.get_queryset(request).filter(pk=pk).first()
        if obj is None:
            raise Http404(_("Không tìm thấy hoặc không có quyền truy cập."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._visible_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _form_view(self, request, obj, form_class, title, handler, *, initial=None, context=None):
        form = form_class(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                message = handler(form.cleaned_data)  # a FeedbackPermissionDenied goes through: 403, its message
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect(reverse(f"admin:feedback_{obj._meta.model_name}_change", args=[obj.pk]))
        return TemplateResponse(
            request,
            "admin/feedback/action_form.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": obj,
                "title": title,
                "form": form,
                **(context or {}),
            },
        )


class BoardPortalFilter(admin.SimpleListFilter):
    title = _("hạn trả lời")
    parameter_name = "han"

    def lookups(self, request, model_admin):
        return [("overdue", _("Quá hạn")), ("today", _("Đến hạn hôm nay")), ("open", _("Đang xử lý"))]

    def queryset(self, request, queryset):
        today = local_today()
        prefix = "" if queryset.model is Assignment else "assignments__"
        rule = {
            "overdue": deadlines.overdue_q(today, prefix),
            "today": deadlines.due_on_q(today, prefix),
            "open": deadlines.open_q(prefix),
        }.get(self.value())
        return queryset if rule is None else queryset.filter(rule).distinct()


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("download", "kind", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return policy.can_back_office(request.user)

    @admin.display(description=_("tệp"))
    def download(self, obj):
        url = reverse("admin:feedback_question_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "actor", "assignment", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return policy.can_back_office(request.user)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    can_delete = False
    fields = (
        "agency",
        "klass",
        "forwarded_at",
        "due_date",
        "current_due_date",
        "status",
        "answered_at",
        "returned_reason",
    )
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return policy.can_back_office(request.user)


@admin.register(Question)
class QuestionAdmin(ReadOnlyWorkflowAdmin):
    list_display = (
        "tracking_code",
        "title",
        "portal",
        "status",
        "klass",
        "field",
        "submitted_at",
        "due",
        "is_published",
        "is_spam",
    )
    list_filter = ("status", BoardPortalFilter, "klass", "field", "is_published", "is_spam", "portal")
    search_fields = ("tracking_code", "title", "name", "email")
    list_select_related = ("portal", "field")
    date_hierarchy = "submitted_at"
    inlines = [AttachmentInline, AssignmentInline, EventInline]
    change_form_template = "admin/feedback/question/change_form.html"
    change_list_template = "admin/feedback/question/change_list.html"
    actions = ["mark_spam"]
    fieldsets = (
        (
            _("Người hỏi"),
            {"fields": ("name", "email", "phone", "address", "show_name", "language", "submitter_ip")},
        ),
        (_("Câu hỏi"), {"fields": ("portal", "tracking_code", "field", "title", "body", "submitted_at")}),
        (
            _("Xử lý"),
            {"fields": ("status", "klass", "reject_reason", "reject_note", "answered_by", "answer_text", "closed_at")},
        ),
        (
            _("Công khai"),
            {"fields": ("is_published", "published_at", "published_title", "published_body", "published_answer")},
        ),
        (
            _("Đồng ý xử lý dữ liệu cá nhân, lưu trữ"),
            {"fields": ("consent_text", "consent_at", "consent_ip", "anonymised_at", "archived_at")},
        ),
        (_("Thư rác"), {"fields": ("is_spam",)}),
    )

    def get_queryset(self, request):
        open_assignment = Assignment.objects.filter(
            question=OuterRef("pk"), status__in=Assignment.OPEN_STATUSES
        ).order_by("-pk")
        qs = (
            super()
            .get_queryset(request)
            .select_related("portal", "field")
            .annotate(due_on=Subquery(open_assignment.values("current_due_date")[:1]))
        )
        user = request.user
        if user.is_superuser:
            return qs
        return qs.filter(portal_id__in=board_portal_ids(user))

    def has_module_permission(self, request):
        return policy.can_questions(request.user)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published and not obj.is_spam else None

    @admin.display(description=_("hạn trả lời"), ordering="due_on")
    def due(self, obj):
        due_on = getattr(obj, "due_on", None)
        if due_on is None:
            return "—"
        if deadlines.is_past(due_on, local_today()):  # due_on is an open assignment's date
            return format_html('<strong style="color:#b00020">{} ({})</strong>', f"{due_on:%d/%m/%Y}", _("quá hạn"))
        return f"{due_on:%d/%m/%Y}"

    def has_view_permission(self, request, obj=None):
        return policy.can_view_question(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.can_delete_question(request.user, obj)

    def delete_model(self, request, obj):
        try:
            services.question_delete(question=obj, user=request.user)
        except RetentionError as exc:
            raise PermissionDenied(exc.messages[0]) from exc

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("statistics/", wrap(self.statistics_view), name="feedback_question_statistics"),
            path("<int:pk>/forward/", wrap(self.forward_view), name="feedback_question_forward"),
            path("<int:pk>/reject/", wrap(self.reject_view), name="feedback_question_reject"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="feedback_question_publish"),
            path("<int:pk>/spam/", wrap(self.spam_view), name="feedback_question_spam"),
            path("<int:pk>/unpublish/", wrap(self.unpublish_view), name="feedback_question_unpublish"),
            path("attachment/<int:pk>/", wrap(self.attachment_view), name="feedback_question_attachment"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = self._visible_or_404(request, object_id)
        extra = {
            "can_route": policy.can_forward(request.user, question),
            "can_publish": policy.can_publish(request.user, question),
            "can_spam": policy.can_mark_spam(request.user, question),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def forward_view(self, request, pk):
        question = self._visible_or_404(request, pk)

        def handle(data):
            assignment = services.question_forward(
                question=question,
                agency=data["agency"],
                klass=data["klass"],
                field=data["field"],
                note=data["note"],
                coordinating=data["coordinating"],
                user=request.user,
            )
            return _("Đã chuyển đến %(agency)s, hạn trả lời %(due)s.") % {
                "agency": assignment.agency,
                "due": assignment.due_date.strftime("%d/%m/%Y"),
            }

        initial = {"klass": question.klass or "competent", "field": question.field_id}
        return self._form_view(
            request, question, forms.ForwardForm, _("Phân loại và chuyển câu hỏi"), handle, initial=initial
        )

    def reject_view(self, request, pk):
        question = self._visible_or_404(request, pk)

        def handle(data):
            services.question_reject(question=question, reason=data["reason"], note=data["note"], user=request.user)
            return _("Đã từ chối tiếp nhận; người hỏi được thông báo qua thư điện tử.")

        return self._form_view(request, question, forms.RejectForm, _("Không tiếp nhận câu hỏi"), handle)

    def publish_view(self, request, pk):
        question = self._visible_or_404(request, pk)

        def handle(data):
            services.question_publish(
                question=question, user=request.user, title=data["title"], body=data["body"], answer=data["answer"]
            )
            return _("Đã công khai câu hỏi và trả lời.")

        initial = {
            "title": question.published_title or question.title,
            "body": question.published_body or question.body,
            "answer": question.published_answer or question.answer_text,
        }
        return self._form_view(
            request,
            question,
            forms.PublishForm,
            _("Duyệt công khai (lược bỏ dữ liệu cá nhân)"),
            handle,
            initial=initial,
        )

    def unpublish_view(self, request, pk):
        question = self._visible_or_404(request, pk)

        def handle(data):
            services.question_unpublish(question=question, user=request.user)
            return _("Đã gỡ câu hỏi khỏi trang công khai.")

        return self._form_view(request, question, forms.ConfirmForm, _("Gỡ công khai"), handle)

    def spam_view(self, request, pk):
        question = self._visible_or_404(request, pk)

        def handle(data):
            services.question_mark_spam(
                question=question, user=request.user, block=data["block"], reason=data["reason"]
            )
            return _("Đã đánh dấu thư rác.")

        return self._form_view(request, question, forms.SpamForm, _("Đánh dấu thư rác, chặn người gửi"), handle)

    @admin.action(description=_("Đánh dấu thư rác"))
    def mark_spam(self, request, queryset):
        done = 0
        for question in queryset.select_related("portal"):
            try:
                services.question_mark_spam(question=question, user=request.user)
                done += 1
            except FeedbackPermissionDenied:
                continue
        self.message_user(request, _("Đã đánh dấu %(n)s câu hỏi là thư rác.") % {"n": done})

    def attachment_view(self, request, pk):
        attachment = get_object_or_404(Attachment.objects.select_related("question__portal"), pk=pk)
        if not policy.can_download_attachment(request.user, attachment.question):
            raise Http404(_("Không tìm thấy hoặc không có quyền truy cập."))
        content_type = CONTENT_TYPES.get(attachment.kind) or mimetypes.guess_type(attachment.original_name)[0]
        # The citizen's name with the extension of the verified kind: "don.html" holding a PDF downloads as don.pdf.
        filename = name_for_kind(attachment.original_name, attachment.kind) if attachment.kind in EXTENSIONS else None
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=filename or attachment.original_name,
            content_type=content_type or "application/octet-stream",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    def statistics_view(self, request):
        portal_ids, agency_ids = policy.statistics_scope(request.user)
        stats = selectors.statistics(portal_ids=portal_ids, agency_ids=agency_ids, today=local_today())
        status_labels = dict(Question.Status.choices)
        klass_labels = dict(Assignment._meta.get_field("klass").choices)
        for row in stats["by_status"]:
            row["label"] = status_labels.get(row["status"], row["status"])
        for row in stats["by_klass"]:
            row["label"] = klass_labels.get(row["klass"], row["klass"])
        return TemplateResponse(
            request,
            "admin/feedback/statistics.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Thống kê hỏi đáp"),
                **stats,
            },
        )


@admin.register(InboxQuestion)
class InboxQuestionAdmin(QuestionAdmin):
    list_display = ("tracking_code", "title", "portal", "status", "field", "submitted_at")
    list_filter = ("status", "field", "portal")
    inlines = []
    change_list_template = "admin/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status__in=(Question.Status.NEW, Question.Status.RETURNED), is_spam=False)
            .order_by("submitted_at")
        )

    def get_urls(self):
        return admin.ModelAdmin.get_urls(self)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Only questions the user may read are redirected to; others answer 404 here already.
        if not str(object_id).isdigit() or not QuestionAdmin.get_queryset(self, request).filter(pk=object_id).exists():
            raise Http404
        return redirect(reverse("admin:feedback_question_change", args=[object_id]))


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyWorkflowAdmin):
    portal_field_path = "question__portal"
    list_display = (
        "code",
        "question_title",
        "agency",
        "klass",
        "forwarded_at",
        "due_date",
        "current_due_date",
        "status",
    )
    list_filter = ("status", BoardPortalFilter, "klass", "agency")
    search_fields = ("question__tracking_code", "question__title")
    list_select_related = ("question", "agency")
    date_hierarchy = "forwarded_at"
    change_form_template = "admin/feedback/assignment/change_form.html"
    change_list_template = "admin/feedback/assignment/change_list.html"
    readonly_fields = (
        "code",
        "agency",
        "coordinating_agencies",
        "klass",
        "forwarded_at",
        "due_date",
        "current_due_date",
        "status",
        "answered_at",
        "working_days_taken",
        "answered_on_time",
        "returned_reason",
        "citizen",
        "question_field",
        "question_title",
        "question_body",
        "attachments",
    )
    fieldsets = (
        (
            _("Phiếu chuyển"),
            {
                "fields": (
                    "code",
                    "agency",
                    "coordinating_agencies",
                    "klass",
                    "forwarded_at",
                    "due_date",
                    "current_due_date",
                    "status",
                )
            },
        ),
        (_("Câu hỏi"), {"fields": ("citizen", "question_field", "question_title", "question_body", "attachments")}),
        (_("Kết quả"), {"fields": ("answered_at", "working_days_taken", "answered_on_time", "returned_reason")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("question", "question__field", "agency")
        user = request.user
        if user.is_superuser:
            return qs
        agencies = agency_ids_for(user)
        coordinated = Assignment.coordinating.through.objects.filter(organization_id__in=agencies).values(
            "assignment_id"
        )
        return qs.filter(
            Q(agency_id__in=agencies) | Q(pk__in=coordinated) | Q(question__portal_id__in=board_portal_ids(user))
        )

    def has_view_permission(self, request, obj=None):
        return policy.can_view_assignment(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("mã"), ordering="question__tracking_code")
    def code(self, obj):
        return obj.question.tracking_code

    @admin.display(description=_("cơ quan phối hợp"))
    def coordinating_agencies(self, obj):
        return ", ".join(org.name for org in obj.coordinating.all()) or "—"

    @admin.display(description=_("tiêu đề"))
    def question_title(self, obj):
        return obj.question.title

    @admin.display(description=_("nội dung"))
    def question_body(self, obj):
        return obj.question.body

    @admin.display(description=_("lĩnh vực"))
    def question_field(self, obj):
        return obj.question.field

    @admin.display(description=_("người hỏi (để trả lời trực tiếp)"))
    def citizen(self, obj):
        q = obj.question
        return format_html("{} — {} — {} — {}", q.name, q.email, q.phone or "—", q.address or "—")

    @admin.display(description=_("tệp đính kèm"))
    def attachments(self, obj):
        links = [
            format_html(
                '<a href="{}">{}</a>', reverse("admin:feedback_question_attachment", args=[a.pk]), a.original_name
            )
            for a in obj.question.attachments.all()
        ]
        return format_html(" · ".join(["{}"] * len(links)), *links) if links else "—"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/answer/", wrap(self.answer_view), name="feedback_assignment_answer"),
            path("<int:pk>/interim/", wrap(self.interim_view), name="feedback_assignment_interim"),
            path("<int:pk>/send-back/", wrap(self.send_back_view), name="feedback_assignment_send_back"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        assignment = self._visible_or_404(request, object_id)
        extra = {
            "can_act": policy.can_act_on_assignment(request.user, assignment),
            "replies": assignment.replies.select_related("author"),
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _agency_form(self, request, pk, form_class, title, handler):
        assignment = self._visible_or_404(request, pk)
        policy.check_agency(request.user, assignment)
        return self._form_view(
            request,
            assignment,
            form_class,
            title,
            lambda data: handler(assignment, data),
            context={"assignment": assignment},
        )

    def answer_view(self, request, pk):
        def handle(assignment, data):
            services.assignment_answer(assignment=assignment, text=data["text"], user=request.user)
            return _("Đã gửi trả lời đến người hỏi.")

        return self._agency_form(request, pk, forms.AnswerForm, _("Trả lời câu hỏi"), handle)

    def interim_view(self, request, pk):
        def handle(assignment, data):
            services.assignment_interim_reply(
                assignment=assignment, text=data["text"], new_due_date=data["new_due_date"], user=request.user
            )
            return _("Đã gửi báo cáo tiến độ đến người hỏi.")

        return self._agency_form(request, pk, forms.InterimForm, _("Báo cáo tiến độ, hẹn ngày trả lời"), handle)

    def send_back_view(self, request, pk):
        def handle(assignment, data):
            services.assignment_send_back(assignment=assignment, reason=data["reason"], user=request.user)
            return _("Đã trả lại; Ban Biên tập sẽ chuyển đến cơ quan có thẩm quyền.")

        return self._agency_form(request, pk, forms.SendBackForm, _("Trả lại câu hỏi không thuộc thẩm quyền"), handle)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("name",)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "reason", "legal_reference", "updated_at")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
    search_fields = ("reason", "legal_reference")
    change_list_template = "admin/feedback/calendaroverride/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("year/<int:year>/", wrap(self.year_view), name="feedback_calendaroverride_year"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        this_year = local_today().year
        extra = {"years": [this_year, this_year + 1]}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def year_view(self, request, year):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not 2000 <= year <= 2100:
            raise Http404
        from .calendar import days_off, year_overview

        return TemplateResponse(
            request,
            "admin/feedback/calendaroverride/year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Ngày nghỉ và ngày làm bù năm %(year)s") % {"year": year},
                "year": year,
                "rows": year_overview(year),
                "working_days": 365 + (year % 4 == 0) - len(days_off(year)),
            },
        )


@admin.register(BlockedSender)
class BlockedSenderAdmin(admin.ModelAdmin):
    list_display = ("email", "ip", "reason", "created_by", "created_at")
    search_fields = ("email", "ip", "reason")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ("email", "kind", "received_at", "due_at", "status", "handled_at")
    list_filter = ("status", "kind")
    search_fields = ("email",)
    fields = ("email", "kind", "details", "received_at", "due_at", "status", "handled_at", "handled_by", "outcome")
    readonly_fields = ("received_at", "due_at", "status", "handled_at", "handled_by", "outcome", "language")
    actions = ["handle_requests"]

    def get_fields(self, request, obj=None):
        """The language of the reply is shown once recorded: the service takes it from the citizen's page or, for
        a request the board enters, from their latest question."""
        fields = super().get_fields(request, obj)
        return (*fields, "language") if obj is not None else fields

    def has_module_permission(self, request):
        return policy.can_data_requests(request.user)

    def has_view_permission(self, request, obj=None):
        return policy.can_data_requests(request.user)

    def has_add_permission(self, request):
        return policy.can_data_requests(request.user)

    def has_change_permission(self, request, obj=None):
        return policy.can_change_data_request(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.data_request_create(email=obj.email, kind=obj.kind, details=obj.details, user=request.user)
        obj.pk = created.pk
        obj.due_at = created.due_at

    @admin.action(description=_("Xử lý yêu cầu đã chọn (gửi bản sao / xóa dữ liệu được phép xóa)"))
    def handle_requests(self, request, queryset):
        for data_request in queryset.filter(status=DataRequest.Status.PENDING):
            handled = services.data_request_handle(request=data_request, user=request.user)
            self.message_user(request, f"{handled.email}: {handled.outcome}")


@admin.register(Notification)
class NotificationAdmin(PortalScopedAdminMixin, admin.ModelAdmin):
    portal_field_path = "portal"

    def scope_queryset(self, request, queryset):
        ids = self.portal_ids(request)
        if ids is None:
            return queryset
        return queryset.filter(
            Q(portal_id__in=ids) | Q(question__portal_id__in=ids) | Q(assignment__question__portal_id__in=ids)
        )

    list_display = (
        "kind",
        "day",
        "assignment",
        "question",
        "portal",
        "recipients",
        "created_at",
        "sent_at",
        "attempts",
    )
    list_filter = ("kind", "sent_at")
    search_fields = ("question__tracking_code", "recipients", "subject")
    list_select_related = ("assignment__question", "assignment__agency", "question", "portal")
    raw_id_fields = ("assignment", "question", "portal")
    actions = ["send_again"]

    @admin.action(description=_("Gửi lại các thư chưa gửi được"))
    def send_again(self, request, queryset):
        """An email refused FEEDBACK_MAX_SEND_ATTEMPTS times stays unsent; once the address is fixed, it goes again
        (docs/decisions/0750). Sent emails are never sent twice from here."""
        from .notifications import send_again

        count = send_again(queryset)
        self.message_user(request, _("Đã xếp %(n)s thư vào hàng gửi lại.") % {"n": count})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
