"""Public views: thin, reading through portal.selectors; every page sets its Dublin Core metadata."""

import csv
import datetime
import hashlib
import logging
import secrets

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from components import ratelimit
from components.clientip import client_ip
from components.models import Portal
from components.params import date_param, reads_params, year_param
from components.permissions import has_role
from components.selectors import component_directory
from editorial.models import Article, ConsultationComment, ConsultationDraft, LegalDocument, UnpublishReason
from editorial.syndication import TARGET_SLUG as SYNDICATION_SLUG
from editorial.syndication import syndicated_for
from feedback import selectors as feedback_selectors

from . import search as site_search
from . import selectors, services
from .fragments import local_data
from .health import run_checks

PAGE_SIZE = 20
DOCUMENT_PARAMS = ("loai", "co-quan", "nam", "linh-vuc", "hieu-luc", "q", "trang")
logger = logging.getLogger(__name__)


def _lang(request):
    return "en" if getattr(request, "LANGUAGE_CODE", "vi") == "en" else "vi"


def _portal(request):
    portal = getattr(request, "portal", None)
    if portal is None:
        raise Http404("No portal configured")
    return portal


def page_meta(
    request, *, title, description="", creator="", date=None, subject="", source="", kind="website", image=""
):
    """Dublin Core (TT 24/2011) and OpenGraph values of one page; base.html renders them."""
    portal = getattr(request, "portal", None)
    owner = portal.owner_name if portal else ""
    return {
        "title": title,
        "description": (description or (portal.description if portal else "") or title)[:300],
        "creator": creator or owner,
        "publisher": owner,
        "date": date,
        "subject": subject,
        "source": source or (portal.name if portal else ""),
        "identifier": request.build_absolute_uri(request.path),
        "language": _lang(request),
        "kind": kind,
        "image": image,
    }


class CachedCountPaginator(Paginator):
    """A paginator whose COUNT(*) is cached per portal generation (it changes only when content is published)."""

    def __init__(self, object_list, per_page, *, portal, count_key, rows_until=None):
        super().__init__(object_list, per_page)
        self.portal, self.count_key, self.rows_until = portal, count_key, rows_until

    @cached_property
    def count(self):
        return local_data(self.portal, self.count_key, lambda: Paginator.count.func(self))

    def page(self, number):
        """`rows_until(n)`, when given, is the list restricted to rows that can be among its first n."""
        if self.rows_until is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows_until(top)[bottom:top], number, self)


def _page(request, queryset, size=PAGE_SIZE, count_key=None, rows_until=None):
    """The page ?trang=N; `count_key` names a list whose count may be cached (never one built from free text)."""
    if count_key is not None:
        paginator = CachedCountPaginator(
            queryset, size, portal=_portal(request), count_key=f"count-{count_key}", rows_until=rows_until
        )
    else:
        paginator = Paginator(queryset, size)
    return paginator.get_page(request.GET.get("trang"))


def _alternates_for(obj, translation_obj):
    """{language: url} of a content page and its published translation (None where missing)."""
    alternates = {obj.language: obj.get_absolute_url()}
    if translation_obj is not None:
        with translation.override(translation_obj.language):
            alternates[translation_obj.language] = translation_obj.get_absolute_url()
    return alternates


def taken_down(request, model, pk):
    """What the public URL of content the chief unpublished answers (docs/decisions/0104-unpublished-urls.md).

    Called when no published row matched. "Replaced": 301 to the replacement, in its own portal and language;
    "withdrawn": the notice kept at the URL, in the portal's layout, HTTP 410, none of the content; "in error",
    a replacement no longer live, or content never published: 404.
    """
    portal = _portal(request)
    obj = model.objects.filter(portal=portal, pk=pk).exclude(unpublish_reason="").first()
    if obj is None or obj.is_live:
        raise Http404("No such content")
    if obj.unpublish_reason == UnpublishReason.REPLACED and obj.replacement_url() is not None:
        replacement = obj.replacement
        with translation.override(getattr(replacement, "language", None) or _lang(request)):
            return HttpResponsePermanentRedirect(selectors.url_for(replacement, portal))
    if obj.unpublish_reason == UnpublishReason.WITHDRAWN:
        context = {
            "notice": obj.unpublish_notice,
            "unpublished_at": obj.unpublished_at,
            "meta": page_meta(request, title=_("Nội dung đã được thu hồi")),
        }
        return render(request, "portal/withdrawn.html", context, status=410)
    raise Http404("Unpublished content")


# --- Home -----------------------------------------------------------------------------------------------


@reads_params()
def home(request):
    portal = getattr(request, "portal", None)
    if portal is None:
        return render(request, "portal/home.html", {"directory": []})
    language = _lang(request)
    today = timezone.localdate()
    context = {
        **selectors.home_blocks(portal, language),  # cached per portal generation
        # The side boxes change with publications (generation) and with the day (open consultations, this week).
        **local_data(portal, f"home-side-{language}-{today.isoformat()}", lambda: _home_side(portal, language, today)),
        "directory": local_data(portal, "directory", lambda: component_directory(portal)),
        "portal_kinds": dict(Portal.Kind.choices),
        "today": today,
        "public_service_url": settings.PUBLIC_SERVICE_URL,
        "meta": page_meta(request, title=portal.name, subject=_("Trang chủ")),
        "is_home": True,
    }
    return render(request, "portal/home.html", context)


def _home_side(portal, language, today):
    monday = selectors.week_start(today)
    return {
        "documents": list(selectors.published_documents(portal, language)[:6]),
        "consultations": list(selectors.open_consultations(portal, language, today)[:4]),
        "schedule_entries": [
            entry for entries in selectors.week_schedule(portal, monday, language).values() for entry in entries
        ][:8],
        # Citizens' questions are asked and answered in Vietnamese: the English home leaves the box out.
        "questions": feedback_selectors.latest_published(portal) if language == "vi" else [],
    }


# --- News ------------------------------------------------------------------------------------------------


@reads_params("trang")
def category(request, category):
    portal = _portal(request)
    cat = selectors.category_by_slug(portal, category)
    if cat is None:
        raise Http404("No such category")
    ids = selectors.category_and_descendant_ids(portal, cat)
    language = _lang(request)
    published = selectors.published_articles(portal, language)
    # The count is cached per portal generation; the page's rows (one query, with their category) are read only
    # when the template's cached list fragment for this page is missing, walking each category's newest rows.
    page = _page(
        request,
        published.filter(category_id__in=ids),
        count_key=f"category-{cat.pk}-{language}",
        rows_until=lambda n: selectors.newest_in_categories(published, language, ids, n),
    )
    name = cat.name_en if _lang(request) == "en" and cat.name_en else cat.name
    return render(
        request,
        "portal/category.html",
        {
            "category": cat,
            "category_name": name,
            "ancestors": selectors.category_ancestors(portal, cat),
            "page_obj": page,
            "meta": page_meta(request, title=name, description=cat.description, subject=name),
            # The province's "Tin từ các đơn vị" also lists approved articles of component portals.
            "syndicated": syndicated_for(cat) if cat.slug == SYNDICATION_SLUG and portal.parent_id is None else [],
        },
    )


@reads_params("trang")
def news_index(request):
    portal = _portal(request)
    language = _lang(request)
    page = _page(request, selectors.published_articles(portal, language), count_key=f"news-{language}")
    return render(
        request,
        "portal/category.html",
        {
            "category": None,
            "category_name": _("Tin tức"),
            "ancestors": [],
            "page_obj": page,
            "meta": page_meta(request, title=_("Tin tức")),
        },
    )


def _article_or_redirect(request, category, slug, pk, url_name):
    portal = _portal(request)
    article = selectors.article_for_page(portal, pk)
    if article is None:
        return None, taken_down(request, Article, pk)
    if article.language != _lang(request):
        with translation.override(article.language):
            return article, redirect(article.get_absolute_url(), permanent=True)
    if article.slug != slug or article.category.slug != category:
        url = reverse(url_name, kwargs={"category": article.category.slug, "slug": article.slug, "pk": article.pk})
        return article, redirect(url, permanent=True)
    return article, None


@reads_params()
def article(request, category, slug, pk):
    article, response = _article_or_redirect(request, category, slug, pk, "portal:article")
    if response:
        return response
    portal = request.portal
    extras = selectors.article_extras(article)
    counterpart = extras["translation"]
    meta = page_meta(
        request,
        title=article.title,
        description=article.summary,
        creator=article.author_name,
        date=article.published_at,
        subject=article.category.name,
        source=article.source,
        kind="article",
        image=request.build_absolute_uri(article.featured_image.url) if article.featured_image else "",
    )
    return render(
        request,
        "portal/article.html",
        {
            "article": article,
            "ancestors": [*selectors.category_ancestors(portal, article.category), article.category],
            "related": extras["related"],
            "tags": extras["tags"],
            "alternates": _alternates_for(article, counterpart),
            "meta": meta,
            "rating_path": request.path,
        },
    )


@reads_params()
def article_print(request, category, slug, pk, save=False):
    article, response = _article_or_redirect(
        request, category, slug, pk, "portal:article-save" if save else "portal:article-print"
    )
    if response:
        return response
    meta = page_meta(
        request,
        title=article.title,
        description=article.summary,
        creator=article.author_name,
        date=article.published_at,
        source=article.source,
        kind="article",
    )
    canonical = request.build_absolute_uri(article.get_absolute_url())
    response = render(
        request, "portal/article_print.html", {"article": article, "meta": meta, "canonical": canonical, "save": save}
    )
    if save:
        response["Content-Disposition"] = f'attachment; filename="{article.slug[:80]}.html"'
    return response


@reads_params()
def article_save(request, category, slug, pk):
    return article_print(request, category, slug, pk, save=True)


# --- Legal documents -------------------------------------------------------------------------------------------


@reads_params(*DOCUMENT_PARAMS)
def documents(request):
    portal = _portal(request)
    language = _lang(request)
    params = request.GET
    filters = {
        "doc_type": params.get("loai", "") if params.get("loai", "") in LegalDocument.DocType.values else "",
        "issuing_body": params.get("co-quan", "")[:255],
        "year": year_param(request, "nam"),
        "field": params.get("linh-vuc", "")[:120],
        "validity": params.get("hieu-luc", "") if params.get("hieu-luc", "") in LegalDocument.Validity.values else "",
        "q": params.get("q", "")[:200],
    }
    unfiltered = not any(filters.values())  # the count of a filtered list is not cached: free text makes its key
    page = _page(
        request,
        selectors.filter_documents(portal, language, **filters),
        count_key=f"documents-{language}" if unfiltered else None,
    )
    query = params.copy()
    query.pop("trang", None)
    return render(
        request,
        "portal/documents.html",
        {
            "page_obj": page,
            "filters": filters,
            "options": selectors.document_filter_options(portal, language),
            "doc_types": LegalDocument.DocType.choices,
            "validities": LegalDocument.Validity.choices,
            "querystring": query.urlencode(),
            "meta": page_meta(request, title=_("Văn bản"), subject=_("Văn bản quy phạm pháp luật, chỉ đạo điều hành")),
        },
    )


@reads_params()
def document(request, slug, pk):
    portal = _portal(request)
    doc = selectors.document_for_page(portal, pk)
    if doc is None:
        return taken_down(request, LegalDocument, pk)
    if doc.language != _lang(request) or doc.slug != slug:
        with translation.override(doc.language):
            return redirect(doc.get_absolute_url(), permanent=True)
    meta = page_meta(
        request,
        title=f"{doc.number} — {doc.title}",
        description=doc.summary or doc.title,
        creator=doc.issuing_body,
        date=doc.issued_on,
        subject=doc.field or doc.get_doc_type_display(),
        source=doc.issuing_body,
        kind="article",
    )
    return render(
        request,
        "portal/document.html",
        {
            "document": doc,
            "relations": selectors.document_relations(doc),
            "meta": meta,
            "rating_path": request.path,
            "alternates": {doc.language: doc.get_absolute_url()},  # no translations of documents
        },
    )


# --- Introduction, leaders, schedule --------------------------------------------------------------------------


@reads_params()
def introduction(request):
    portal = _portal(request)
    language = _lang(request)
    units = selectors.organisation_tree(portal)
    leaders = selectors.leaders(portal, language)
    return render(
        request,
        "portal/introduction.html",
        {
            "units": units,
            "leaders": leaders,
            "spokespeople": [leader for leader in leaders if leader.is_spokesperson],
            "meta": page_meta(request, title=_("Giới thiệu"), description=portal.description, subject=_("Giới thiệu")),
            "rating_path": request.path,
        },
    )


@reads_params()
def leaders(request):
    portal = _portal(request)
    return render(
        request,
        "portal/leaders.html",
        {
            "leaders": selectors.leaders(portal, _lang(request)),
            "meta": page_meta(request, title=_("Lãnh đạo"), subject=_("Lãnh đạo")),
            "rating_path": request.path,
        },
    )


@reads_params("tuan")
def schedule(request):
    portal = _portal(request)
    today = timezone.localdate()
    # A week a visitor can page to: out-of-range or malformed dates show this week (week arithmetic near
    # date.min/date.max would overflow).
    day = date_param(request, "tuan") or today
    monday = selectors.week_start(day)
    days = selectors.week_schedule(portal, monday, _lang(request))
    sunday = monday + datetime.timedelta(days=6)
    return render(
        request,
        "portal/schedule.html",
        {
            "days": list(days.items()),
            "monday": monday,
            "sunday": sunday,
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "this_week": selectors.week_start(today),
            "today": today,
            "meta": page_meta(request, title=_("Lịch công tác"), subject=_("Lịch công tác của lãnh đạo")),
        },
    )


# --- Consultations -------------------------------------------------------------------------------------------------


class CommentForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đồng ý để cơ quan soạn thảo xử lý họ tên và thư điện tử của tôi nhằm tiếp thu, phản hồi góp ý này."
        ),
        error_messages={"required": gettext_lazy("Vui lòng đánh dấu đồng ý để gửi góp ý.")},
    )
    website = forms.CharField(required=False, label="Website")  # honeypot, hidden from people

    class Meta:
        model = ConsultationComment
        fields = ["name", "email", "organization", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": gettext_lazy("Vui lòng nhập họ và tên.")},
            "email": {
                "required": gettext_lazy("Vui lòng nhập thư điện tử."),
                "invalid": gettext_lazy("Thư điện tử không hợp lệ."),
            },
            "body": {"required": gettext_lazy("Vui lòng nhập nội dung góp ý.")},
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        limit = settings.CONSULTATION_COMMENT_MAX_CHARS
        if len(body) > limit:
            raise forms.ValidationError(
                _(
                    "Góp ý dài %(n)s ký tự, vượt quá giới hạn %(max)s ký tự. Vui lòng rút gọn, hoặc chia thành "
                    "nhiều góp ý, hoặc gửi văn bản đầy đủ đến cơ quan soạn thảo."
                ),
                code="max_length",
                params={"n": f"{len(body):,}".replace(",", "."), "max": f"{limit:,}".replace(",", ".")},
            )
        return body


def _comment_request_too_big(request):
    """A comment body is at most CONSULTATION_COMMENT_MAX_CHARS characters: up to 9 bytes each once form-encoded,
    plus the other fields. Anything larger is refused before the form (file uploads elsewhere are not affected)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.CONSULTATION_COMMENT_MAX_CHARS * 9 + 16 * 1024


@reads_params("trang")
def consultations(request):
    portal = _portal(request)
    today = timezone.localdate()
    page = _page(request, selectors.consultation_list(portal, _lang(request)).order_by("-ends_on", "-id"))
    return render(
        request,
        "portal/consultations.html",
        {"page_obj": page, "today": today, "meta": page_meta(request, title=_("Lấy ý kiến dự thảo"))},
    )


@reads_params("da-gui")
def consultation(request, slug, pk):
    portal = _portal(request)
    draft = selectors.consultation_for_page(portal, pk)
    if draft is None:
        return taken_down(request, ConsultationDraft, pk)
    if request.method == "GET" and (draft.slug != slug or draft.language != _lang(request)):
        with translation.override(draft.language):
            return redirect(draft.get_absolute_url(), permanent=True)
    is_open = draft.is_open()
    form = None
    status = 200
    sent = request.GET.get("da-gui") == "1"
    if is_open:
        if request.method == "POST":
            form = CommentForm(request.POST)
            if _comment_request_too_big(request):
                form.add_error(None, _("Nội dung gửi quá lớn. Vui lòng rút gọn góp ý."))
                status = 413
            elif form.is_valid() and not form.cleaned_data.get("website"):
                data = form.cleaned_data
                if ratelimit.exceeded(
                    request,
                    "consultation-comment",
                    client_ip(request),
                    limit=settings.CONSULTATION_COMMENT_RATE,
                    period=3600,
                ):
                    form.add_error(
                        None,
                        _("Địa chỉ của bạn đã gửi quá nhiều góp ý trong một giờ. Vui lòng thử lại sau."),
                    )
                    status = 429
                else:
                    try:
                        services.consultation_comment_submit(
                            draft=draft,
                            name=data["name"],
                            email=data["email"],
                            organization=data["organization"],
                            body=data["body"],
                        )
                    except services.ConsultationClosed:
                        return HttpResponseForbidden(_("Đã hết thời gian lấy ý kiến dự thảo này."))
                    return HttpResponseRedirect(draft.get_absolute_url() + "?da-gui=1#gop-y")
        else:
            form = CommentForm()
    elif request.method == "POST":
        return HttpResponseForbidden(_("Đã hết thời gian lấy ý kiến dự thảo này."))
    response = render(
        request,
        "portal/consultation.html",
        {
            "draft": draft,
            "is_open": is_open,
            "form": form,
            "sent": sent,
            "comments": selectors.approved_comments(draft),
            "can_export": request.user.is_authenticated and _can_export(request.user, draft),
            "alternates": {draft.language: draft.get_absolute_url()},
            "meta": page_meta(
                request,
                title=draft.title,
                description=draft.summary,
                creator=draft.drafting_agency,
                date=draft.published_at,
                subject=_("Lấy ý kiến dự thảo"),
                kind="article",
            ),
        },
        status=status,
    )
    return response


def _can_export(user, draft):
    return user.is_superuser or (user.is_staff and has_role(user, draft.portal))


def _csv_safe(value):
    """Citizens' text must not run as a spreadsheet formula when the CSV is opened (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def consultation_export(request, pk):
    """CSV of every comment received (moderated or not), for the staff of the drafting portal."""
    portal = _portal(request)
    draft = ConsultationDraft.objects.filter(portal=portal, pk=pk).first()
    if draft is None:
        raise Http404("No such draft")
    if not request.user.is_authenticated or not _can_export(request.user, draft):
        return HttpResponseForbidden(_("Chỉ cán bộ của cơ quan soạn thảo được tải danh sách góp ý."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gop-y-du-thao-{draft.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # Excel opens UTF-8 Vietnamese correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(
        [_("Thời điểm"), _("Họ và tên"), _("Thư điện tử"), _("Cơ quan, tổ chức"), _("Nội dung"), _("Kiểm duyệt")]
    )
    for comment in draft.comments.order_by("created_at", "id"):
        writer.writerow(
            [
                timezone.localtime(comment.created_at).strftime("%d/%m/%Y %H:%M"),
                _csv_safe(comment.name),
                _csv_safe(comment.email),
                _csv_safe(comment.organization),
                _csv_safe(comment.body),
                comment.get_status_display(),
            ]
        )
    return response


# --- Site map, search ----------------------------------------------------------------------------------------------


@reads_params()
def site_map(request):
    portal = _portal(request)
    tree = selectors.portal_tree(portal)
    return render(
        request,
        "portal/site_map.html",
        {
            "categories": selectors.site_categories(portal),
            "components": [p for p in tree if p.pk != portal.pk],
            "public_service_url": settings.PUBLIC_SERVICE_URL,
            "meta": page_meta(request, title=_("Sơ đồ cổng")),
        },
    )


@reads_params("q", "loai", "cong", "trang")
def search(request):
    portal = _portal(request)
    raw = request.GET.get("q", "")
    tree = selectors.portal_tree(portal)
    type_code = request.GET.get("loai", "")
    portal_slug = request.GET.get("cong", "")
    context = {
        "q": raw[: site_search.MAX_QUERY_LENGTH],
        "type_code": type_code if type_code in site_search.TYPES else "",
        "portal_slug": portal_slug,
        "portals": tree,
        "meta": page_meta(request, title=_("Tìm kiếm")),
        "error": "",
    }
    if not raw.strip():
        return render(request, "portal/search.html", context)
    try:
        query = site_search.parse(raw)
    except site_search.BadQuery as exc:
        context["error"] = "too-long" if str(exc) == "too long" else "empty"
        return render(request, "portal/search.html", context, status=400 if str(exc) == "too long" else 200)
    scope = [p for p in tree if p.slug == portal_slug] or tree
    rows, chosen = site_search.search(  # one query: the ranked matches, at most CANDIDATES + 1
        portals=[p.pk for p in scope],
        language=_lang(request),
        query=query,
        types=[context["type_code"]] if context["type_code"] else None,
    )
    page = site_search.paginate(rows, request.GET.get("trang"))
    results = []
    for code, obj in site_search.load_page(list(page.object_list), chosen, tree):  # one query per large type
        results.append(_search_result(code, obj, portal, query.words))
    query_params = request.GET.copy()
    query_params.pop("trang", None)
    context.update({"page_obj": page, "results": results, "query": query, "querystring": query_params.urlencode()})
    context["meta"] = page_meta(request, title=_("Kết quả tìm kiếm: %(q)s") % {"q": query.raw})
    return render(request, "portal/search.html", context)


def _search_result(code, obj, portal, words):
    """What a search result prints: its title, a summary, and what identifies it (docs/decisions/0520)."""
    highlight = site_search.highlight
    result = {"type": code, "object": obj, "portal": obj.portal}
    if code not in ("co-quan", "gioi-thieu"):
        result["url"] = selectors.url_for(obj, portal)
    if code == "hoi-dap":
        title, summary = obj.published_title, strip_tags(obj.published_answer)
    elif code == "lich-cong-tac":
        title, summary = obj.content, obj.location
    elif code == "lanh-dao":
        title, summary = obj.full_name, ", ".join(part for part in (obj.position, obj.unit_name) if part)
    elif code == "co-quan":
        title, summary = obj.name, obj.functions
        result["url"] = selectors.reverse_in(obj.portal, portal, "portal:introduction") + f"#unit-{obj.slug}"
    elif code == "gioi-thieu":
        title, summary = _("Giới thiệu: %(name)s") % {"name": obj.name}, obj.description
        result["url"] = selectors.reverse_in(obj.portal, portal, "portal:introduction")
    else:
        title, summary = obj.title, getattr(obj, "summary", "") or ""
    result.update({"title": highlight(title, words), "summary": highlight(summary[:300], words)})
    return result


# --- Satisfaction rating -------------------------------------------------------------------------------------------

VISITOR_COOKIE = "pv"


RATEABLE_VIEWS = {"portal:article", "portal:document", "portal:consultation", "portal:introduction", "portal:leaders"}


def _is_rateable_page(request, path):
    """Only real content pages of this portal can be rated (no arbitrary strings stored)."""
    prefix = getattr(request, "portal_prefix", "")
    if not path.startswith(f"{prefix}/"):
        return False
    try:
        match = resolve(path[len(prefix) :])
    except Resolver404:
        return False
    return match.view_name in RATEABLE_VIEWS


@csrf_exempt  # anonymous, one vote per visitor per page: CSRF protects nothing here (docs/decisions/0502)
@require_POST
def rate(request):
    portal = _portal(request)
    path = request.POST.get("path", "")[:500]
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        score = 0
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    if not 1 <= score <= 5 or not _is_rateable_page(request, path):
        if wants_json:
            return JsonResponse({"ok": False}, status=400)
        return render(
            request,
            "portal/rated.html",
            {"ok": False, "path": "/", "meta": page_meta(request, title=_("Đánh giá"))},
            status=400,
        )
    if ratelimit.exceeded(request, "portal-rating", client_ip(request), limit=settings.PORTAL_RATING_RATE, period=3600):
        if wants_json:
            return JsonResponse({"ok": False, "limited": True}, status=429)
        return render(
            request,
            "portal/rated.html",
            {"ok": False, "limited": True, "path": path, "meta": page_meta(request, title=_("Đánh giá"))},
            status=429,
        )
    visitor = request.COOKIES.get(VISITOR_COOKIE) or secrets.token_urlsafe(24)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{visitor}".encode()).hexdigest()
    created = services.rating_record(portal=portal, path=path, score=score, visitor_hash=digest)
    if wants_json:
        response = JsonResponse({"ok": True, "created": created})
    else:
        response = render(
            request,
            "portal/rated.html",
            {"ok": True, "created": created, "path": path, "meta": page_meta(request, title=_("Đánh giá"))},
        )
    response.set_cookie(
        VISITOR_COOKIE,
        visitor,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


# --- Machine-readable ----------------------------------------------------------------------------------------------


@reads_params()
def favicon(request):
    """/favicon.ico, for browsers and crawlers that ignore <link rel="icon">: the static emblem (no 404)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@reads_params()
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "Disallow: /en/tim-kiem/",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request):
    results = run_checks()
    status = 200 if all(value == "ok" for value in results.values()) else 503
    return JsonResponse(results, status=status)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"meta": page_meta(request, title=_("Không tìm thấy trang"))}, status=404)


FALLBACK_500 = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Lỗi hệ thống / Server error</title></head>
<body><main><h1>Hệ thống đang gặp sự cố</h1><p>Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút.</p>
<p lang="en">Sorry, something went wrong on our side. Please try again in a few minutes.</p>
<p><a href="/">Trang chủ / Home</a></p></main></body></html>"""


def server_error(request):
    """The 500 page in the portal's layout; a plain page when even the layout cannot render."""
    try:
        return render(request, "500.html", {"meta": None}, status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered in the portal layout")
        return HttpResponse(FALLBACK_500, status=500)
