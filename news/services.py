"""Writes for news: articles are written, edited, published and scheduled
here, whoever asks (the site form, the demo data, the scheduled task).

`by` is the user acting; their permission is checked again here, so a rule
holds whatever interface calls. `by=None` is the system itself (the demo
data, the task that marks due articles published): no permission applies.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import RESERVED_SLUGS, Article

SLUG_LENGTH = Article._meta.get_field("slug").max_length


def unique_slug(title: str, *, exclude_pk=None) -> str:
    """An unused address for an article titled `title` ("harbin-consensus",
    then "harbin-consensus-2"...); "article" when the title has no Latin
    letters to make one from."""
    base = slugify(title)[: SLUG_LENGTH - 4].strip("-") or "article"
    if base in RESERVED_SLUGS:
        base = f"{base}-article"
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _require(by, perm: str, obj) -> None:
    if by is not None and not by.has_perm(perm, obj):
        raise PermissionDenied


def _check_publication(article: Article, *, now) -> None:
    """A scheduled article's time is in the future; a published one's is not."""
    if article.status == Article.Status.SCHEDULED:
        if article.publish_at is None:
            raise ValidationError({"publish_at": _("Give the time a scheduled article appears.")})
        if article.publish_at <= now:
            raise ValidationError(
                {"publish_at": _("Choose a time in the future, or publish the article now.")}
            )
    if (
        article.status == Article.Status.PUBLISHED
        and article.publish_at is not None
        and article.publish_at > now
    ):
        raise ValidationError(
            {"publish_at": _("To publish later, choose “Scheduled” with this time.")}
        )


@transaction.atomic
def article_create(*, by, fields: dict, countries=(), topics=()) -> Article:
    """Write an article for a centre (or, for the secretariat, an organisation):
    a draft, published now or at a given past time, or scheduled."""
    article = Article(**fields)
    if by is not None:
        article.created_by = by
    _require(by, "news.add_article", article)
    if article.status != Article.Status.DRAFT:
        _require(by, "news.publish_article", article)
    if not article.slug:
        article.slug = unique_slug(article.title)
    _check_publication(article, now=timezone.now())
    article.full_clean()  # also sanitises the text
    article.save()
    article.countries.set(countries)
    article.topics.set(topics)
    return article


@transaction.atomic
def article_update(*, article: Article, by, fields: dict, countries=None, topics=None) -> Article:
    """Change an article; moving it to another centre needs the right to write
    for that centre too, publishing or rescheduling the right to publish."""
    _require(by, "news.change_article", article)
    before = (article.status, article.publish_at)
    fields = {name: value for name, value in fields.items() if name != "slug"}
    for name, value in fields.items():
        setattr(article, name, value)
    _require(by, "news.change_article", article)  # still theirs, if the centre changed
    publication_changed = (article.status, article.publish_at) != before
    if publication_changed:
        if article.status != Article.Status.DRAFT or before[0] != Article.Status.DRAFT:
            _require(by, "news.publish_article", article)
        _check_publication(article, now=timezone.now())
    article.full_clean()
    update_fields = {*fields, "body", "status", "publish_at", "updated_at"}
    if "lead_image" in fields:
        update_fields |= {"lead_image_width", "lead_image_height"}
    article.save(update_fields=update_fields)
    if countries is not None:
        article.countries.set(countries)
    if topics is not None:
        article.topics.set(topics)
    return article


def articles_publish_due(*, now=None) -> int:
    """Mark scheduled articles whose time has come as published; returns how
    many. Readers already see them (visibility is decided when asked): this
    records the publication and, through the signals, retires cached pages
    that were rendered before the time. Safe to run twice or concurrently:
    rows are locked and only those still scheduled are changed."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Article.objects.select_for_update()
            .filter(status=Article.Status.SCHEDULED, publish_at__lte=now)
            .order_by("pk")
        )
        for article in due:
            article.status = Article.Status.PUBLISHED
            article.save(update_fields=["status", "updated_at"])
    return len(due)


# --- Translations made in the workspace -----------------------------------------


def _translation_row(kind, original, language):
    """The original's translation into `language`, new (unsaved) when none."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AboutPageTranslation, ArticleTranslation, FieldTranslation

    if kind.key == "article":
        row = ArticleTranslation.objects.filter(article=original, language=language).first()
        return row or ArticleTranslation(article=original, language=language)
    if kind.key == "about":
        row = AboutPageTranslation.objects.filter(page=original, language=language).first()
        return row or AboutPageTranslation(page=original, language=language)
    content_type = ContentType.objects.get_for_model(original)
    lookup = {
        "content_type": content_type,
        "object_id": original.pk,
        "field": kind.fields[0],
        "language": language,
    }
    return FieldTranslation.objects.filter(**lookup).first() or FieldTranslation(**lookup)


def may_translate_into(user, language: str, original=None) -> bool:
    """Into the languages on the translator's profile; the secretariat into
    any, and an organisation's representatives its description into any."""
    from common.authz import sees_everything

    from .rules import represents

    return sees_everything(user) or language in user.translates_into or represents(user, original)


@transaction.atomic
def translation_save(*, by, kind, original, language: str, texts: dict, publish: bool):
    """Save `by`'s translation of `original` into `language`: `texts` maps the
    original's field names to the translated text. A draft is never shown;
    publishing shows it to readers and records which version of the original
    it renders (a later change of the original marks it outdated)."""
    from common.translations import TranslationStatus

    if by is not None and not (
        by.has_perm("news.translate", original) and may_translate_into(by, language, original)
    ):
        raise PermissionDenied(_("You may not translate this text into this language."))
    row = _translation_row(kind, original, language)
    source_language = getattr(original, "language", None) or "en"
    row.source_language = source_language
    if kind.is_field:
        row.text = texts.get(kind.fields[0], "")
    else:
        for name in kind.fields:
            setattr(row, name, texts.get(name, ""))
    row.status = TranslationStatus.PUBLISHED if publish else TranslationStatus.DRAFT
    row.translated_by = by
    row._history_user = by  # its history names the translator (also outside a request)
    if publish:
        row.published_at = None  # mark_up_to_date (in clean) sets it to now
    row.full_clean()
    row.save()
    return row
