"""Meetings, news articles and documents (read only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Document
from meetings.models import Meeting

# --- Meetings, news, documents ----------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    attending_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "online_url",
            "status",
            "group",
            "attending_count",
        ]


class ArticleSerializer(serializers.Serializer):
    """An article in the client's language (Accept-Language), with fallback
    to a published translation or the original, as the news pages have it."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(help_text=_("The language of the text shown."))
    publish_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, card) -> str:
        return str(card.article.author)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_countries(self, card):
        return [country.code for country in card.article.countries.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, card):
        return [topic.slug for topic in card.article.topics.all()]


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text=_("Sanitised HTML."))


class DocumentVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, version):
        request = self.context.get("request")
        url = version.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "description", "language", "access", "group", "latest_version"]

    @extend_schema_field(DocumentVersionSerializer(allow_null=True))
    def get_latest_version(self, document):
        versions = getattr(document, "latest_versions", None)
        if not versions:
            return None
        return DocumentVersionSerializer(versions[0], context=self.context).data
