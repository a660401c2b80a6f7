"""The interface catalogues: which languages must be complete, and for what.

Simplified Chinese and Russian translate every interface string. Korean,
Japanese and Mongolian translate the *public* pages: the templates an anonymous
visitor reaches and the Python modules whose strings those pages show
(vocabulary, model choice labels, public filters and forms, pagination, error
pages, the base layout). `PUBLIC_SOURCES` names those files once; the catalogue
tests and the `catalogues` management command both read it, so a page that
becomes public is added here and nowhere else.

An entry of a catalogue is public when one of its source references (`#:
path:line`) matches a pattern of `PUBLIC_SOURCES` and none of
`PUBLIC_EXCLUDED`. The other entries stay in the ko/ja/mn catalogues with an
empty translation: Django then shows the English text, and a page that becomes
public later only needs its entries filled in.
"""

import functools
import os
import shutil
import tempfile
from fnmatch import fnmatch
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

# Catalogue directory name -> the gettext plural rule its header must carry.
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "ru": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
        "(n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "ko": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "mn": "nplurals=2; plural=(n != 1);",
}
COMPLETE_LANGUAGES = ["zh_Hans", "ru"]
PUBLIC_LANGUAGES = ["ko", "ja", "mn"]
CATALOGUE_LANGUAGES = COMPLETE_LANGUAGES + PUBLIC_LANGUAGES

# Files (paths relative to the repository, fnmatch patterns: `*` also crosses
# `/`) whose strings anonymous visitors see.
PUBLIC_SOURCES = [
    # the layout, error pages and shared fragments
    "templates/base.html",
    "templates/403.html",
    "templates/404.html",
    "templates/500.html",
    "templates/storage_unavailable.html",
    "templates/_form_error_summary.html",
    "templates/_pagination.html",
    "common/vocabulary.py",
    "common/translations.py",
    "common/uploads.py",
    "common/singleline.py",  # the sign-up and membership forms refuse with it
    "common/numbers.py",  # ranges and lower bounds of the public figures
    "partnership/templatetags/*.py",
    # home, about
    "templates/partnership/home.html",
    "templates/about/*.html",
    # news
    "templates/news/_card.html",
    "templates/news/_feed_links.html",
    "templates/news/_language_note.html",
    "templates/news/article_list.html",
    "templates/news/article_detail.html",
    "news/filters.py",
    "news/feeds.py",
    # members, membership application, committee
    "templates/stakeholders/directory.html",
    "templates/stakeholders/organisation_detail.html",
    "templates/stakeholders/apply.html",
    "stakeholders/vocabulary.py",
    "stakeholders/filters.py",
    "stakeholders/forms.py",
    "templates/committee/committee.html",
    "templates/committee/decisions.html",
    # working groups
    "templates/workinggroups/group_list.html",
    "templates/workinggroups/group_detail.html",
    # activities, protected areas, information centres, the map
    "templates/activities/list.html",
    "templates/activities/map.html",
    "templates/activities/activity_detail.html",
    "templates/activities/_detail_*.html",
    "templates/activities/_share_cell.html",
    "templates/activities/_filters.html",
    "templates/activities/_totals.html",
    "templates/activities/protected_area.html",
    "templates/activities/centre_list.html",
    "templates/activities/centre.html",
    "activities/filters.py",
    "activities/browse.py",
    "activities/totals.py",
    "activities/exports.py",
    # public events and meetings
    "templates/meetings/event_list.html",
    "templates/meetings/meeting_detail.html",
    "templates/meetings/agenda.html",
    "templates/meetings/_meeting_card.html",
    "templates/meetings/_when.html",
    "templates/meetings/_group_meetings.html",
    "templates/meetings/_action_items.html",
    "meetings/filters.py",
    # a guest's invitation (no account: any language): the answer page and mails
    "templates/meetings/guest_answer.html",
    "templates/meetings/guest_link_error.html",
    "templates/notifications/email/_guest_meeting.*",
    "templates/notifications/email/guest_meeting_*",
    "templates/notifications/email/guest_action_item.*",
    # documents
    "templates/documents/library.html",
    "templates/documents/document_detail.html",
    "templates/documents/_group_documents.html",
    "documents/filters.py",
    "documents/templatetags/*.py",
    # population and monitoring figures (/data/)
    "templates/monitoring/*",
    "monitoring/*.py",
    # search
    "templates/search/*.html",
    "search/providers.py",
    # sign-in, sign-up, password reset (allauth's own strings come with allauth)
    "templates/allauth/*",
    "templates/account/*",
]
# Never public, even under a pattern above: administration and set-up code.
PUBLIC_EXCLUDED = [
    "*/admin.py",
    "*/apps.py",
    "*/demo.py",
    "*/migrations/*",
    "*/services.py",
    "*/tasks.py",
    # Models hold many field names only the forms and the admin show: of
    # them, only the choice labels (`PUBLIC_CHOICE_APPS`) are public.
    "*/models.py",
]
# Apps whose model choice labels (statuses, kinds, action areas, levels...)
# public pages and public filters show.
PUBLIC_CHOICE_APPS = [
    "stakeholders",
    "committee",
    "workinggroups",
    "activities",
    "meetings",
    "news",
    "documents",
    "monitoring",
]

# Directories `makemessages` never reads (tests would add their own strings).
IGNORED_DIRECTORIES = [".venv", "var", "tests", "node_modules", "staticfiles"]


def is_public_source(path: str) -> bool:
    """Whether strings of the file at `path` (relative to the repository) are public."""
    return any(fnmatch(path, pattern) for pattern in PUBLIC_SOURCES) and not any(
        fnmatch(path, pattern) for pattern in PUBLIC_EXCLUDED
    )


@functools.cache
def public_choice_labels() -> frozenset[tuple[str | None, str]]:
    """(msgctxt, msgid) of every choice label of the models of `PUBLIC_CHOICE_APPS`."""
    labels = set()
    for app_label in PUBLIC_CHOICE_APPS:
        if not apps.is_installed(app_label):
            continue
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields():
                for _value, label in getattr(field, "flatchoices", None) or []:
                    # A lazy translation keeps its arguments: (msgid,) for
                    # gettext_lazy, (context, msgid) for pgettext_lazy.
                    arguments = getattr(label, "_args", None)
                    if arguments and len(arguments) == 2:
                        labels.add((arguments[0], arguments[1]))
                    elif arguments:
                        labels.add((None, arguments[0]))
    return frozenset(labels)


def is_public_entry(entry) -> bool:
    """Whether a polib entry is shown on a public page (by its `#:` references)."""
    if (entry.msgctxt, entry.msgid) in public_choice_labels():
        return True
    return any(is_public_source(path) for path, _line in entry.occurrences)


def required_entries(catalogue, lang: str) -> list:
    """The live entries of `lang`'s catalogue that must carry a translation."""
    live = [entry for entry in catalogue if not entry.obsolete]
    if lang in COMPLETE_LANGUAGES:
        return live
    return [entry for entry in live if is_public_entry(entry)]


def nplurals(lang: str) -> int:
    """How many plural forms `lang` has, from its Plural-Forms header."""
    return int(PLURAL_FORMS[lang].split("nplurals=")[1].split(";")[0])


def is_translated(entry, lang: str) -> bool:
    """A non-fuzzy entry with every plural form (or its one msgstr) filled in."""
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        return sorted(forms) == list(range(nplurals(lang))) and all(forms.values())
    return bool(entry.msgstr)


def base_dir() -> Path:
    return Path(settings.BASE_DIR)


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str, root: Path | None = None) -> Path:
    return (root or locale_dir()) / lang / "LC_MESSAGES" / "django.po"


def gettext_installed() -> bool:
    return all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq"))


def extract_into_copy(workdir: Path, languages=CATALOGUE_LANGUAGES) -> Path:
    """Run makemessages over the source into a copy of the catalogues; return its locale dir.

    The committed catalogues stay untouched: `locale/` is copied to `workdir`
    and `MakemessagesInto` sends every `.pot`/`.po` file there, so the copy
    shows what the source would add or change.
    """
    from django.core.management import call_command

    from partnership.management.commands.makemessages_into import Command as MakemessagesInto

    copy = workdir / "locale"
    shutil.copytree(locale_dir(), copy, ignore=shutil.ignore_patterns("*.mo"))
    previous = Path.cwd()
    os.chdir(base_dir())  # makemessages walks the current directory
    try:
        call_command(
            MakemessagesInto(),
            target=str(copy),
            locale=list(languages),
            ignore_patterns=IGNORED_DIRECTORIES,
            no_obsolete=True,
            verbosity=0,
        )
    finally:
        os.chdir(previous)
    return copy


def missing_from_catalogues(languages=CATALOGUE_LANGUAGES) -> dict[str, list[str]]:
    """Per language, the msgids the source has that the committed catalogue lacks.

    For zh_Hans and ru that is any string without a translation; for ko, ja and
    mn any public string without one. An entry the merge marks fuzzy counts as
    missing: its English changed since it was translated.
    """
    missing = {}
    with tempfile.TemporaryDirectory(prefix="catalogues-") as tmp:
        copy = extract_into_copy(Path(tmp), languages)
        for lang in languages:
            fresh = polib.pofile(str(po_path(lang, copy)))
            lacking = [
                entry.msgid
                for entry in required_entries(fresh, lang)
                if not is_translated(entry, lang)
            ]
            if lacking:
                missing[lang] = lacking
    return missing
