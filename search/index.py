"""Keeps the translation index (`models.TranslatedText`) up to date.

The translations of an object (a news article's, a group mandate's...) are
read from the news app's tables, which search may read (it sits above news):
one row per object and language gathers every *published* translation of the
object into that language. The rows are rebuilt for one object whenever one
of its translations is saved or deleted (`apps.SearchConfig.ready` connects
the signals: the index is a derived copy, like a cache) and for everything by
`manage.py search_index_translations`.
"""

from __future__ import annotations

import html

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.utils.html import strip_tags

from common.translations import TranslationStatus

from . import text
from .models import TranslatedText


def _plain(value: str) -> str:
    return " ".join(html.unescape(strip_tags(value or "")).split())


def _published_texts(content_type: ContentType, object_id: int) -> dict[str, dict[str, list]]:
    """{language: {"title": [...], "body": [...]}} of the object's published
    translations."""
    texts: dict[str, dict[str, list]] = {}

    def add(language, title="", body=()):
        entry = texts.setdefault(language, {"title": [], "body": []})
        if title:
            entry["title"].append(title)
        entry["body"].extend(_plain(part) for part in body if part)

    if not apps.is_installed("news"):
        return texts
    FieldTranslation = apps.get_model("news", "FieldTranslation")
    published = {"status": TranslationStatus.PUBLISHED}
    if (content_type.app_label, content_type.model) == ("news", "article"):
        ArticleTranslation = apps.get_model("news", "ArticleTranslation")
        for row in ArticleTranslation.objects.filter(article_id=object_id, **published):
            add(row.language, row.title, (row.summary, row.body))
    for row in FieldTranslation.objects.filter(
        content_type=content_type, object_id=object_id, **published
    ):
        add(row.language, body=(row.text,))
    return texts


def reindex(content_type: ContentType, object_id: int) -> None:
    """Rebuild the index rows of one object from its published translations."""
    texts = _published_texts(content_type, object_id)
    rows = TranslatedText.objects.filter(content_type=content_type, object_id=object_id)
    with transaction.atomic():
        rows.exclude(language__in=list(texts)).delete()
        for language, parts in texts.items():
            title = " ".join(parts["title"])
            body = " ".join(parts["body"])
            row, _created = TranslatedText.objects.update_or_create(
                content_type=content_type,
                object_id=object_id,
                language=language,
                defaults={
                    "title": title,
                    "body": body,
                    "folded": f"{title}\n{body}".casefold(),
                },
            )
            _set_vector(row, language, title, body)


def _set_vector(row: TranslatedText, language: str, title: str, body: str) -> None:
    if connections[TranslatedText.objects.db].vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField, Value

    config = text.ts_config(language)
    TranslatedText.objects.filter(pk=row.pk).update(
        vector=SearchVector(
            Value(text.index_text(title, language), output_field=TextField()),
            config=config,
            weight="A",
        )
        + SearchVector(
            Value(text.index_text(body, language), output_field=TextField()),
            config=config,
            weight="B",
        )
    )


def reindex_translation(translation) -> None:
    """Rebuild the rows of the object a translation row belongs to."""
    if hasattr(translation, "article_id"):
        content_type = ContentType.objects.get_for_model(apps.get_model("news", "Article"))
        reindex(content_type, translation.article_id)
    elif hasattr(translation, "content_type_id") and hasattr(translation, "field"):
        reindex(ContentType.objects.get(pk=translation.content_type_id), translation.object_id)


def reindex_everything() -> int:
    """Rebuild the whole index; the number of objects indexed."""
    objects = set()
    if apps.is_installed("news"):
        article_type = ContentType.objects.get_for_model(apps.get_model("news", "Article"))
        ArticleTranslation = apps.get_model("news", "ArticleTranslation")
        FieldTranslation = apps.get_model("news", "FieldTranslation")
        objects |= {
            (article_type.pk, pk)
            for pk in ArticleTranslation.objects.values_list("article_id", flat=True)
        }
        objects |= set(FieldTranslation.objects.values_list("content_type_id", "object_id"))
    stale = TranslatedText.objects.all()
    for content_type_id, object_id in sorted(objects):
        reindex(ContentType.objects.get_for_id(content_type_id), object_id)
        stale = stale.exclude(content_type_id=content_type_id, object_id=object_id)
    stale.delete()
    return len(objects)


def on_translation_saved(sender, instance, **kwargs) -> None:
    # At once, in the same transaction: rolled back with the translation.
    reindex_translation(instance)


def connect_signals() -> None:
    if not apps.is_installed("news"):
        return
    from django.db.models.signals import post_delete, post_save

    for name in ("ArticleTranslation", "FieldTranslation"):
        model = apps.get_model("news", name)
        post_save.connect(on_translation_saved, sender=model, dispatch_uid=f"search-{name}-save")
        post_delete.connect(
            on_translation_saved, sender=model, dispatch_uid=f"search-{name}-delete"
        )
