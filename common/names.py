"""Names in the reader's language.

Working groups, protected areas, organisations, information centres,
countries, indicator types and activities are named in English (their
`name`, or an activity's `title`), and may carry a name in any content
language as a published `FieldTranslation` of that field (the same rows,
statuses and fallback chain as a group's mandate: `common.translations`).
Countries and indicator types also have the interface catalogues' name
(`gettext`), used in a language after its own FieldTranslation.

A model takes part by inheriting `LocalisedName` (and naming its field in
`name_field`): `obj.local_name` and `str(obj)` are then the name in the
active language, so every page, list, filter (a choice field's label is
`str(obj)`), export, feed, mail and API response that shows `{{ obj }}`,
`obj.local_name` or `str(obj)` speaks the reader's language.

Cost: nothing in the default language (English). In another language, the
first name of a model asked for inside a *name scope* loads that model's
published names in the chain's languages in one query; every further name
of that model in the scope is a dictionary look-up. A request is one scope
(`NameScopeMiddleware`), so a page runs at most one extra query per model it
names, however long its lists. Outside a scope (a shell, a test calling
`str()`), each name is looked up on its own, which is correct but unbatched:
tasks and mail builders open a scope with `name_scope()`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from .translations import (
    FIELD_TRANSLATION_MODEL,
    TranslationStatus,
    content_language,
    default_language,
    fallback_chain,
    normalise_language,
)

# The scope's book: (content type id, field, languages) -> {object id: {language: name}}.
_book: ContextVar[dict | None] = ContextVar("localised_name_book", default=None)
# In a request for a content language the interface lacks (`?lang=ko` on an
# English address): (interface language, content language).
_asked: ContextVar[tuple[str, str] | None] = ContextVar("localised_name_language", default=None)

# The longest name a FieldTranslation of a name field may hold (the longest
# name field of the named models).
NAME_MAX_LENGTH = 200


@contextmanager
def name_scope(content_language: str | None = None):
    """Batch the names looked up inside: one query per model and language.
    `content_language`: the language a page's content is shown in when it
    differs from the interface's (`?lang=`), for names shown while the
    interface language is active (a mail in another language keeps its own)."""
    interface = translation.get_language()
    asked = (interface, content_language) if content_language not in (None, interface) else None
    book_token, asked_token = _book.set({}), _asked.set(asked)
    try:
        yield
    finally:
        _book.reset(book_token)
        _asked.reset(asked_token)


def _chain(language: str | None) -> list[str]:
    if language is None:
        language = translation.get_language()
        asked = _asked.get()
        if asked is not None and asked[0] == language:
            language = asked[1]
    requested = normalise_language(language) or default_language()
    return fallback_chain(requested)


def _translated_names(obj, field: str, languages: tuple[str, ...]) -> dict[str, str]:
    """{language: name} of `obj`'s published translations of `field`."""
    FieldTranslation = apps.get_model(FIELD_TRANSLATION_MODEL)
    content_type = ContentType.objects.get_for_model(obj)
    rows = FieldTranslation.objects.filter(
        content_type=content_type, field=field, status=TranslationStatus.PUBLISHED
    ).filter(language__in=languages)
    book = _book.get()
    if book is None:
        return dict(rows.filter(object_id=obj.pk).values_list("language", "text"))
    key = (content_type.pk, field, languages)
    if key not in book:
        names: dict = {}
        for object_id, language, text in rows.values_list("object_id", "language", "text"):
            names.setdefault(object_id, {})[language] = text
        book[key] = names
    return book[key].get(obj.pk, {})


def _catalogue_name(original: str, language: str) -> str | None:
    """The interface catalogue's translation of `original` into `language`, if any."""
    with translation.override(language):
        translated = translation.gettext(original)
    return translated if translated != original else None


def local_name(obj, language: str | None = None) -> str:
    """`obj`'s name in `language` (default: the active language), following
    the language's fallback chain; the original name when no language of the
    chain has one."""
    original = getattr(obj, obj.name_field) or ""
    chain = _chain(language)
    default = default_language()
    if chain == [default] or obj.pk is None:
        return original
    languages = tuple(code for code in chain if code != default)
    names = _translated_names(obj, obj.name_field, languages)
    for code in languages:
        if names.get(code):
            return names[code]
        if obj.catalogue_names and (found := _catalogue_name(original, code)):
            return found
    return original


class LocalisedName:
    """A model whose name is shown in the reader's language (see the module)."""

    # The field holding the English name.
    name_field = "name"
    # Whether the interface catalogues translate the names (fixed vocabularies
    # seeded with the portal: countries, indicator types).
    catalogue_names = False

    @property
    def local_name(self) -> str:
        return local_name(self)

    def __str__(self):
        return self.local_name


class NameScopeMiddleware:
    """Each request is one name scope (see `name_scope`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with name_scope(content_language(request)):
            return self.get_response(request)
