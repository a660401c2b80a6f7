"""The partnership's glossary (partnership/glossary.py) holds every catalogue
to one rendering of its key terms, and the words a government reader expects
reach the pages: one English word with two meanings gets two translations
(pgettext contexts), a Russian meeting is a «совещание», a Chinese event count
does not read like an activity count."""

import shutil

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from api.services import token_create
from news.demo_names import COUNTRY_NAMES
from partnership import catalogues, glossary
from tests.factories import UserFactory
from tests.factories.meetings import ActionItemFactory

TERMS = {term.name: term for term in glossary.TERMS}


@pytest.fixture(params=catalogues.CATALOGUE_LANGUAGES)
def lang(request):
    return request.param


def test_every_catalogue_follows_the_glossary(lang):
    po = polib.pofile(str(catalogues.po_path(lang)))
    found = glossary.catalogue_violations(po, lang)
    assert not found, f"{lang}: " + "\n".join(str(violation) for violation in found)


def test_the_glossary_says_every_term_in_every_language():
    assert len(TERMS) == len(glossary.TERMS), "a term is listed twice"
    for term in glossary.TERMS:
        assert set(term.required) == set(catalogues.CATALOGUE_LANGUAGES), term.name
        assert set(term.forbidden) <= set(catalogues.CATALOGUE_LANGUAGES), term.name


def entry(msgid, msgstr="", msgid_plural="", msgstr_plural=None, msgctxt=None):
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        msgid_plural=msgid_plural,
        msgstr_plural=msgstr_plural or {},
        msgctxt=msgctxt,
    )


@pytest.mark.parametrize(
    ("lang", "bad", "term", "problem"),
    [
        ("ru", entry("Meeting cancelled", "Встреча отменена"), "meeting", "uses 'Встреч'"),
        ("ru", entry("Meeting cancelled", "Встреча отменена"), "meeting", "lacks"),
        ("ko", entry("DPRK", "북한"), "DPRK", "uses '북한'"),
        ("ja", entry("Republic of Korea", "韓国"), "Republic of Korea", "uses '韓国'"),
        ("mn", entry("Country focal point", "Улсын холбоо барих хүн"), "focal point", "uses"),
        (
            "zh_Hans",
            entry("%(counter)s event", "", "%(counter)s events", {0: "共 %(counter)s 项活动"}),
            "event",
            "lacks '公开活动'",
        ),
        (
            "ru",
            entry(
                "%(counter)s activity",
                "",
                "%(counter)s activities",
                {0: "%(counter)s мероприятие", 1: "%(counter)s события", 2: "%(counter)s событий"},
            ),
            "activity",
            "uses 'событи'",
        ),
    ],
)
def test_a_translation_that_breaks_the_glossary_is_reported(lang, bad, term, problem):
    found = glossary.entry_violations(bad, lang)
    assert any(v.term == term and problem in v.problem for v in found), found


@pytest.mark.parametrize(
    ("lang", "good"),
    [
        ("ru", entry("Meeting cancelled", "Совещание отменено")),
        ("ru", entry("Committee meeting", "Заседание комитета")),
        # a placeholder names no term
        ("ru", entry("Due %(date)s — %(meeting)s", "Срок: %(date)s — %(meeting)s")),
        ("ru", entry("Public-education event", "Просветительское мероприятие")),  # an activity kind
        ("ko", entry("DPRK", "조선민주주의인민공화국")),
        ("ja", entry("Democratic People's Republic of Korea", "朝鮮民主主義人民共和国")),
        ("mn", entry("focal point", "")),  # not translated yet: English shows, nothing to hold
    ],
)
def test_a_translation_that_follows_the_glossary_passes(lang, good):
    assert glossary.entry_violations(good, lang) == []


def test_the_check_command_fails_on_a_catalogue_breaking_the_glossary(tmp_path, settings, capsys):
    shutil.copytree(catalogues.locale_dir(), tmp_path / "locale")
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]
    call_command("catalogues", "check", "--glossary-only")  # the copy is clean
    path = catalogues.po_path("ru")
    po = polib.pofile(str(path))
    [cancelled] = [e for e in po if e.msgid == "The meeting is cancelled." and not e.obsolete]
    cancelled.msgstr = "Встреча отменена."
    po.save()
    with pytest.raises(SystemExit) as exit_:
        call_command("catalogues", "check", "--glossary-only")
    assert exit_.value.code == 1
    out = capsys.readouterr().out
    assert "ru: 2 glossary violations" in out  # lacks совещание, uses встреча
    assert "'The meeting is cancelled.'" in out and "Встреча" in out


def test_demo_country_names_are_the_glossary_names():
    """The content's names of the two Koreas (news/demo_names.py) are the interface's."""
    import re

    languages = {"zh-hans": "zh_Hans", "ru": "ru", "ko": "ko", "ja": "ja", "mn": "mn"}
    for code, term in (("KP", TERMS["DPRK"]), ("KR", TERMS["Republic of Korea"])):
        for language, name in COUNTRY_NAMES[code].items():
            lang = languages[language]
            assert re.search(term.required[lang], name, re.IGNORECASE), (code, lang, name)
            forbidden = term.forbidden.get(lang)
            assert not (forbidden and re.search(forbidden, name, re.IGNORECASE)), (code, lang)


# One English word, two meanings, two pages: "Action" heads the action items
# of a meeting and the buttons column of the API tokens page; "Open" is an
# action item's state.
PAGES = {
    "zh-hans": {"action item": "行动事项", "open": "未完成", "buttons": "操作"},
    "ru": {"action item": "Поручение", "open": "Не выполнено", "buttons": "Действие"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", list(PAGES))
def test_the_same_english_word_reads_differently_on_two_pages(secretariat_client, language):
    words = PAGES[language]
    item = ActionItemFactory(assignee_user=UserFactory())
    token_create(user=secretariat_client.staff, name="Import")
    with translation.override(language):
        meeting_page = reverse("meetings:meeting", args=[item.meeting.pk])
        tokens_page = reverse("api_tokens")
    meeting_html = secretariat_client.get(meeting_page).content.decode()
    tokens_html = secretariat_client.get(tokens_page).content.decode()
    assert f'<th scope="col">{words["action item"]}</th>' in meeting_html
    assert words["open"] in meeting_html
    assert f'<th scope="col">{words["buttons"]}</th>' in tokens_html
    assert words["action item"] not in tokens_html
    assert f'<th scope="col">{words["buttons"]}</th>' not in meeting_html


@pytest.mark.django_db
def test_a_russian_meeting_page_speaks_of_a_soveshchanie(secretariat_client):
    item = ActionItemFactory()
    with translation.override("ru"):
        page = reverse("meetings:meeting", args=[item.meeting.pk])
    html = secretariat_client.get(page).content.decode()
    assert "Совещания" in html  # the navigation and the breadcrumb
    assert "встреч" not in html.lower()


@pytest.mark.django_db
def test_chinese_event_and_activity_counts_read_differently():
    from django.utils.translation import ngettext

    with translation.override("zh-hans"):
        events = ngettext("%(counter)s event", "%(counter)s events", 3) % {"counter": 3}
        activities = ngettext("%(counter)s activity", "%(counter)s activities", 3) % {"counter": 3}
    assert events == "共 3 场公开活动"
    assert activities != events and "公开" not in activities
