"""Articles, about pages, topics, and the translations of all editorial text."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import InformationCentre
from common.names import NAME_MAX_LENGTH
from common.sanitize import clean_rich_text
from common.singleline import validate_single_line
from common.translations import LANGUAGES, TranslationStatus, is_outdated, source_digest
from stakeholders.models import Country, Organisation

# Slugs that name the news section's own addresses, never an article's.
RESERVED_SLUGS = frozenset({"new", "feed", "atom", "topics"})


class Topic(models.Model):
    """What an article is about (anti-poaching, monitoring...): a filter and a feed."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self):
        return gettext(self.name)

    def get_absolute_url(self):
        return f"{reverse('news:list')}?topic={self.slug}"

    def get_feed_url(self):
        return reverse("news:topic_feed", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def visible(self, now=None):
        """What readers see: published articles and scheduled ones whose time
        has come. A query-time condition, so a scheduled article appears at
        its time without anyone (or any task) acting."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED], publish_at__lte=now
        )


def lead_image_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"news/{instance.slug or 'article'}.{extension}"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    language = models.CharField(
        _("written in"),
        max_length=10,
        choices=LANGUAGES,
        default="en",
        help_text=_("The language of the text below; translations are added separately."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences for lists and feeds.")
    )
    body = models.TextField(
        _("text"),
        max_length=50_000,
        help_text=_("Paragraphs, lists, headings and links; anything else is removed."),
    )
    lead_image = models.ImageField(
        _("lead image"),
        upload_to=lead_image_upload_to,
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        _("alternative text of the lead image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    author_centre = models.ForeignKey(
        InformationCentre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("information centre"),
    )
    author_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("organisation"),
        help_text=_("For articles not written by an information centre (the secretariat's)."),
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="articles", verbose_name=_("countries")
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name=_("topics")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("When a scheduled article appears; set on publication otherwise."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", _("Can publish or schedule articles"))]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(author_centre__isnull=False, author_organisation__isnull=True)
                    | Q(author_centre__isnull=True, author_organisation__isnull=False)
                ),
                name="article_one_author",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="article_publication_time_when_not_draft",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        self.body = clean_rich_text(self.body)
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by the news section itself.")
        if self.lead_image and not (self.lead_image_alt or "").strip():
            errors["lead_image_alt"] = _(
                "Describe the image for readers who cannot see it (alternative text)."
            )
        if bool(self.author_centre_id) == bool(self.author_organisation_id):
            errors["author_centre"] = _(
                "Name the information centre or the organisation that writes it (one of them)."
            )
        if self.status == self.Status.SCHEDULED and self.publish_at is None:
            errors["publish_at"] = _("Give the time a scheduled article appears.")
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        if errors:
            raise ValidationError(errors)

    @property
    def published_at(self):
        return self.publish_at

    @property
    def author(self):
        """The centre or the organisation that writes the article."""
        return self.author_centre or self.author_organisation

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.publish_at is not None
            and self.publish_at <= now
        )


class Translation(models.Model):
    """A translation of editorial text: its language, the language it was made
    from, and its own status (a draft is never shown)."""

    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    source_language = models.CharField(
        _("translated from"), max_length=10, choices=LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
        help_text=_("Only published translations are shown; keep it a draft until reviewed."),
    )
    # The fingerprint of the original's text when this translation was last
    # published (common.translations.source_digest): a different one now means
    # the original changed since, and the translation is outdated.
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The original's text itself then ({field: value}): what changed since is
    # shown to the translator of an outdated translation.
    source_text = models.JSONField(default=dict, blank=True, editable=False)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last translated by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The fields of the original this translation renders (subclasses).
    source_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        errors = {}
        if self.language and self.language == self.source_language:
            errors["source_language"] = _("A translation is made from another language.")
        original = self.original_language()
        if original and self.language == original:
            errors["language"] = _("The original is already in this language.")
        if hasattr(self, "body"):
            self.body = clean_rich_text(self.body)
        if errors:
            raise ValidationError(errors)
        if self.is_published:
            self.mark_up_to_date()

    def original_language(self) -> str | None:
        return None

    def source(self):
        """The object whose text this translates."""
        raise NotImplementedError

    def source_field_names(self) -> tuple[str, ...]:
        return self.source_fields

    def mark_up_to_date(self) -> None:
        """Record that this translation renders the original as it is now."""
        source = self.source()
        if source is not None:
            names = self.source_field_names()
            self.source_digest = source_digest(source, names)
            self.source_text = {name: getattr(source, name) or "" for name in names}
        if self.published_at is None:
            self.published_at = timezone.now()

    @property
    def is_outdated(self) -> bool:
        source = self.source()
        return (
            self.is_published
            and source is not None
            and is_outdated(self, source, self.source_field_names())
        )

    @property
    def is_published(self) -> bool:
        return self.status == TranslationStatus.PUBLISHED


class ArticleTranslation(Translation):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="translations", verbose_name=_("article")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(_("text"), max_length=50_000)

    source_fields = ("title", "summary", "body")

    class Meta:
        verbose_name = _("article translation")
        verbose_name_plural = _("article translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="article_translation_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def original_language(self):
        return self.article.language if self.article_id else None

    def source(self):
        return self.article if self.article_id else None


class AboutPage(models.Model):
    """A page about the partnership (goals, structure, members, joining),
    written by the secretariat in the admin."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    language = models.CharField(_("written in"), max_length=10, choices=LANGUAGES, default="en")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=600, blank=True, help_text=_("Shown on the about index.")
    )
    body = models.TextField(
        _("text"),
        max_length=50_000,
        help_text=_("Paragraphs, lists, headings and links; anything else is removed."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("about page")
        verbose_name_plural = _("about pages")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("about:page", kwargs={"slug": self.slug})

    def clean(self):
        self.body = clean_rich_text(self.body)


class AboutPageTranslation(Translation):
    page = models.ForeignKey(
        AboutPage, on_delete=models.CASCADE, related_name="translations", verbose_name=_("page")
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(_("text"), max_length=50_000)

    source_fields = ("title", "summary", "body")

    class Meta:
        verbose_name = _("about page translation")
        verbose_name_plural = _("about page translations")
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="about_translation_once_per_language"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def original_language(self):
        return self.page.language if self.page_id else None

    def source(self):
        return self.page if self.page_id else None


# Which fields of other apps' models may be translated: model label -> fields.
TRANSLATABLE_FIELDS = {
    "workinggroups.workinggroup": ("mandate", "name"),
    "stakeholders.organisation": ("description", "name"),
    "stakeholders.country": ("name",),
    "stakeholders.stakeholdertype": ("name",),
    "activities.activity": ("description", "title"),
    "activities.protectedarea": ("description", "name"),
    "activities.informationcentre": ("name",),
    "activities.indicatortype": ("name",),
    # Read by the annual report (reports.selectors): a plan's title, an
    # approved version's summary, the secretariat's introduction and conclusions.
    "workinggroups.workplan": ("title",),
    "workinggroups.workplanversion": ("summary",),
    "reports.annualreport": ("introduction", "conclusions"),
}


class FieldTranslationQuerySet(models.QuerySet):
    def published_for(self, obj, field_name: str):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            field=field_name,
            status=TranslationStatus.PUBLISHED,
        )

    def published_for_many(self, objects, field_name: str):
        objects = list(objects)
        return self.filter(
            content_type=ContentType.objects.get_for_model(objects[0]),
            object_id__in=[obj.pk for obj in objects],
            field=field_name,
            status=TranslationStatus.PUBLISHED,
        )


class FieldTranslation(Translation):
    """A translation of one text field of any model: a working group's
    mandate, an organisation's description (see TRANSLATABLE_FIELDS). Shown
    through `common.translations.translated_field`."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=50)
    text = models.TextField(_("translated text"), max_length=10_000)

    objects = FieldTranslationQuerySet.as_manager()
    # Every change kept: an organisation's page lists its description's
    # (news.selectors.description_translation_history).
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Which fields of which models may be translated (read by the admin inline,
    # `common.admin.field_translation_inline`).
    translatable_fields = TRANSLATABLE_FIELDS

    class Meta:
        verbose_name = _("field translation")
        verbose_name_plural = _("field translations")
        ordering = ["content_type", "object_id", "field", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="field_translation_once_per_language",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "field"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} {self.field} ({self.language})"

    def original_language(self):
        return settings.LANGUAGE_CODE  # the translated models have no language of their own

    def source(self):
        if not self.content_type_id:
            return None
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None

    def source_field_names(self):
        return (self.field,)

    def clean(self):
        if self.content_type_id:
            label = f"{self.content_type.app_label}.{self.content_type.model}"
            if self.field not in TRANSLATABLE_FIELDS.get(label, ()):
                raise ValidationError({"field": _("This field cannot be translated here.")})
            if self.source() is None:
                raise ValidationError({"object_id": _("There is no such object.")})
            if self.field == getattr(self.content_type.model_class(), "name_field", None):
                # A name is one line, as the name it translates.
                self.text = (self.text or "").strip()
                try:
                    validate_single_line(self.text)
                except ValidationError as error:
                    raise ValidationError({"text": error.messages}) from None
                if len(self.text) > NAME_MAX_LENGTH:
                    raise ValidationError(
                        {
                            "text": _("A name has at most %(limit)d characters.")
                            % {"limit": NAME_MAX_LENGTH}
                        }
                    )
        super().clean()


class TranslationGrant(models.Model):
    """Leave to translate shared public text beyond one's own centre's: the
    about pages, a group's mandate, an organisation's description... Given by
    the secretariat to a person (usually information-centre staff), for one
    object or, without one, for every object of that kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="translation_grants",
        verbose_name=_("translator"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of text")
    )
    object_id = models.PositiveBigIntegerField(
        _("object id"), null=True, blank=True, help_text=_("Empty: every object of this kind.")
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("translation grant")
        verbose_name_plural = _("translation grants")
        ordering = ["user", "content_type", "object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="translation_grant_once"
            )
        ]

    def __str__(self):
        what = self.content_type.name
        if self.object_id is not None:
            what = f"{what} {self.object_id}"
        return f"{self.user}: {what}"

    def clean(self):
        if not self.content_type_id:
            return
        label = f"{self.content_type.app_label}.{self.content_type.model}"
        if label not in TRANSLATABLE_KINDS:
            raise ValidationError({"content_type": _("Texts of this kind are not translated.")})


# Every kind of text the translation workspace offers: model label -> fields.
TRANSLATABLE_KINDS = {
    "news.article": ("title", "summary", "body"),
    "news.aboutpage": ("title", "summary", "body"),
    **TRANSLATABLE_FIELDS,
}
