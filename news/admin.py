"""The secretariat's editor: articles (with their translations), about pages
(with theirs), topics, and translations of other apps' text fields (on their
own page, and as an inline on the working group's and the organisation's
admin page: `common.admin.field_translation_inline`).

Every text is sanitised by the model's clean(), which the admin's forms run,
so what is saved here carries no script, event handler or javascript: link.
Publication rules (a scheduled article needs its time) are the model's too.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import RichTextAdminMixin
from common.uploads import validate_image_upload

from .forms import DEFAULT_IMAGE_MAX_BYTES
from .models import (
    TRANSLATABLE_FIELDS,
    TRANSLATABLE_KINDS,
    AboutPage,
    AboutPageTranslation,
    Article,
    ArticleTranslation,
    FieldTranslation,
    Topic,
    TranslationGrant,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ArticleTranslationInline(RichTextAdminMixin, admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    fields = ["language", "source_language", "status", "title", "summary", "body"]


class ArticleAdminForm(forms.ModelForm):
    """Checks an uploaded lead image by its content, as the site form does."""

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "language",
            "summary",
            "body",
            "lead_image",
            "lead_image_alt",
            "author_centre",
            "author_organisation",
            "countries",
            "topics",
            "status",
            "publish_at",
        ]

    def clean_lead_image(self):
        image = self.cleaned_data.get("lead_image")
        if isinstance(image, UploadedFile):
            max_bytes = getattr(settings, "NEWS_MAX_IMAGE_BYTES", DEFAULT_IMAGE_MAX_BYTES)
            validate_image_upload(image, max_bytes=max_bytes)
        return image


@admin.register(Article)
class ArticleAdmin(RichTextAdminMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status", "publish_at", "author_centre", "author_organisation"]
    list_filter = ["status", "topics", "author_centre", "countries", "language"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["author_centre", "author_organisation"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author_organisation"]
    filter_horizontal = ["countries", "topics"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [ArticleTranslationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body"]}),
        (_("Lead image"), {"fields": ["lead_image", "lead_image_alt"]}),
        (
            _("Who and what"),
            {"fields": ["author_centre", "author_organisation", "countries", "topics"]},
        ),
        (
            _("Publication"),
            {"fields": ["status", "publish_at", "created_by", "created_at", "updated_at"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class AboutPageTranslationInline(RichTextAdminMixin, admin.StackedInline):
    model = AboutPageTranslation
    extra = 0
    fields = ["language", "source_language", "status", "title", "summary", "body"]


@admin.register(AboutPage)
class AboutPageAdmin(RichTextAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "position", "status", "updated_at"]
    list_editable = ["position"]
    list_filter = ["status"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AboutPageTranslationInline]
    fields = ["title", "slug", "language", "summary", "body", "position", "status"]


class FieldTranslationForm(forms.ModelForm):
    class Meta:
        model = FieldTranslation
        fields = [
            "content_type",
            "object_id",
            "field",
            "language",
            "source_language",
            "status",
            "text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        labels = [label.split(".") for label in TRANSLATABLE_FIELDS]
        ids = [ContentType.objects.get_by_natural_key(app, model).pk for app, model in labels]
        self.fields["content_type"].queryset = ContentType.objects.filter(pk__in=ids)
        self.fields["field"] = forms.ChoiceField(
            label=_("field"),
            choices=sorted(
                {(name, name) for names in TRANSLATABLE_FIELDS.values() for name in names}
            ),
        )


@admin.register(FieldTranslation)
class FieldTranslationAdmin(admin.ModelAdmin):
    """Translations of a working group's mandate or an organisation's
    description: pick the kind of object, its id and the field."""

    form = FieldTranslationForm
    list_display = ["__str__", "content_type", "object_id", "field", "language", "status"]
    list_filter = ["content_type", "field", "language", "status"]
    list_select_related = ["content_type"]


@admin.register(TranslationGrant)
class TranslationGrantAdmin(admin.ModelAdmin):
    """Who may translate which shared public text beyond their own centre's
    (the translation workspace, /translations/)."""

    list_display = ["user", "content_type", "object_id", "granted_at"]
    list_filter = ["content_type"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            ids = [
                ContentType.objects.get_by_natural_key(*label.split(".")).pk
                for label in TRANSLATABLE_KINDS
            ]
            kwargs["queryset"] = ContentType.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
