"""Names in the reader's language.

Working groups, protected areas, organisations, information centres,
countries, stakeholder types, indicator types and activities are named in
English (their `name`, or an activity's `title`), and may carry a name in any
content language as a published `FieldTranslation` of that field (the same
rows, statuses and fallback chain as a group's mandate: `common.translations`).
Countries, stakeholder types and indicator types also have the interface
catalogues' name (`gettext`), used in a language after its own
FieldTranslation.

A model takes part by inheriting `LocalisedName` (and naming its field in
`name_field`): `obj.local_name` and `str(obj)` are then the name in the
active language, so every page, list, filter (a choice field's label is
`str(obj)`), export, feed, mail and API response that shows `{{ obj }}`,
`obj.local_name` or `str(obj)` speaks the reader's language.

Cost: nothing in the default language (English). In another language, every
published name in the chain's languages is loaded in one query and kept in
the cache (names are few and change rarely) until a name translation is
saved or deleted (`names_changed`, from news/signals.py); a page then runs
no query at all for its names, however many it shows. A request is a *name
scope* (`NameScopeMiddleware`): the cache is read once per request, and a
mail (`name_scope()` in notifications/mail.py) once per message.

Order: a list of named things reads in the order of the names the reader
sees, not of the English ones (`by_local_name`, and `LocalisedModelChoiceField`
for the filters' and forms' selects). Python has no collation of its own and
the portal no ICU, so `collation_key` knows the few rules its languages need:
the Russian and Mongolian alphabets (ё after е; ө after о, ү after у), the
pinyin order of the common Chinese characters (GB 2312 sorts its first level
by pinyin), and Hangul and kana in code point order, which is theirs.
"""

from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import translation

from common.cache import bump_version, current_version
from common.fragments import forget_content_version

from .translations import (
    FIELD_TRANSLATION_MODEL,
    TranslationStatus,
    content_language,
    default_language,
    fallback_chain,
    normalise_language,
)

# The scope's book: languages -> {(content type id, object id, field): {language: name}}.
_book: ContextVar[dict | None] = ContextVar("localised_name_book", default=None)
# In a request for a content language the interface lacks (`?lang=ko` on an
# English address): (interface language, content language).
_asked: ContextVar[tuple[str, str] | None] = ContextVar("localised_name_language", default=None)

# The longest name a FieldTranslation of a name field may hold (the longest
# name field of the named models).
NAME_MAX_LENGTH = 200
# The fields that hold names (LocalisedName.name_field of the named models).
NAME_FIELDS = ("name", "title")
# The names are cached per language chain under a generation that
# `names_changed` bumps (on every save or deletion of a name translation);
# the timeout bounds staleness across processes keeping a local-memory cache.
GENERATION_KEY = "names:generation"
CACHE_SECONDS = 300


@contextmanager
def name_scope(content_language: str | None = None):
    """Read the names once for everything inside (see the module).
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


def _generation() -> int:
    return current_version(GENERATION_KEY) or 0


def names_changed() -> None:
    """Retire the cached names (a name translation was saved or deleted)."""
    bump_version(GENERATION_KEY)
    forget_content_version()


def _names(languages: tuple[str, ...]) -> dict:
    """{(content type id, object id, field): {language: name}}: every published
    name in `languages`, from the scope, else the cache, else one query."""
    book = _book.get()
    if book is not None and languages in book:
        return book[languages]
    key = f"names:{_generation()}:{','.join(languages)}"
    names = cache.get(key)
    if names is None:
        FieldTranslation = apps.get_model(FIELD_TRANSLATION_MODEL)
        rows = FieldTranslation.objects.filter(
            field__in=NAME_FIELDS, status=TranslationStatus.PUBLISHED, language__in=languages
        ).values_list("content_type_id", "object_id", "field", "language", "text")
        names = {}
        for content_type_id, object_id, field, language, text in rows:
            names.setdefault((content_type_id, object_id, field), {})[language] = text
        cache.set(key, names, CACHE_SECONDS)
    if book is not None:
        book[languages] = names
    return names


def _translated_names(obj, field: str, languages: tuple[str, ...]) -> dict[str, str]:
    """{language: name} of `obj`'s published translations of `field`."""
    content_type_id = ContentType.objects.get_for_model(obj).pk
    return _names(languages).get((content_type_id, obj.pk, field), {})


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


# Alphabets whose order differs from their code points.
ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "mn": "абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
}
# Cyrillic letters of an alphabet sort here: after Latin, as in the CLDR root order.
_CYRILLIC_BASE = 0x0400


def collation_key(text: str, language: str | None = None):
    """A sort key for `text` in `language` (default: the active language)."""
    language = normalise_language(language or translation.get_language()) or default_language()
    folded = unicodedata.normalize("NFKC", text or "").casefold().strip()
    if language == "zh-hans":
        # GB 2312's first level (the 3,755 common characters) is in pinyin order.
        return (folded.encode("gb18030", errors="replace"),)
    alphabet = ALPHABETS.get(language)
    if alphabet:
        return tuple(
            _CYRILLIC_BASE + alphabet.index(c) if c in alphabet else ord(c) for c in folded
        )
    return (folded,)


def by_local_name(objects, language: str | None = None) -> list:
    """`objects` (LocalisedName models) sorted by the names the reader sees."""
    return sorted(objects, key=lambda obj: obj.name_sort_key(language))


def ordered_ids(queryset, language: str | None = None) -> list:
    """The primary keys of `queryset` (LocalisedName models) in the order of
    the names the reader sees, from their names alone (`only()`), and kept in
    the cache under the content version: a long list pages through its
    readers' order without loading every row on every page."""
    from common.fragments import cached_for_selection

    language = normalise_language(language or translation.get_language()) or default_language()
    rows = (
        queryset.order_by()
        .select_related(None)
        .prefetch_related(None)
        .only("pk", queryset.model.name_field)
    )
    return cached_for_selection(
        "name-order", queryset, lambda: [obj.pk for obj in by_local_name(rows, language)], language
    )


def page_in_local_order(request, queryset, per_page: int):
    """`common.forms.paginate` of `queryset` in the reader's order of names:
    the order from `ordered_ids`, then only the page's rows are loaded."""
    from common.forms import paginate

    page, query = paginate(request, ordered_ids(queryset), per_page)
    rows = queryset.in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page, query


class LocalisedModelChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a select of named things, in the reader's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if not queryset._prefetch_related_lookups:
            queryset = queryset.iterator()
        for obj in by_local_name(queryset):
            yield self.choice(obj)


class LocalisedModelChoiceField(forms.ModelChoiceField):
    """A select of named things (LocalisedName models) in the reader's order."""

    iterator = LocalisedModelChoiceIterator


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

    def name_sort_key(self, language: str | None = None):
        """Where the object goes in a list of its kind read in `language`."""
        return collation_key(local_name(self, language), language)

    def __str__(self):
        return self.local_name


class NameScopeMiddleware:
    """Each request is one name scope (see `name_scope`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from common.fragments import content_scope

        with name_scope(content_language(request)), content_scope():
            return self.get_response(request)
