"""Citizen and staff forms. Errors in Vietnamese next to the field; nothing typed is lost on an error."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from components.models import Organization

from .calendar import local_today
from .models import DataRequest, Field, Klass, Question
from .services import validate_attachment

CONSENT_TEXT = _(
    "Tôi đồng ý để Cổng Thông tin điện tử và cơ quan được chuyển câu hỏi xử lý họ tên, thư điện tử, số điện thoại "
    "và địa chỉ tôi cung cấp, chỉ nhằm mục đích trả lời câu hỏi này và liên hệ với tôi khi cần làm rõ. "
    "Số điện thoại, thư điện tử và địa chỉ không bao giờ được công khai. Dữ liệu được lưu theo quy định về lưu trữ; "
    "tôi có thể yêu cầu xem hoặc xóa dữ liệu của mình."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png,.webp,.gif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class QuestionForm(forms.Form):
    name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), help_text=_("Mã tra cứu và câu trả lời được gửi về địa chỉ này."))
    phone = forms.CharField(label=_("Số điện thoại"), max_length=30, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True), empty_label=_("— Chọn lĩnh vực —")
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    body = forms.CharField(label=_("Nội dung câu hỏi"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
    )
    show_name = forms.BooleanField(
        label=_("Đồng ý hiển thị họ tên đầy đủ nếu câu hỏi được công khai (nếu không, chỉ hiện chữ cái đầu)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Cần đồng ý cho phép xử lý dữ liệu cá nhân để gửi câu hỏi.")},
    )
    # Honeypot: hidden from people by CSS and aria-hidden; bots fill it.
    website = forms.CharField(label=_("Để trống ô này"), required=False)

    def __init__(self, *args, challenge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge  # (question text, expected answer) or None
        # Formatted per request, not at import, so the help text follows the active language.
        self.fields["attachments"].help_text = _(
            "Không bắt buộc. Tối đa %(n)s tệp PDF, DOCX hoặc ảnh (JPEG, PNG), mỗi tệp không quá %(mb)s MB."
        ) % {"n": settings.FEEDBACK_MAX_ATTACHMENTS, "mb": settings.FEEDBACK_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        if challenge:
            self.fields["challenge"] = forms.IntegerField(
                label=challenge[0], help_text=_("Trả lời câu hỏi này để chứng tỏ bạn không phải máy.")
            )

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > settings.FEEDBACK_MAX_ATTACHMENTS:
            raise ValidationError(
                _("Chỉ gửi được tối đa %(n)s tệp."), params={"n": settings.FEEDBACK_MAX_ATTACHMENTS}, code="too_many"
            )
        errors = []
        for f in files:
            try:
                validate_attachment(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean_challenge(self):
        answer = self.cleaned_data["challenge"]
        if self.challenge and answer != self.challenge[1]:
            raise ValidationError(_("Kết quả chưa đúng, vui lòng tính lại."), code="challenge")
        return answer

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Không gửi được câu hỏi."), code="honeypot")
        return ""


class LookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã tra cứu"), max_length=16)


# --- Staff (admin) forms ---------------------------------------------------------------------------


class ForwardForm(forms.Form):
    klass = forms.ChoiceField(label=_("Phân loại"), choices=Klass.choices)
    field = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False)
    agency = forms.ModelChoiceField(
        label=_("Cơ quan trả lời"),
        queryset=Organization.objects.filter(answers_feedback=True).select_related("portal").order_by("name"),
    )
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phối hợp (câu hỏi liên ngành)"),
        queryset=Organization.objects.filter(answers_feedback=True).order_by("name"),
        required=False,
        help_text=_("Các cơ quan này nhận câu hỏi để phối hợp; cơ quan trả lời chính chịu trách nhiệm trả lời."),
    )
    note = forms.CharField(label=_("Ghi chú gửi cơ quan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean(self):
        data = super().clean()
        agency, coordinating = data.get("agency"), data.get("coordinating")
        if agency and coordinating and agency in coordinating:
            self.add_error("coordinating", _("Cơ quan trả lời chính không cần chọn lại làm cơ quan phối hợp."))
        return data


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do"), choices=Question.RejectReason.choices)
    note = forms.CharField(
        label=_("Giải thích gửi người hỏi"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề công khai"), max_length=255)
    body = forms.CharField(
        label=_("Câu hỏi công khai"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Xóa số điện thoại, thư điện tử, địa chỉ và thông tin cá nhân khác trước khi công khai."),
    )
    answer = forms.CharField(label=_("Trả lời công khai"), widget=forms.Textarea(attrs={"rows": 10}))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Xác nhận"))


class SpamForm(forms.Form):
    block = forms.BooleanField(label=_("Chặn người gửi (thư điện tử và địa chỉ IP)"), required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 12}))


class InterimForm(forms.Form):
    text = forms.CharField(label=_("Báo cáo tiến độ gửi người hỏi"), widget=forms.Textarea(attrs={"rows": 5}))
    new_due_date = forms.DateField(
        label=_("Ngày hẹn trả lời"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_new_due_date(self):
        value = self.cleaned_data["new_due_date"]
        if value <= local_today():
            raise ValidationError(_("Ngày hẹn trả lời phải sau hôm nay."))
        return value


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại (không thuộc thẩm quyền)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DataRequestForm(forms.Form):
    """A citizen asks for a copy of, or the erasure of, the personal data sent with their questions."""

    email = forms.EmailField(label=_("Thư điện tử đã dùng khi gửi câu hỏi"))
    code = forms.CharField(
        label=_("Mã tra cứu của một câu hỏi đã gửi"),
        max_length=16,
        help_text=_("Để xác nhận ông/bà là người đã gửi câu hỏi."),
    )
    kind = forms.ChoiceField(label=_("Yêu cầu"), choices=DataRequest.Kind.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Ghi chú thêm"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def clean(self):
        data = super().clean()
        email, code = data.get("email"), (data.get("code") or "").strip().upper()
        if email and code and not Question.objects.filter(email=email.lower(), tracking_code=code).exists():
            self.add_error("code", _("Mã tra cứu và thư điện tử không khớp với câu hỏi nào."))
        return data
