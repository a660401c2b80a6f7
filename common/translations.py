"""Content in several languages: which text a visitor is shown.

Articles, about pages, a working group's mandate and an organisation's
description are written in one language (the *original*, English unless the
object says otherwise) and may have translations. Each translation records the
language it was translated from and its own status: a draft translation is
never shown, linked or syndicated, so nothing unreviewed reaches a reader.

A visitor asks for a language (the interface language of the address, or
`?lang=` for a content language the interface does not have yet, such as
Korean). They are shown, in this order:

1. the text in that language, original or published translation;
2. otherwise the first language of that language's *fallback chain* that has
   text (Mongolian, then Russian, then English), with a note saying so;
3. otherwise the original.

English comes last in every chain (the default language is always appended),
so the chains in `FALLBACK_CHAINS` only list what comes *between*. A project
may override them with the setting `CONTENT_FALLBACK_CHAINS` (same shape),
read when asked, never at import time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from common.fragments import cached_for_content

# The model holding translations of single text fields of any model (a
# group's mandate, an organisation's description). Its table belongs to
# `news`; `common` asks the app registry for it by name and imports no app.
FIELD_TRANSLATION_MODEL = "news.FieldTranslation"

# Every language content may be written or translated in: the six NEASPEC
# languages (as DOCUMENT_LANGUAGES). The interface has only some of them.
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ru", "Русский"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("mn", "Монгол"),
]
LANGUAGE_NAMES = dict(LANGUAGES)

# Language -> the languages tried after it, before the default (English).
FALLBACK_CHAINS: dict[str, tuple[str, ...]] = {
    "mn": ("ru",),
    "ko": (),
    "ja": (),
    "zh-hans": (),
    "ru": (),
    "en": (),
}

# The query parameter that asks for a content language the address has no
# prefix for (/news/<slug>/?lang=ko).
LANGUAGE_PARAMETER = "lang"


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not shown)")
    PUBLISHED = "published", _("Published")


def default_language() -> str:
    return settings.LANGUAGE_CODE


def normalise_language(code: str | None) -> str | None:
    """A content language code for `code` ("ru-RU" -> "ru", "zh-CN" -> "zh-hans"),
    or None when it is none of ours."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    if code in LANGUAGE_NAMES:
        return code
    if code.startswith("zh"):
        # Simplified Chinese is the written form of the mainland (zh-cn, zh-sg).
        return "zh-hans" if not code.startswith(("zh-hant", "zh-tw", "zh-hk")) else None
    base = code.split("-", 1)[0]
    return base if base in LANGUAGE_NAMES else None


def fallback_chain(language: str) -> list[str]:
    """The languages tried for a visitor asking for `language`, in order,
    the default language last: "mn" -> ["mn", "ru", "en"]."""
    chains = getattr(settings, "CONTENT_FALLBACK_CHAINS", FALLBACK_CHAINS)
    default = default_language()
    chain: list[str] = []
    for code in (language, *chains.get(language, ())):
        if code not in chain and code != default:
            chain.append(code)
    chain.append(default)
    return chain


def source_digest(obj, fields: Iterable[str]) -> str:
    """A fingerprint of the original text a translation is made from: the
    values of `fields` of `obj`. A translation stores it when it is published;
    when the original's text changes, the fingerprints differ and the
    translation is *outdated* until a translator publishes it again."""
    digest = hashlib.sha256()
    for name in fields:
        digest.update((getattr(obj, name) or "").encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def is_outdated(translation, obj, fields: Iterable[str]) -> bool:
    """Was `obj`'s text (its `fields`) changed since `translation` was
    published? A translation without a fingerprint (made before they were
    kept) is taken as up to date."""
    stored = getattr(translation, "source_digest", "")
    return bool(stored) and stored != source_digest(obj, fields)


def _is_published(item) -> bool:
    return getattr(item, "status", None) == TranslationStatus.PUBLISHED


def pick_translation(
    obj_translations: Iterable, language: str, *, original_language: str | None = None
) -> tuple[Any | None, str, bool]:
    """Which text to show a visitor asking for `language`.

    `obj_translations`: the object's translations (anything with `language`
    and `status`; drafts are ignored). Returns `(translation, used_language,
    is_fallback)`: `translation` is None when the original is to be shown,
    `used_language` the language of what is shown, `is_fallback` whether it
    differs from the language asked for.
    """
    original_language = original_language or default_language()
    requested = normalise_language(language) or default_language()
    published = {
        item.language: item
        for item in obj_translations
        if _is_published(item) and item.language != original_language
    }
    for code in fallback_chain(requested):
        if code == original_language:
            return None, code, code != requested
        if code in published:
            return published[code], code, code != requested
    return None, original_language, original_language != requested


@dataclass
class Shown:
    """What a page shows of an object in a visitor's language: the chosen
    text fields (`shown.title`, `shown.body`...) and where they come from."""

    requested_language: str
    language: str
    is_fallback: bool
    translation: Any
    available: list[str]  # languages with readable text: the original first
    values: dict[str, str] = field(default_factory=dict)
    # The translation shown was made from an earlier version of the original:
    # when the original was last changed (None: unknown).
    outdated: bool = False
    original_updated: Any = None

    def __getattr__(self, name):
        values = self.__dict__.get("values") or {}
        if name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def requested_language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.requested_language, self.requested_language)


def available_languages(obj_translations: Iterable, original_language: str) -> list[str]:
    """The original's language, then every published translation's, in the
    order of LANGUAGES."""
    codes = {original_language} | {
        item.language for item in obj_translations if _is_published(item)
    }
    ordered = [original_language]
    ordered += [code for code, _name in LANGUAGES if code in codes and code != original_language]
    return ordered


def localise(
    obj,
    obj_translations: Iterable,
    language: str,
    *,
    fields: Iterable[str],
    original_language: str | None = None,
) -> Shown:
    """The fields of `obj`, or of its chosen translation, for `language`."""
    obj_translations = list(obj_translations)
    original_language = original_language or getattr(obj, "language", None) or default_language()
    chosen, used, is_fallback = pick_translation(
        obj_translations, language, original_language=original_language
    )
    source = chosen if chosen is not None else obj
    fields = list(fields)
    outdated = chosen is not None and is_outdated(chosen, obj, fields)
    return Shown(
        requested_language=normalise_language(language) or default_language(),
        language=used,
        is_fallback=is_fallback,
        translation=chosen,
        available=available_languages(obj_translations, original_language),
        values={name: getattr(source, name) for name in fields},
        outdated=outdated,
        original_updated=getattr(obj, "updated_at", None) if outdated else None,
    )


# --- Addresses of a page in each content language -----------------------------


def interface_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def content_language(request) -> str:
    """The content language a request asks for: `?lang=` when it names one of
    ours, otherwise the interface language of the address."""
    asked = normalise_language(request.GET.get(LANGUAGE_PARAMETER))
    return asked or translation.get_language() or default_language()


def content_url(url: str, language: str) -> str:
    """The address of the page at `url` (a path under i18n_patterns) showing
    content in `language`: the language's prefix when the interface has it,
    otherwise the default-language address with `?lang=`."""
    if language in interface_languages():
        return translate_url(url, language)
    return f"{translate_url(url, default_language())}?{LANGUAGE_PARAMETER}={language}"


# OpenGraph names a language with its territory.
OG_LOCALES = {
    "en": "en_GB",
    "zh-hans": "zh_CN",
    "ru": "ru_RU",
    "ko": "ko_KR",
    "ja": "ja_JP",
    "mn": "mn_MN",
}


def language_links(request, url: str, shown: Shown) -> list[dict]:
    """One link per language with readable text (for "also in" and the
    hreflang alternates in the head), the shown language marked current.
    `interface` tells whether the address is a language prefix of the
    interface (whose alternates the base layout already lists)."""
    interface = interface_languages()
    links = []
    for code in shown.available:
        href = content_url(url, code)
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": href,
                "absolute_url": request.build_absolute_uri(href),
                "current": code == shown.language,
                "interface": code in interface,
                "og_locale": OG_LOCALES.get(code, code),
            }
        )
    return links


# --- One field of any model: a group's mandate, an organisation's description --


@dataclass
class TranslatedText:
    text: str
    language: str
    requested_language: str
    is_fallback: bool
    available: list[str]
    outdated: bool = False  # as Shown's
    original_updated: Any = None

    def __str__(self):
        return self.text

    # The same names as Shown's, so "news/_language_note.html" and
    # `language_links` serve a group page or a profile too.
    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def requested_language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.requested_language, self.requested_language)


def _translated_text(obj, field_name, rows, requested, original_language) -> TranslatedText:
    chosen, used, is_fallback = pick_translation(
        rows, requested, original_language=original_language
    )
    outdated = chosen is not None and is_outdated(chosen, obj, [field_name])
    return TranslatedText(
        text=chosen.text if chosen is not None else (getattr(obj, field_name) or ""),
        language=used,
        requested_language=requested,
        is_fallback=is_fallback,
        available=available_languages(rows, original_language),
        outdated=outdated,
        original_updated=getattr(obj, "updated_at", None) if outdated else None,
    )


def translated_field(
    obj, field_name: str, language: str | None = None, *, original_language: str | None = None
) -> TranslatedText:
    """`obj.<field_name>` in `language` (default: the active language) as its
    published FieldTranslation has it, following the fallback chain; one query.

    For the group page: `translated_field(group, "mandate")`; for the
    organisation profile: `translated_field(organisation, "description")`.
    """
    FieldTranslation = apps.get_model(FIELD_TRANSLATION_MODEL)

    requested = normalise_language(language or translation.get_language()) or default_language()
    original_language = original_language or default_language()
    # The published translations are content: kept under the content
    # version, which every translation saved or deleted bumps.
    rows = cached_for_content(
        "field-translations",
        (obj._meta.label, obj.pk, field_name),
        lambda: list(FieldTranslation.objects.published_for(obj, field_name)),
    )
    return _translated_text(obj, field_name, rows, requested, original_language)


def translated_fields(
    objects: Iterable, field_name: str, language: str | None = None
) -> dict[Any, TranslatedText]:
    """`translated_field` for many objects of one model at once (one query):
    {pk: TranslatedText}, for lists."""
    FieldTranslation = apps.get_model(FIELD_TRANSLATION_MODEL)

    objects = list(objects)
    requested = normalise_language(language or translation.get_language()) or default_language()
    rows_by_pk: dict[Any, list] = {obj.pk: [] for obj in objects}
    if objects:
        for row in FieldTranslation.objects.published_for_many(objects, field_name):
            rows_by_pk.setdefault(row.object_id, []).append(row)
    return {
        obj.pk: _translated_text(obj, field_name, rows_by_pk[obj.pk], requested, default_language())
        for obj in objects
    }


def translated_field_for_page(
    request, obj, field_name: str, *, url: str | None = None
) -> tuple[TranslatedText, list[dict]]:
    """`obj.<field_name>` in the language the request asks for (the address's
    interface language or `?lang=`), and the links to the page at `obj`'s
    address in every language that field has readable text in: what a group
    page or an organisation profile shows with "news/_language_note.html"."""
    shown = translated_field(obj, field_name, content_language(request))
    return shown, language_links(request, url or obj.get_absolute_url(), shown)
