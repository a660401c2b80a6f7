"""The annual report in the reader's language: headings from the catalogues,
content (groups, organisations, areas, indicator types, activities, work
plans, news titles, the introduction) from its published translations where
they exist, English where they do not, in the page, the print page and the
DOCX alike; drafts never; and the query count stays flat in Russian too."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from activities.models import Activity
from common.translations import TranslationStatus
from reports.models import AnnualReport
from tests.factories import OrganisationFactory
from tests.factories.activities import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ProtectedAreaFactory,
)
from tests.factories.monitoring import PatrolSummaryFactory
from tests.factories.news import ArticleFactory, ArticleTranslationFactory, FieldTranslationFactory
from tests.factories.workinggroups import WorkingGroupFactory
from tests.querycount import assert_fixed_query_count
from workinggroups.models import WorkingGroup, WorkPlan, WorkPlanVersion

pytestmark = pytest.mark.django_db

YEAR = 2025

# English original -> Russian published translation.
NAMES = {
    "group": ("Joint survey and monitoring", "Совместные учёты и мониторинг"),
    "organisation": ("Land of the Leopard National Park", "Национальный парк «Земля леопарда»"),
    "area": ("Hunchun Reserve", "Заповедник Хуньчунь"),
    "indicator": ("Snares removed", "Снято петель"),
    "activity": ("Joint snare sweep", "Совместное снятие петель"),
    "plan": ("Monitoring plan 2025", "План мониторинга на 2025 год"),
    "summary": ("Survey both sides together.", "Учёты по обе стороны вместе."),
    "article": ("Camera traps installed", "Установлены фотоловушки"),
    "introduction": ("A year of joint work.", "Год совместной работы."),
}
UNTRANSLATED_ACTIVITY = "Youth summer camp"
DRAFT_ONLY = ("Tiger festival", "Фестиваль тигра (черновик)")


def _translate(target, field, text, status=TranslationStatus.PUBLISHED):
    FieldTranslationFactory(target=target, field=field, text=text, status=status)


@pytest.fixture
def translated_year():
    group = WorkingGroupFactory(name=NAMES["group"][0])
    WorkingGroup.objects.filter(pk=group.pk).update(
        created_at=timezone.make_aware(datetime.datetime(YEAR - 1, 1, 1))
    )
    _translate(group, "name", NAMES["group"][1])
    plan = WorkPlan.objects.create(
        group=group,
        title=NAMES["plan"][0],
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
    )
    version = WorkPlanVersion.objects.create(
        plan=plan, number=1, status=WorkPlanVersion.Status.APPROVED, summary=NAMES["summary"][0]
    )
    _translate(plan, "title", NAMES["plan"][1])
    _translate(version, "summary", NAMES["summary"][1])

    organisation = OrganisationFactory(
        name=NAMES["organisation"][0], joined_on=datetime.date(YEAR, 3, 1), status="active"
    )
    _translate(organisation, "name", NAMES["organisation"][1])

    area = ProtectedAreaFactory(name=NAMES["area"][0])
    _translate(area, "name", NAMES["area"][1])
    PatrolSummaryFactory(
        protected_area=area,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 6, 30),
        patrol_days=120,
    )

    snares = IndicatorTypeFactory(slug="snares-ru", name=NAMES["indicator"][0], unit="snares")
    _translate(snares, "name", NAMES["indicator"][1])
    activities = []
    for title in (NAMES["activity"][0], UNTRANSLATED_ACTIVITY, DRAFT_ONLY[0]):
        activity = ActivityFactory(
            title=title,
            status=Activity.Status.COMPLETED,
            starts_on=datetime.date(YEAR, 4, 1),
            ends_on=datetime.date(YEAR, 4, 10),
        )
        IndicatorFactory(activity=activity, indicator_type=snares, planned=Decimal(5))
        activities.append(activity)
    _translate(activities[0], "title", NAMES["activity"][1])
    _translate(activities[2], "title", DRAFT_ONLY[1], status=TranslationStatus.DRAFT)

    article = ArticleFactory(
        title=NAMES["article"][0], publish_at=timezone.make_aware(datetime.datetime(YEAR, 5, 1))
    )
    ArticleTranslationFactory(article=article, title=NAMES["article"][1])

    written = AnnualReport.objects.create(year=YEAR, introduction=NAMES["introduction"][0])
    _translate(written, "introduction", NAMES["introduction"][1])


@pytest.fixture
def partner_client(client):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory(status="active"))
    client.force_login(user)
    return client


def _docx_text(content: bytes) -> str:
    document = WordDocument(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pages(client, language):
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}/reports/{YEAR}/")
    printed = client.get(f"{prefix}/reports/{YEAR}/print/")
    docx = client.get(f"{prefix}/reports/{YEAR}/annual-report.docx")
    assert page.status_code == printed.status_code == docx.status_code == 200
    return [page.content.decode(), printed.content.decode(), _docx_text(docx.content)]


def test_the_russian_report_uses_russian_names_where_translated(partner_client, translated_year):
    for text in _pages(partner_client, "ru"):
        assert "Членство" in text and "Membership" not in text  # headings from the catalogue
        for key, (english, russian) in NAMES.items():
            assert russian in text, key
            if key != "summary":  # the summary's English words are no name elsewhere
                assert english not in text, key
        assert UNTRANSLATED_ACTIVITY in text  # no translation: the original
        assert DRAFT_ONLY[0] in text and DRAFT_ONLY[1] not in text  # a draft is never shown


def test_the_english_report_keeps_the_originals(partner_client, translated_year):
    for text in _pages(partner_client, "en"):
        for key, (english, russian) in NAMES.items():
            assert english in text and russian not in text, key


def test_the_russian_report_query_count_is_flat(partner_client, translated_year):
    def grow():
        for number in range(5):
            area = ProtectedAreaFactory()
            _translate(area, "name", f"Охраняемая территория {number}")
            activity = ActivityFactory(
                status="completed",
                starts_on=datetime.date(YEAR, 4, 1),
                ends_on=datetime.date(YEAR, 4, 2),
            )
            _translate(activity, "title", f"Мероприятие {number}")
            IndicatorFactory(activity=activity)
            PatrolSummaryFactory(
                protected_area=area,
                period_start=datetime.date(YEAR, 4, 1),
                period_end=datetime.date(YEAR, 4, 30),
            )
            ArticleTranslationFactory(
                article=ArticleFactory(
                    publish_at=timezone.make_aware(datetime.datetime(YEAR, 6, 1))
                )
            )
            OrganisationFactory(joined_on=datetime.date(YEAR, 4, 1))

    url = f"/ru/reports/{YEAR}/"

    def warm_then_grow():
        grow()
        partner_client.get(url)  # new names were saved: the names' cache is read again once

    assert_fixed_query_count(partner_client, url, warm_then_grow)


def test_the_secretariat_translates_the_conclusions_in_the_workspace(client, translated_year):
    """The conclusions are translated like any text of the workspace (a
    draft first, unseen), and the Russian report then shows them."""
    from stakeholders.models import Role
    from tests.factories import RoleAssignmentFactory

    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    client.force_login(staff)
    written = AnnualReport.objects.get(year=YEAR)
    written.conclusions = "Keep patrolling together."
    written.save()
    url = reverse(
        "translations:edit",
        kwargs={"kind": "report-conclusions", "pk": written.pk, "language": "ru"},
    )
    assert client.get(url).status_code == 200
    client.post(url, {"conclusions": "Продолжать совместное патрулирование.", "draft": "1"})
    page = client.get(f"/ru/reports/{YEAR}/").content.decode()
    assert "Keep patrolling together." in page and "Продолжать" not in page
    client.post(url, {"conclusions": "Продолжать совместное патрулирование.", "publish": "1"})
    page = client.get(f"/ru/reports/{YEAR}/").content.decode()
    assert '<div class="written-part" lang="ru">Продолжать совместное патрулирование.' in page
