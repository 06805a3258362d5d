"""Views outside the ModelAdmins: preview rendering, the public shared-preview link, the "My work" page."""

import posixpath
import re
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from components.params import reads_params

from . import policy, services
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
        base = model.objects.filter(policy.visible_q(user, model)).select_related(
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


def admin_landing(request):
    """Where signing in lands (settings.ADMIN_LANDING_URL_NAME): a board member's "Việc của tôi", anyone else's
    admin index (issue #15)."""
    if policy.can_back_office(request.user):
        return redirect("editorial_my_work")
    return redirect("admin:index")


def my_work(request):
    if not policy.can_back_office(request.user):
        raise Http404
    context = {
        **admin.site.each_context(request),
        "title": _("Việc của tôi"),
        **my_work_data(request.user),
    }
    return render(request, "admin/editorial/my_work.html", context)


# --- Files that are not public before publication (docs/decisions/0720-uploads-are-inert.md) ---------------

_PROTECTED_NAME = re.compile(r"^p/(?P<portal>[0-9]+)/(?P<folder>drafts|documents)/[^\x00]+$")


def _protected_owner(folder, name):
    """(the content item the file belongs to, whether citizens may see it now), or (None, False)."""
    from .models import ConsultationDraft, LegalDocument, LegalDocumentFile

    if folder == "drafts":
        draft = ConsultationDraft.objects.filter(file=name).first()
        if draft is None:
            return None, False
        return draft, ConsultationDraft.objects.published().filter(pk=draft.pk).exists()
    attachment = LegalDocumentFile.objects.filter(file=name).select_related("document").first()
    if attachment is None:
        return None, False
    document = attachment.document
    return document, LegalDocument.objects.published().filter(pk=document.pk).exists()


def _staff_may_read(user, owner, portal_id) -> bool:
    """Staff who may see the item in the back office; a file named only by a pending edit: the portal's board."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if owner is not None:
        return policy.can_view(user, owner)
    return policy.can_on_portal(user, portal_id)


def protected_file(request, name):
    """A legal-document file or a consultation draft: to anyone once the item is published, before that only to
    staff who may see the item. Always a download (attachment, nosniff, sandboxed), typed by its real kind."""
    from django.core.files.storage import default_storage

    from components.uploads import CONTENT_TYPES, EXTENSIONS, protected_storage

    match = _PROTECTED_NAME.match(name)
    if match is None or posixpath.normpath(name) != name or "\\" in name:
        raise Http404
    owner, public = _protected_owner(match["folder"], name)
    if not public and not _staff_may_read(request.user, owner, int(match["portal"])):
        raise Http404
    # Files stored before 0720 are still in MEDIA_ROOT until `manage.py secure_uploads` moves them.
    storage = next((s for s in (protected_storage, default_storage) if s.exists(name)), None)
    if storage is None:
        raise Http404
    extension = posixpath.splitext(name)[1].lower()
    kind = next((k for k, extensions in EXTENSIONS.items() if extension in extensions), None)
    response = FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=posixpath.basename(name),
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not public:  # a public file is cached like a page (the micro-cache's TTL, so a takedown is seen at once)
        patch_cache_control(response, private=True, no_store=True)
    return response
