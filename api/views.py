"""The open API, read-only: public data of every active portal, through the selectors the public pages use.

/api/v1/portals/ lists the portals; everything else is under /api/v1/portals/<slug>/ with ?lang=vi|en. Lists
are paginated (?page, ?page_size) and take the filters of their public page. Anonymous only: no session or token
is read, so a signed-in editor sees exactly what a visitor sees (drafts never). Decisions 1700–1703.

Caching: a response is kept under the generation of its portal (portal/cache.py), the same number the page
cache keys on, so `content_changed` (publish, update, unpublish, expiry, category or portal changes) drops the
API's answers of that portal at the same moment as its pages.
"""

import contextlib
import datetime
import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from components.models import Portal
from components.params import date_param, year_param
from editorial.models import ConsultationComment, LegalDocument
from feedback import selectors as feedback_selectors
from portal import cache as page_cache
from portal import selectors

from . import serializers
from .pagination import Pagination

CACHE_KEY = "api:v1:{portal}:{gen}:{digest}"
LANGUAGES = ("vi", "en")

LANG = OpenApiParameter("lang", str, enum=list(LANGUAGES), description="Ngôn ngữ / language (default vi).")
PORTAL = OpenApiParameter("portal", str, OpenApiParameter.PATH, description="The portal's slug (/api/v1/portals/).")


def _timeout():
    return getattr(settings, "API_CACHE_SECONDS", None) or getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)


class PublicView(generics.GenericAPIView):
    """A portal's public data: resolves the portal and language, keeps the answer under the portal's generation."""

    pagination_class = Pagination

    def language(self):
        value = self.request.query_params.get("lang", "vi")
        if value not in LANGUAGES:
            raise ValidationError({"lang": f"one of {', '.join(LANGUAGES)}"})
        return value

    def portal(self):
        if not hasattr(self, "_portal"):
            portal = Portal.objects.filter(slug=self.kwargs["portal"], status=Portal.Status.ACTIVE).first()
            if portal is None:
                raise Http404("No such portal")
            self._portal = portal
        return self._portal

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "portal" in self.kwargs:
            context["portal"] = self.portal()
            context["language"] = self.language()
        return context

    def _key(self, request, portal):
        query = urlencode(sorted(request.query_params.lists()), doseq=True)
        digest = hashlib.sha256(f"{request.get_host()}|{request.path}?{query}".encode()).hexdigest()
        return CACHE_KEY.format(portal=portal.pk, gen=page_cache.generation(portal.pk), digest=digest)

    def get(self, request, *args, **kwargs):
        portal = self.portal()
        language = self.language()
        key = self._key(request, portal)
        try:
            body = cache.get(key)
        except Exception:  # a cache outage must never take the API down
            body = None
        if body is not None:
            response = Response(json.loads(body))
            response["X-Api-Cache"] = "hit"
        else:
            with translation.override(language):  # public URLs of English content carry /en/
                response = self.answer(request, portal, language)
            if response.status_code == 200:
                with contextlib.suppress(Exception):
                    cache.set(key, json.dumps(response.data, cls=DjangoJSONEncoder), _timeout())
                response["X-Api-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=60)
        return response

    def answer(self, request, portal, language):
        """The endpoint's own answer (a Response) for a portal and language; every endpoint class defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define answer()")

    # Lists: one page of the queryset.
    def list_answer(self, queryset):
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _text(request, name, limit):
    return request.query_params.get(name, "")[:limit]


@extend_schema_view(
    get=extend_schema(
        operation_id="portals_list", tags=["portals"], summary="Active portals (the province and its component portals)"
    )
)
class PortalList(generics.ListAPIView):
    serializer_class = serializers.PortalSerializer
    pagination_class = Pagination

    def get_queryset(self):
        return Portal.objects.filter(status=Portal.Status.ACTIVE).order_by("tree_id", "lft")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["slugs"] = dict(Portal.objects.filter(status=Portal.Status.ACTIVE).values_list("pk", "slug"))
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=60)
        return response


@extend_schema_view(
    get=extend_schema(
        operation_id="categories_list",
        responses=serializers.CategorySerializer(many=True),
        tags=["news"],
        summary="Categories of a portal, in tree order",
        parameters=[PORTAL, LANG],
    )
)
class CategoryList(PublicView):
    serializer_class = serializers.CategorySerializer
    pagination_class = None

    def answer(self, request, portal, language):
        return Response(self.get_serializer(selectors.site_categories(portal), many=True).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="articles_list",
        responses=serializers.ArticleListSerializer(many=True),
        tags=["news"],
        summary="Published articles, newest first",
        parameters=[
            PORTAL,
            LANG,
            OpenApiParameter("category", str, description="A category's slug (with its sub-categories)."),
        ],
    )
)
class ArticleList(PublicView):
    serializer_class = serializers.ArticleListSerializer

    def answer(self, request, portal, language):
        articles = selectors.published_articles(portal, language)
        slug = _text(request, "category", 120)
        if slug:
            category = selectors.category_by_slug(portal, slug)
            if category is None:
                raise Http404("No such category")
            articles = articles.filter(category_id__in=selectors.category_and_descendant_ids(portal, category))
        return self.list_answer(articles)


@extend_schema_view(
    get=extend_schema(
        operation_id="articles_retrieve", tags=["news"], summary="One published article", parameters=[PORTAL]
    )
)
class ArticleDetail(PublicView):
    serializer_class = serializers.ArticleSerializer

    def answer(self, request, portal, language):
        article = selectors.article_for_page(portal, self.kwargs["pk"])
        if article is None:
            raise Http404("No such article")
        with translation.override(article.language):
            article.api_tags = selectors.article_extras(article)["tags"]
            return Response(self.get_serializer(article).data)


DOCUMENT_FILTERS = [
    OpenApiParameter("type", str, enum=list(LegalDocument.DocType.values), description="Loại văn bản."),
    OpenApiParameter("issuing_body", str, description="Cơ quan ban hành (exact)."),
    OpenApiParameter("year", int, description="Năm ban hành."),
    OpenApiParameter("field", str, description="Lĩnh vực (exact)."),
    OpenApiParameter("validity", str, enum=list(LegalDocument.Validity.values), description="Tình trạng hiệu lực."),
    OpenApiParameter("q", str, description="Số ký hiệu or words of the title and summary."),
]


@extend_schema_view(
    get=extend_schema(
        operation_id="documents_list",
        responses=serializers.DocumentListSerializer(many=True),
        tags=["documents"],
        summary="Published legal documents, newest first",
        parameters=[PORTAL, LANG, *DOCUMENT_FILTERS],
    )
)
class DocumentList(PublicView):
    serializer_class = serializers.DocumentListSerializer

    def answer(self, request, portal, language):
        params = request.query_params
        filters = {
            "doc_type": params.get("type", "") if params.get("type", "") in LegalDocument.DocType.values else "",
            "issuing_body": _text(request, "issuing_body", 255),
            "year": year_param(request, "year"),
            "field": _text(request, "field", 120),
            "validity": params.get("validity", "")
            if params.get("validity", "") in LegalDocument.Validity.values
            else "",
            "q": _text(request, "q", 200),
        }
        return self.list_answer(selectors.filter_documents(portal, language, **filters))


@extend_schema_view(
    get=extend_schema(
        operation_id="documents_retrieve",
        tags=["documents"],
        summary="One published legal document, its files and validity links",
        parameters=[PORTAL],
    )
)
class DocumentDetail(PublicView):
    serializer_class = serializers.DocumentSerializer

    def answer(self, request, portal, language):
        document = selectors.document_for_page(portal, self.kwargs["pk"])
        if document is None:
            raise Http404("No such document")
        document.api_relations = selectors.document_relations(document)
        with translation.override(document.language):
            return Response(self.get_serializer(document).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="leaders_list",
        responses=serializers.LeaderSerializer(many=True),
        tags=["leaders"],
        summary="The portal's leaders",
        parameters=[PORTAL, LANG],
    )
)
class LeaderList(PublicView):
    serializer_class = serializers.LeaderSerializer
    pagination_class = None

    def answer(self, request, portal, language):
        return Response(self.get_serializer(selectors.leaders(portal, language), many=True).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="schedule_retrieve",
        tags=["leaders"],
        summary="The leaders' work schedule of one week",
        parameters=[
            PORTAL,
            LANG,
            OpenApiParameter("week", OpenApiTypes.DATE, description="Any day of the week (default: this week)."),
        ],
        responses=serializers.ScheduleWeekSerializer,
    )
)
class Schedule(PublicView):
    serializer_class = serializers.ScheduleWeekSerializer
    pagination_class = None

    def answer(self, request, portal, language):
        day = date_param(request, "week") or timezone.localdate()
        monday = selectors.week_start(day)
        days = selectors.week_schedule(portal, monday, language)
        week = {
            "week_start": monday,
            "previous_week": monday - datetime.timedelta(days=7),
            "next_week": monday + datetime.timedelta(days=7),
            "days": [{"date": date, "entries": entries} for date, entries in days.items()],
        }
        return Response(self.get_serializer(week).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="consultations_list",
        responses=serializers.ConsultationListSerializer(many=True),
        tags=["consultations"],
        summary="Published draft consultations",
        parameters=[PORTAL, LANG],
    )
)
class ConsultationList(PublicView):
    serializer_class = serializers.ConsultationListSerializer

    def answer(self, request, portal, language):
        return self.list_answer(selectors.consultation_list(portal, language).order_by("-ends_on", "-id"))


@extend_schema_view(
    get=extend_schema(
        operation_id="consultations_retrieve",
        tags=["consultations"],
        summary="One published draft",
        parameters=[PORTAL],
    )
)
class ConsultationDetail(PublicView):
    serializer_class = serializers.ConsultationSerializer

    def answer(self, request, portal, language):
        draft = selectors.consultation_for_page(portal, self.kwargs["pk"])
        if draft is None:
            raise Http404("No such draft")
        draft.approved_comments = draft.comments.filter(status=ConsultationComment.Status.APPROVED).count()
        with translation.override(draft.language):
            return Response(self.get_serializer(draft).data)


QUESTION_FILTERS = [
    OpenApiParameter("q", str, description="Words of the question or the answer."),
    OpenApiParameter("field", str, description="A field's slug."),
    OpenApiParameter("agency", str, description="The answering agency's slug."),
]


@extend_schema_view(
    get=extend_schema(
        operation_id="questions_list",
        responses=serializers.QuestionListSerializer(many=True),
        tags=["questions"],
        summary="Published questions and answers, newest first",
        parameters=[PORTAL, *QUESTION_FILTERS],
    )
)
class QuestionList(PublicView):
    serializer_class = serializers.QuestionListSerializer

    def answer(self, request, portal, language):
        questions = feedback_selectors.public_questions(
            portal,
            q=_text(request, "q", 200),
            field_slug=_text(request, "field", 120),
            agency_slug=_text(request, "agency", 120),
        )
        return self.list_answer(questions)


@extend_schema_view(
    get=extend_schema(
        operation_id="questions_retrieve",
        tags=["questions"],
        summary="One published question and its answer",
        parameters=[PORTAL],
    )
)
class QuestionDetail(PublicView):
    serializer_class = serializers.QuestionSerializer

    def answer(self, request, portal, language):
        question = feedback_selectors.published_question(portal, self.kwargs["pk"])
        if question is None:
            raise Http404("No such question")
        return Response(self.get_serializer(question).data)
