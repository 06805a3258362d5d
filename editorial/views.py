"""Views outside the ModelAdmins: preview rendering, the public shared-preview link, the "My work" page."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from components.params import reads_params

from . import rules, services
from .admin import _on_board
from .models import Revision, State
from .registry import registered_models, registration
from .workflow import REVIEW_STATES, available_transitions, content_type_for


def render_preview(request, obj, *, banner, status=200):
    """Render `obj` with the public page's template (the first of its registration's preview templates found)."""
    reg = registration(obj)
    obj.prepare_content()  # in memory only: a pending revision's HTML is shown sanitised, like a saved row's
    template = select_template(list(reg.preview_templates) or ["editorial/preview.html"])
    context = {
        "object": obj,
        obj._meta.model_name: obj,
        "document": obj,  # the public document template's name for it
        "portal": obj.portal,
        "preview": True,
        "preview_banner": banner,
        **(reg.preview_context(obj) if reg.preview_context else {}),
    }
    response = render(request, template.template.name, context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@reads_params()
def shared_preview(request, token):
    """/xem-truoc/<token>/: a draft as the public will see it, for someone without an account, until expiry."""
    try:
        obj = services.preview_object(token)
    except signing.SignatureExpired as exc:
        raise Http404(_("Đường dẫn xem trước đã hết hạn.")) from exc
    except (signing.BadSignature, LookupError, ValueError, KeyError) as exc:
        raise Http404(_("Đường dẫn xem trước không hợp lệ.")) from exc
    except Exception as exc:  # the object was deleted
        if exc.__class__.__name__ == "DoesNotExist":
            raise Http404(_("Nội dung không còn tồn tại.")) from exc
        raise
    response = render_preview(request, obj, banner=_("Bản xem trước — nội dung chưa được xuất bản chính thức"))
    response["Cache-Control"] = "private, no-store"
    return response


def _in_review_q():
    return Q(state__in=REVIEW_STATES, pending_state="") | Q(pending_state__in=REVIEW_STATES)


def _preload_revision_authors(model, objects):
    """One query for the latest revision's author of each object (the "own content" rule needs it)."""
    latest = {}
    rows = (
        Revision.objects.filter(content_type=content_type_for(model), object_id__in=[o.pk for o in objects])
        .order_by("object_id", "-number")
        .values_list("object_id", "author_id")
    )
    for object_id, author_id in rows:
        latest.setdefault(object_id, author_id)
    for obj in objects:
        obj._current_revision_author_id = latest.get(obj.pk)


def my_work_data(user, now=None):
    """What waits for `user`, what they sent and where it stands, and overdue reviews (bounded lists)."""
    now = now or timezone.now()
    overdue_before = now - timedelta(days=settings.EDITORIAL_REVIEW_OVERDUE_DAYS)
    waiting, sent, overdue = [], [], []
    for model in registered_models():
        base = model.objects.filter(rules.visible_q(user, model)).select_related(
            "portal", "created_by", "pending_revision"
        )
        if registration(model).category_field:
            base = base.select_related(registration(model).category_field)
        url_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        in_review = list(base.filter(_in_review_q()).order_by("updated_at")[:200])
        _preload_revision_authors(model, in_review)
        for obj in in_review:
            row = {"obj": obj, "url": reverse(url_name, args=[obj.pk]), "overdue": obj.updated_at < overdue_before}
            row["steps"] = [s for s in available_transitions(user, obj) if s.name in ("forward", "approve", "return")]
            if row["steps"]:
                waiting.append(row)
            if row["overdue"]:
                overdue.append(row)
        mine = base.filter(Q(created_by=user) | Q(pending_revision__author=user)).exclude(state=State.ARCHIVED)
        for obj in mine.order_by("-updated_at")[:100]:
            row = {"obj": obj, "url": reverse(url_name, args=[obj.pk]), "overdue": False, "steps": []}
            sent.append(row)
            if obj.workflow_state == State.RETURNED:
                waiting.append({**row, "steps": available_transitions(user, obj)})
    waiting.sort(key=lambda row: row["obj"].updated_at)
    sent.sort(key=lambda row: row["obj"].updated_at, reverse=True)
    overdue.sort(key=lambda row: row["obj"].updated_at)
    return {
        "waiting": waiting,
        "sent": sent,
        "overdue": overdue,
        "overdue_days": settings.EDITORIAL_REVIEW_OVERDUE_DAYS,
    }


def my_work(request):
    if not _on_board(request.user):
        raise Http404
    context = {
        **admin.site.each_context(request),
        "title": _("Việc của tôi"),
        **my_work_data(request.user),
    }
    return render(request, "admin/editorial/my_work.html", context)
