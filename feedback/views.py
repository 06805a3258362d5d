"""Citizen pages: published Q&A, the question form, the tracking-code lookup. Thin; reads through selectors."""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from components.params import reads_params

from . import selectors, services
from .forms import CONSENT_TEXT, DataRequestForm, LookupForm, QuestionForm

HOUR = 3600
CHALLENGE_KEY = "feedback_challenge"
LAST_CODE_KEY = "feedback_last_code"
NUMBERS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def client_ip(request):
    """The visitor's address for rate limits: django-axes' proxy-aware address when its middleware ran (it reads
    X-Forwarded-For only through its configured proxy count), else REMOTE_ADDR. Never a raw client header."""
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def _count(key, timeout):
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)
        return 1


def _portal_or_404(request):
    portal = getattr(request, "portal", None)
    if portal is None:
        raise Http404(_("Chưa có cổng thông tin nào được cấu hình."))
    return portal


@reads_params("q", "linh-vuc", "co-quan", "trang")
def question_list(request):
    portal = _portal_or_404(request)
    q = request.GET.get("q", "").strip()[:200]
    field_slug = request.GET.get("linh-vuc", "")
    agency_slug = request.GET.get("co-quan", "")
    questions = selectors.public_questions(portal, q=q, field_slug=field_slug, agency_slug=agency_slug)
    page = Paginator(questions, 20).get_page(request.GET.get("trang"))
    fields, agencies = selectors.public_filters(portal)
    return render(
        request,
        "feedback/list.html",
        {
            "page": page,
            "q": q,
            "fields": fields,
            "agencies": agencies,
            "field_slug": field_slug,
            "agency_slug": agency_slug,
        },
    )


@reads_params()
def question_detail(request, pk):
    question = selectors.published_question(_portal_or_404(request), pk)
    if question is None:
        raise Http404(_("Không tìm thấy câu hỏi."))
    return render(request, "feedback/detail.html", {"question": question})


def _new_challenge(request):
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    request.session[CHALLENGE_KEY] = [a, b]
    return (_("Phép tính kiểm tra: %(a)s cộng %(b)s bằng mấy? (nhập số)") % {"a": NUMBERS[a], "b": NUMBERS[b]}, a + b)


def _stored_challenge(request):
    pair = request.session.get(CHALLENGE_KEY)
    if not pair:
        return None
    a, b = pair
    return (_("Phép tính kiểm tra: %(a)s cộng %(b)s bằng mấy? (nhập số)") % {"a": NUMBERS[a], "b": NUMBERS[b]}, a + b)


def _challenge_field(form, challenge):
    """Show a fresh challenge on the re-rendered form (keeping everything else the citizen typed)."""
    from django import forms as dj_forms

    form.challenge = challenge
    form.fields["challenge"] = dj_forms.IntegerField(
        label=challenge[0], help_text=_("Trả lời câu hỏi này để chứng tỏ bạn không phải máy.")
    )
    if form.is_bound:
        form.data = form.data.copy()
        form.data.pop("challenge", None)


@never_cache
@require_http_methods(["GET", "POST"])
def question_create(request):
    _portal_or_404(request)
    ip = client_ip(request)
    attempts_key = f"feedback:attempts:{ip}"
    if request.method != "POST":
        form = QuestionForm()
        if cache.get(attempts_key, 0) >= settings.FEEDBACK_CHALLENGE_AFTER:
            _challenge_field(form, _new_challenge(request))
        return render(request, "feedback/ask.html", {"form": form})

    attempts = _count(attempts_key, HOUR)
    needs_challenge = attempts > settings.FEEDBACK_CHALLENGE_AFTER
    challenge = _stored_challenge(request) if needs_challenge else None
    form = QuestionForm(request.POST, request.FILES, challenge=challenge)
    status = 400
    valid = form.is_valid()
    if needs_challenge and challenge is None:
        form.add_error(None, _("Vui lòng trả lời phép tính kiểm tra."))
        valid = False
    if valid:
        data = form.cleaned_data
        ip_key, email_key = f"feedback:sent:ip:{ip}", f"feedback:sent:email:{data['email'].lower()}"
        if cache.get(ip_key, 0) >= settings.FEEDBACK_RATE_PER_IP:
            form.add_error(None, _("Địa chỉ của bạn đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."))
            status = 429
        elif cache.get(email_key, 0) >= settings.FEEDBACK_RATE_PER_EMAIL:
            form.add_error("email", _("Thư điện tử này đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau."))
            status = 429
        else:
            try:
                question = services.question_submit(
                    portal=request.portal,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    address=data["address"],
                    field=data["field"],
                    title=data["title"],
                    body=data["body"],
                    show_name=data["show_name"],
                    consent_text=str(CONSENT_TEXT),
                    ip=ip,
                    files=data["attachments"],
                    language=get_language(),
                )
            except services.SenderBlocked as exc:
                form.add_error(None, exc)
                status = 403
            except ValidationError as exc:
                form.add_error("attachments", exc)
            else:
                _count(ip_key, HOUR)
                _count(email_key, HOUR)
                request.session.pop(CHALLENGE_KEY, None)
                request.session[LAST_CODE_KEY] = question.tracking_code
                return redirect("feedback:sent")
    if attempts >= settings.FEEDBACK_CHALLENGE_AFTER:
        _challenge_field(form, _new_challenge(request))
    context = {"form": form, "files_dropped": bool(request.FILES)}
    return render(request, "feedback/ask.html", context, status=status)


@never_cache
def question_sent(request):
    code = request.session.get(LAST_CODE_KEY)
    if not code:
        return redirect("feedback:ask")
    return render(request, "feedback/sent.html", {"code": code})


@never_cache
@reads_params("ma")
def question_lookup(request):
    form = LookupForm(request.GET or None)
    question = None
    status = 200
    if form.is_bound:
        count = _count(f"feedback:lookup:{client_ip(request)}", 600)
        if count > settings.FEEDBACK_LOOKUP_RATE:
            form = LookupForm(request.GET)
            form.is_valid()
            form.add_error(None, _("Bạn tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."))
            status = 429
        elif form.is_valid():
            question = selectors.lookup(form.cleaned_data["ma"])
            if question is None or question.is_spam:
                question = None
                form.add_error("ma", _("Không tìm thấy câu hỏi với mã tra cứu này."))
                status = 404
    assignment = question.current_assignment if question else None
    return render(
        request, "feedback/lookup.html", {"form": form, "question": question, "assignment": assignment}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def data_request(request):
    """Access to or erasure of one's personal data: recorded with a 72-hour due time, handled by the board."""
    form = DataRequestForm(request.POST or None)
    done = None
    status = 200
    if request.method == "POST":
        count = _count(f"feedback:datarequest:{client_ip(request)}", HOUR)
        if count > settings.FEEDBACK_LOOKUP_RATE:
            form.is_valid()
            form.add_error(None, _("Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            done = services.data_request_create(
                email=form.cleaned_data["email"],
                kind=form.cleaned_data["kind"],
                details=form.cleaned_data["details"],
                language=get_language(),
            )
            form = None
        else:
            status = 400
    return render(request, "feedback/data_request.html", {"form": form, "done": done}, status=status)
