"""The partnership's glossary: how each catalogue must render its key terms.

A government reader meets the same few terms on every page: the focal point,
the coordination committee, a working group's meetings, the two Koreas. A
review of the five catalogues found them accurate string by string but not
always consistent term by term (an event and an activity under one Chinese
word, «встреча» for a meeting of governments, the short and the official
names of the two Koreas side by side). `TERMS` fixes each term once: the
English it is recognised by, per language the form a translation must use and
the variants it must not use.

`catalogues check` (and tests/partnership/test_message_catalogues.py) hold
every translated entry whose English contains a term to its rule. Patterns are
regular expressions matched case-insensitively; a required pattern is a stem
where the language inflects (ru, mn), so every case of the word passes.
"""

import re
from dataclasses import dataclass, field

from partnership.catalogues import CATALOGUE_LANGUAGES

# printf-style placeholders (`%(meeting)s`) name no term: they are removed
# from the English before it is searched.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z%]")


@dataclass(frozen=True)
class Term:
    """One term: its English pattern and, per language, the rule for its translation."""

    name: str
    english: str
    required: dict[str, str]
    forbidden: dict[str, str] = field(default_factory=dict)
    # English strings where the word has another sense (the term does not apply).
    exceptions: frozenset[str] = frozenset()

    def applies_to(self, msgid: str, msgid_plural: str = "") -> bool:
        if msgid in self.exceptions:
            return False
        english = PLACEHOLDER.sub(" ", f"{msgid}\n{msgid_plural}")
        return re.search(self.english, english, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Violation:
    lang: str
    msgctxt: str | None
    msgid: str
    translation: str
    term: str
    problem: str

    def __str__(self):
        context = f" [{self.msgctxt}]" if self.msgctxt else ""
        return f"{self.msgid!r}{context} -> {self.translation!r}: {self.term}: {self.problem}"


TERMS = [
    Term(
        "focal point",
        r"\bfocal points?\b",
        required={
            "zh_Hans": "联络人",
            "ru": "координатор",
            "ko": "연락 담당자",
            "ja": "連絡窓口",
            "mn": "хариуцсан төлөөлөгч",
        },
        # "contact person" is the organisation's contact, another role
        forbidden={"mn": "холбоо барих хүн", "ko": "연락처", "ja": "担当者"},
    ),
    Term(
        "working group",
        r"\bworking[- ]groups?\b",
        required={
            "zh_Hans": "工作组",
            "ru": r"рабоч\w* групп",
            "ko": r"실무\s?그룹",
            "ja": "作業部会",
            "mn": "ажлын хэс",
        },
        forbidden={"zh_Hans": "工作小组", "ko": "워킹", "ja": "ワーキング"},
    ),
    Term(
        "coordination committee",
        r"\bcoordination committee\b",
        required={
            "zh_Hans": "协调委员会",
            "ru": r"координационн\w* комитет",
            "ko": "조정위원회",
            "ja": "調整委員会",
            "mn": "зохицуулах хоро",
        },
    ),
    Term(
        "secretariat",
        r"\bsecretariat\b",
        required={
            "zh_Hans": "秘书处",
            "ru": "секретариат",
            "ko": "사무국",
            "ja": "事務局",
            "mn": "нарийн бичгийн газ",
        },
    ),
    Term(
        "information centre",
        r"\binformation cent(?:re|er)s?\b",
        required={
            "zh_Hans": "信息中心",
            "ru": r"информационн\w* центр",
            "ko": r"정보\s?센터",
            "ja": "情報センター",
            "mn": "мэдээллийн төв",
        },
    ),
    Term(
        "protected area",
        r"\bprotected areas?\b",
        required={
            "zh_Hans": "保护地",
            "ru": r"охраняем\w* природн\w* территори|ООПТ",
            "ko": "보호지역",
            "ja": "保護地域",
            "mn": "тусгай хамгаалалттай газ",
        },
        forbidden={"ko": "보호구역", "ja": "保護区"},
    ),
    Term(
        "activity",
        # not "illegal activities": poaching is no partnership activity
        r"(?<!illegal )\bactivit(?:y|ies)\b",
        required={
            "zh_Hans": "活动",
            "ru": r"мероприяти|деятельност",
            "ko": "활동",
            "ja": "活動",
            "mn": "үйл ажиллагаа",
        },
        # an activity never reads as an event (see "event")
        forbidden={
            "zh_Hans": "公开活动",
            "ru": "событи",
            "ko": "행사",
            "ja": "イベント",
            "mn": "арга хэмжээ",
        },
    ),
    Term(
        "event",
        r"\bevents?\b",
        required={
            "zh_Hans": "公开活动",
            "ru": "событи",
            "ko": "행사",
            "ja": "イベント",
            "mn": "арга хэмжээ",
        },
        forbidden={"ru": "мероприяти", "mn": "үйл ажиллагаа"},
        exceptions=frozenset(
            {
                "Public-education event",  # a kind of activity
                "event mail delivery",  # the mail pipeline's own events
                "event mail deliveries",
            }
        ),
    ),
    Term(
        "meeting",
        r"\bmeetings?\b(?!\.ics)",  # not the file name meeting.ics
        required={
            "zh_Hans": "会议",
            # a committee's sitting is «заседание», any other formal meeting «совещание»
            "ru": r"совещани|заседани",
            "ko": "회의",
            "ja": "会議",
            "mn": r"хурал|хурл",
        },
        # «встреча», «уулзалт»: an encounter, not a meeting of governments
        forbidden={
            "ru": "встреч",
            "zh_Hans": "会面",
            "ko": "미팅",
            "ja": "ミーティング",
            "mn": "уулзалт",
        },
    ),
    Term(
        "work plan",
        r"\bwork plans?\b",
        required={
            "zh_Hans": "工作计划",
            "ru": r"план\w* работы",
            "ko": "작업 계획",
            "ja": "作業計画",
            "mn": "ажлын төлөвлөгөө",
        },
    ),
    Term(
        "written procedure",
        r"\bwritten procedures?\b",
        required={
            "zh_Hans": "书面程序",
            "ru": r"письменн\w* процедур",
            "ko": "서면 절차",
            "ja": "書面手続",
            "mn": "бичгийн жура?м",
        },
    ),
    Term(
        "stakeholder",
        r"\bstakeholders?\b",
        required={
            "zh_Hans": "利益相关方",
            "ru": r"участник|заинтересованн\w* сторон",
            "ko": "이해관계자",
            "ja": "ステークホルダー",
            "mn": "оролцогч тал",
        },
    ),
    Term(
        "Amur tiger",
        r"\bAmur tigers?\b",
        required={
            "zh_Hans": "东北虎",
            "ru": r"амурск\w* тигр",
            "ko": "아무르호랑이",
            "ja": "アムールトラ",
            "mn": "амарын бар",
        },
        forbidden={
            "zh_Hans": "西伯利亚虎",
            "ru": "сибирск",
            "ko": "시베리아",
            "ja": "シベリア",
            "mn": "сибирийн",
        },
    ),
    Term(
        "Amur leopard",
        r"\bAmur leopards?\b",
        required={
            "zh_Hans": "东北豹",
            "ru": r"дальневосточн\w* леопард",
            "ko": "아무르표범",
            "ja": "アムールヒョウ",
            "mn": "амарын ирвэс",
        },
        forbidden={"zh_Hans": "阿穆尔豹", "ru": r"амурск\w* леопард"},
    ),
    Term(
        "DPRK",
        r"\bDPRK\b|Democratic People's Republic of Korea",
        required={
            "zh_Hans": "朝鲜",
            "ru": r"КНДР|Корейская Народно-Демократическая Республика",
            "ko": "조선민주주의인민공화국",
            "ja": "朝鮮民主主義人民共和国",
            "mn": "БНАСАУ",
        },
        forbidden={
            "zh_Hans": "北朝鲜|北韩",
            "ru": r"Северн\w* Коре",
            "ko": "북한",
            "ja": "北朝鮮",
            "mn": "Хойд Солонгос",
        },
    ),
    Term(
        "Republic of Korea",
        r"(?<!People's )\bRepublic of Korea\b",
        required={
            "zh_Hans": "大韩民国",
            "ru": r"Республик\w* Корея",
            "ko": "대한민국",
            "ja": "大韓民国",
            "mn": "Бүгд Найрамдах Солонгос Улс",
        },
        forbidden={
            "zh_Hans": "南朝鲜|南韩",
            "ru": r"Южн\w* Коре",
            "ko": "남한",
            "ja": "(?<!大)韓国",
            "mn": "Өмнөд Солонгос",
        },
    ),
]


def _translations(entry) -> list[str]:
    if entry.msgid_plural:
        return [text for _index, text in sorted(entry.msgstr_plural.items()) if text]
    return [entry.msgstr] if entry.msgstr else []


def entry_violations(entry, lang: str, terms=TERMS) -> list[Violation]:
    """How one entry breaks the glossary of `lang` (an empty translation breaks nothing)."""
    found = []
    for text in _translations(entry):
        for term in terms:
            if not term.applies_to(entry.msgid, entry.msgid_plural or ""):
                continue
            problems = []
            required, forbidden = term.required.get(lang), term.forbidden.get(lang)
            if required and not re.search(required, text, re.IGNORECASE):
                problems.append(f"lacks {required!r}")
            if forbidden and (match := re.search(forbidden, text, re.IGNORECASE)):
                problems.append(f"uses {match.group(0)!r}")
            found.extend(
                Violation(lang, entry.msgctxt, entry.msgid, text, term.name, problem)
                for problem in problems
            )
    return found


def catalogue_violations(catalogue, lang: str, terms=TERMS) -> list[Violation]:
    """Every glossary violation of the live, non-fuzzy entries of one catalogue."""
    found = []
    for entry in catalogue:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        found.extend(entry_violations(entry, lang, terms))
    return found


def glossary_violations(languages=CATALOGUE_LANGUAGES) -> dict[str, list[Violation]]:
    """Per language, the glossary violations of its committed catalogue."""
    import polib

    from partnership.catalogues import po_path

    report = {}
    for lang in languages:
        found = catalogue_violations(polib.pofile(str(po_path(lang))), lang)
        if found:
            report[lang] = found
    return report
