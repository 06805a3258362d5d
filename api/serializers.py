"""What the open API shows: the fields the public pages print, nothing more (decision 1702).

Every serializer lists its fields by hand (no ModelSerializer, no `__all__`): a column added to a model never
reaches the API by accident. Left out on purpose although some page prints them: the asker of a published question
(initials or name), and consultation comments (citizens' names and organisations), so that no citizen's personal
data can be harvested in bulk; workflow columns (state, authors, revisions, search text) are on no public page.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from components.selectors import url_in_portal


def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


def public_url(context, obj, portal=None):
    """Absolute URL of the object's public page inside its own portal."""
    return absolute(context, url_in_portal(portal or obj.portal, obj.get_absolute_url))


class PortalSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    parent = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_parent(self, portal) -> str | None:
        return self.context["slugs"].get(portal.parent_id)

    def get_url(self, portal) -> str:
        return absolute(self.context, portal.get_absolute_url())


class CategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.SerializerMethodField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    url = serializers.SerializerMethodField()

    def get_name(self, category) -> str:
        if self.context.get("language") == "en" and category.name_en:
            return category.name_en
        return category.name

    def get_url(self, category) -> str:
        return public_url(self.context, category, self.context["portal"])


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()


class ArticleListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    published_at = serializers.DateTimeField()
    author_name = serializers.CharField()
    is_featured = serializers.BooleanField()
    is_reference = serializers.BooleanField()
    category = CategoryRefSerializer()
    featured_image = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_featured_image(self, article) -> str | None:
        if not article.featured_image:
            return None
        return absolute(self.context, article.featured_image.url)

    def get_url(self, article) -> str:
        return public_url(self.context, article, self.context["portal"])


class ArticleSerializer(ArticleListSerializer):
    body = serializers.CharField(help_text="HTML, sanitised like the public page.")
    image_caption = serializers.CharField()
    source = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField(), source="api_tags")


class DocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        portal = self.context["portal"]
        return public_url(self.context, document, portal if document.portal_id == portal.pk else document.portal)


class DocumentFileSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_title(self, f) -> str:
        return f.title or f.file.name

    def get_url(self, f) -> str:
        return absolute(self.context, f.file.url)


class DocumentListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField()
    number = serializers.CharField()
    doc_type = serializers.CharField()
    doc_type_label = serializers.CharField(source="get_doc_type_display")
    issuing_body = serializers.CharField()
    signer = serializers.CharField()
    issued_on = serializers.DateField()
    effective_on = serializers.DateField(allow_null=True)
    validity = serializers.CharField()
    validity_label = serializers.CharField(source="get_validity_display")
    field = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return public_url(self.context, document, self.context["portal"])


class DocumentRelationsSerializer(serializers.Serializer):
    amends = DocumentRefSerializer(many=True)
    amended_by = DocumentRefSerializer(many=True)
    replaces = DocumentRefSerializer(many=True)
    replaced_by = DocumentRefSerializer(many=True)


class DocumentSerializer(DocumentListSerializer):
    summary = serializers.CharField()
    files = DocumentFileSerializer(many=True, source="files.all")
    relations = DocumentRelationsSerializer(source="api_relations")


class LeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    position = serializers.CharField()
    phone = serializers.CharField(help_text="The office number the leaders' page shows.")
    email = serializers.CharField(help_text="The official address the leaders' page shows.")
    organization = serializers.CharField(source="organization.name", allow_null=True, default=None)
    is_spokesperson = serializers.BooleanField()


class ScheduleLeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    position = serializers.CharField()


class ScheduleEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    start_time = serializers.TimeField(allow_null=True)
    content = serializers.CharField()
    location = serializers.CharField()
    participants = serializers.CharField()
    leaders = ScheduleLeaderSerializer(many=True, source="leaders.all")


class ScheduleDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    entries = ScheduleEntrySerializer(many=True)


class ScheduleWeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    previous_week = serializers.DateField()
    next_week = serializers.DateField()
    days = ScheduleDaySerializer(many=True)


class ConsultationListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    drafting_agency = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    approved_comments = serializers.IntegerField(help_text="Number of approved comments (their text is on the page).")
    url = serializers.SerializerMethodField()

    def get_url(self, draft) -> str:
        return public_url(self.context, draft, self.context["portal"])


class ConsultationSerializer(ConsultationListSerializer):
    body = serializers.CharField(help_text="HTML, sanitised like the public page.")


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class QuestionListSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="published_title")
    body = serializers.CharField(
        source="published_body", help_text="The question as published (personal data removed)."
    )
    submitted_on = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField()
    field = NamedRefSerializer(allow_null=True)
    answered_by = NamedRefSerializer(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_submitted_on(self, question) -> datetime.date:
        return timezone.localdate(question.submitted_at)

    def get_url(self, question) -> str:
        path = url_in_portal(self.context["portal"], lambda: reverse("feedback:detail", args=[question.pk]))
        return absolute(self.context, path)


class QuestionSerializer(QuestionListSerializer):
    answer = serializers.CharField(source="published_answer", help_text="The answer as published.")
