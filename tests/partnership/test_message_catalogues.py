"""The five interface catalogues: complete where they must be, well-formed, compiled.

`manage.py catalogues refresh` (`make messages`) extracts the strings,
translators fill `locale/*/django.po`, and the `.mo` files are committed with
them (a fresh machine may have no gettext). These tests catch the usual slips:
a fuzzy or empty entry, a lost or misspelt `%(name)s`, a wrong plural rule, a
`.mo` that was not rebuilt after the `.po` changed, and a string added to the
source that no catalogue has yet.

Simplified Chinese and Russian translate every entry. Korean, Japanese and
Mongolian translate the public entries (`partnership.catalogues.PUBLIC_SOURCES`
and the public apps' model choice labels); their other entries stay in the
catalogue with an empty msgstr, so Django shows the English text for pages
only members reach, and making a page public later is only filling entries in
(keeping every msgid also keeps `makemessages` the same for all five).
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from partnership import catalogues
from stakeholders.vocabulary import COUNTRIES, STAKEHOLDER_TYPES
from tests.factories import OrganisationFactory

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

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
LANGUAGES = list(PLURAL_FORMS)


# A printf-style conversion: `%(name)s`, `%(n)d`, `%s`, or the escape `%%`.
PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")


def placeholders(text: str) -> tuple[frozenset[str], int]:
    """Named placeholders, and the number of positional ones, in `text`."""
    names, positional = set(), 0
    for match in PLACEHOLDER.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None:
            names.add(match.group("name"))
        else:
            positional += 1
    return frozenset(names), positional


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo"


def live_entries(catalogue):
    return [entry for entry in catalogue if not entry.obsolete]


def translations(entries) -> dict:
    """(context, msgid) -> the translation, or the tuple of plural forms."""
    result = {}
    for entry in entries:
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        result[(entry.msgctxt, entry.msgid)] = value
    return result


@pytest.fixture(scope="module", params=LANGUAGES)
def lang(request):
    return request.param


@pytest.fixture(scope="module")
def po(lang):
    path = po_path(lang)
    assert path.is_file(), f"{path} is missing: run makemessages"
    return polib.pofile(str(path))


def test_header(po, lang):
    assert not po.metadata_is_fuzzy, "the header is still marked fuzzy"
    assert po.metadata.get("Language") == lang
    assert "charset=UTF-8" in po.metadata.get("Content-Type", "")
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[lang]


def test_no_entry_is_fuzzy(po, lang):
    fuzzy = [entry.msgid for entry in live_entries(po) if "fuzzy" in entry.flags]
    assert not fuzzy, f"{lang}: fuzzy entries: {fuzzy}"
    # "#| msgid" lines mean msgmerge guessed from another string: a guess
    # whose fuzzy flag was removed without a real translation
    guessed = [entry.msgid for entry in live_entries(po) if entry.previous_msgid]
    assert not guessed, f"{lang}: translations guessed from other strings: {guessed}"


def test_the_tooling_knows_the_same_plural_rules():
    assert catalogues.PLURAL_FORMS == PLURAL_FORMS
    assert sorted(catalogues.CATALOGUE_LANGUAGES) == sorted(LANGUAGES)
    codes = {code for code, _name in settings.LANGUAGES}
    assert codes == {"en", "zh-hans", "ru", "ko", "ja", "mn"}


def test_every_required_entry_is_translated(po, lang):
    """zh_Hans and ru: every entry; ko, ja and mn: every public entry."""
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[lang]).group(1))
    required = catalogues.required_entries(po, lang)
    empty = []
    for entry in required:
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != list(range(nplurals)) or not all(forms.values()):
                empty.append(entry.msgid)
        elif not entry.msgstr:
            empty.append(entry.msgid)
    assert not empty, f"{lang}: {len(empty)} untranslated entries: {empty}"
    assert required, f"{lang}: nothing to translate: is the catalogue empty?"


def test_public_set_is_the_public_pages():
    """The public file list matches the pages anonymous visitors reach, not member tools."""
    assert catalogues.is_public_source("templates/base.html")
    assert catalogues.is_public_source("templates/404.html")
    assert catalogues.is_public_source("stakeholders/vocabulary.py")
    assert catalogues.is_public_source("templates/activities/_detail_indicators.html")
    assert not catalogues.is_public_source("templates/activities/activity_form.html")
    assert not catalogues.is_public_source("templates/partnership/dashboard.html")
    assert not catalogues.is_public_source("activities/models.py")
    assert not catalogues.is_public_source("monitoring/admin.py")
    # Choice labels count even though their models.py is not public as a whole.
    from activities.models import Activity

    label = Activity._meta.get_field("status").flatchoices[0][1]
    assert (None, label._args[0]) in catalogues.public_choice_labels()


@pytest.mark.skipif(
    not catalogues.gettext_installed(), reason="GNU gettext (xgettext, msgmerge) is not installed"
)
def test_source_strings_are_all_in_the_catalogues():
    """Extract the source into a copy of the catalogues: nothing required may be missing.

    Fails, naming the strings, when code has a translatable string (or changed
    the English of one) that the committed zh_Hans/ru catalogue lacks, or a
    public one that ko/ja/mn lack. Fix: `make messages`, translate, see README.
    """
    missing = catalogues.missing_from_catalogues()
    report = {lang: msgids[:50] for lang, msgids in missing.items()}
    assert not missing, f"strings without a translation (run `make messages`): {report}"


def test_placeholders_are_kept(po, lang):
    """Every `%(name)s` of the English text, and nothing else, in each translation."""
    wrong = []
    for entry in live_entries(po):
        expected = placeholders(entry.msgid)
        if entry.msgid_plural:
            plural_names, plural_positional = placeholders(entry.msgid_plural)
            expected = (expected[0] | plural_names, max(expected[1], plural_positional))
            translated = list(entry.msgstr_plural.values())
        else:
            translated = [entry.msgstr]
        for text in translated:
            if text and placeholders(text) != expected:
                wrong.append((entry.msgid, text))
    assert not wrong, f"{lang}: placeholders differ from the English: {wrong}"


def test_mo_is_compiled_from_the_current_po(po, lang):
    mo_file = mo_path(lang)
    assert mo_file.is_file(), f"{mo_file} is missing: run compilemessages"
    # The content decides, not the file times: git keeps no times, so a
    # checkout or a merge may leave either file newer.
    mo = polib.mofile(str(mo_file))
    assert len(mo) == len(po.translated_entries())
    assert translations(mo) == translations(po.translated_entries())
    assert mo.metadata.get("Plural-Forms") == PLURAL_FORMS[lang]


def test_vocabulary_is_in_the_catalogues(po, lang):
    """Countries and stakeholder types (shown on public pages) are extracted."""
    names = {name for _code, name, _tz in COUNTRIES} | {name for _slug, name in STAKEHOLDER_TYPES}
    present = {entry.msgid for entry in live_entries(po)}
    assert not names - present, f"{lang}: vocabulary not extracted: {sorted(names - present)}"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "Рассмотрена 1 заявка."),
        (3, "Рассмотрены 3 заявки."),
        (5, "Рассмотрено 5 заявок."),
        (11, "Рассмотрено 11 заявок."),
        (21, "Рассмотрена 21 заявка."),
        (22, "Рассмотрены 22 заявки."),
        (112, "Рассмотрено 112 заявок."),
    ],
)
def test_russian_plural_forms_at_run_time(n, expected):
    with translation.override("ru"):
        text = ngettext("%(n)d application decided.", "%(n)d applications decided.", n)
    assert text % {"n": n} == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "html_lang", "expected"),
    [
        ("ru", "ru", ["Организации-участники", "Портал партнёрства", "3 организации"]),
        ("zh-hans", "zh-hans", ["成员组织", "伙伴关系门户", "3 个组织"]),
    ],
)
def test_member_directory_renders_translated(client, prefix, html_lang, expected):
    """The directory in zh-hans and ru: translated headings and plural forms."""
    OrganisationFactory.create_batch(3)
    # An empty search, so the filters are bound and list every active member.
    response = client.get(f"/{prefix}/members/?q=")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{html_lang}"' in html
    for text in expected:
        assert text in html
    assert "Member organisations" not in html


PUBLIC_PAGE_LANGUAGES = [
    # prefix, <html lang>, navigation words, a country name the directory shows
    ("ko", "ko", ["회원 기관", "실무그룹", "본문으로 건너뛰기"], "대한민국"),
    ("ja", "ja", ["加盟団体", "作業部会", "本文へスキップ"], "日本"),
    ("mn", "mn", ["Гишүүд", "Ажлын хэсгүүд", "Үндсэн агуулга руу шилжих"], "Монгол"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "html_lang", "navigation", "country"), PUBLIC_PAGE_LANGUAGES)
@pytest.mark.parametrize(
    "address", ["/", "/members/?q=", "/activities/", "/news/", "/no-such-page/"]
)
def test_public_pages_render_in_korean_japanese_mongolian(
    client, prefix, html_lang, navigation, country, address
):
    """Public pages in ko/ja/mn: `<html lang>`, translated navigation, six languages offered."""
    OrganisationFactory.create_batch(2)
    response = client.get(f"/{prefix}{address}")
    assert response.status_code == (404 if "no-such" in address else 200)
    html = response.content.decode()
    assert f'<html lang="{html_lang}"' in html
    for text in navigation:
        assert text in html
    assert "Skip to main content" not in html
    for code in ("en", "zh-hans", "ru", "ko", "ja", "mn"):
        assert f'hreflang="{code}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "html_lang", "navigation", "country"), PUBLIC_PAGE_LANGUAGES)
def test_directory_filters_show_translated_vocabulary(
    client, prefix, html_lang, navigation, country
):
    response = client.get(f"/{prefix}/members/")
    assert country in response.content.decode()
