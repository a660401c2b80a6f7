"""The search index of translations: every published translation of a
searchable object, one row per object and language, kept up to date from the
translation tables (`index.py`). The originals are searched in their own
tables (see `backends.py`); a translation is found through this table, in its
own language: Russian and English with their stemming, Chinese and Japanese
by character bigrams (PostgreSQL has no parser that splits them into words),
Korean and Mongolian by words (the "simple" configuration).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.translations import LANGUAGES


class TranslatedText(models.Model):
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("kind of object")
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    title = models.TextField(_("title"), blank=True)  # empty: the object's own name is shown
    body = models.TextField(_("text"), blank=True)  # plain text, tags removed
    # title and text lower-cased (str.casefold): what the substring search of
    # databases other than PostgreSQL matches (SQLite folds no Cyrillic case)
    folded = models.TextField(blank=True)
    # PostgreSQL: the weighted vector in the language's configuration (GIN
    # index, migrations/0003); NULL elsewhere
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("translated text in the search index")
        verbose_name_plural = _("translated texts in the search index")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="search_translated_text_once",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} ({self.language})"
