"""Citizen pages: published Q&A, the question form, the tracking-code lookup. Thin; reads through selectors."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from components import ratelimit
from components.clientip import client_ip
from components.params import reads_params

from . import selectors, services, spam
from .forms import CONSENT_TEXT, DataRequestForm, LookupForm, QuestionForm

HOUR = 3600
CHALLENGE_KEY = spam.CHALLENGE_KEY
LAST_CODE_KEY = "feedback_last_code"

logger = logging.getLogger(__name__)

__all__ = ["client_ip"]  # kept importable from here: components.clientip.client_ip is the one function


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


def _add_challenge(form, challenge, *, keep_answer):
    """Put the visitor's one challenge on the form (its label is the sum that is checked)."""
    from django import forms as dj_forms

    form.challenge = challenge
    form.fields["challenge"] = dj_forms.IntegerField(
        label=challenge[0], help_text=_("Trả lời câu hỏi này để chứng tỏ bạn không phải máy.")
    )
    form._bound_fields_cache.pop("challenge", None)  # a field rendered before must show this label
    if form.is_bound and not keep_answer:
        form.data = form.data.copy()
        form.data.pop("challenge", None)


def _sent_page(request, code):
    """The sent page straight from the POST, for when the redirect's session cannot be saved."""
    request.session.modified = False  # nothing more to write where writing just failed
    return render(request, "feedback/sent.html", {"code": code})


@never_cache
@require_http_methods(["GET", "POST"])
def question_create(request):
    _portal_or_404(request)
    ip = client_ip(request)
    gate = spam.Gate(request, ip, submitting=request.method == "POST")
    if request.method != "POST":
        form = QuestionForm()
        if gate.challenge:
            _add_challenge(form, gate.challenge, keep_answer=False)
        return render(request, "feedback/ask.html", {"form": form})

    # A challenge the visitor never saw (session expired) is shown, not checked.
    checked = gate.challenge if gate.require_challenge and gate.had_challenge else None
    form = QuestionForm(request.POST, request.FILES, challenge=checked)
    status = 400
    valid = form.is_valid()
    if gate.require_challenge and not gate.had_challenge:
        form.add_error(None, _("Vui lòng trả lời phép tính kiểm tra."))
        valid = False
    if valid:
        data = form.cleaned_data
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
        except spam.TooManyQuestions as exc:
            form.add_error(exc.field, exc)
            status = 429
        except services.SenderBlocked as exc:
            form.add_error(None, exc)
            status = 403
        except ValidationError as exc:
            form.add_error("attachments", exc)
        else:
            # The question is saved: from here on nothing may show the citizen an error page (0712).
            try:
                gate.question_saved()
                request.session[LAST_CODE_KEY] = question.tracking_code
                request.session.save()
            except Exception:
                logger.exception("Question %s saved; showing its code without the redirect", question.pk)
                return _sent_page(request, question.tracking_code)
            return redirect("feedback:sent")
    if gate.challenge:
        answered = form.is_bound and "challenge" in form.fields and "challenge" not in form.errors
        _add_challenge(form, gate.challenge, keep_answer=answered)
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
        ip = client_ip(request)
        if ratelimit.exceeded(request, "feedback-lookup", ip, limit=settings.FEEDBACK_LOOKUP_RATE, period=600):
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
        ip = client_ip(request)
        if ratelimit.exceeded(request, "feedback-datarequest", ip, limit=settings.FEEDBACK_LOOKUP_RATE, period=HOUR):
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
