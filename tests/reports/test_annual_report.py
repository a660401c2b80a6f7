"""The annual report: its figures against figures computed here from the rows,
the DOCX opened with python-docx, a year without data, who reads and writes."""

import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from activities.models import Activity, CrossBorderPair, Indicator
from monitoring.models import PatrolSummary, PopulationEstimate
from reports.models import AnnualReport
from reports.sections import figure
from stakeholders.models import Organisation
from tests.factories import CountryFactory, OrganisationFactory, StakeholderTypeFactory
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
)
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory
from tests.querycount import assert_fixed_query_count

YEAR = 2025


def _aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def _year_data():
    """Members, activities with indicators, patrols and estimates in YEAR,
    and some outside it that must not count."""
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    ngo = StakeholderTypeFactory(slug="ngo", name="NGO")
    area = StakeholderTypeFactory(slug="protected-area", name="Protected area")
    for country, kind, joined in [
        (china, ngo, datetime.date(YEAR, 2, 1)),
        (china, ngo, datetime.date(YEAR, 6, 1)),
        (russia, area, datetime.date(YEAR, 12, 31)),
        (russia, area, datetime.date(YEAR - 1, 12, 31)),  # the year before
    ]:
        OrganisationFactory(
            country=country, stakeholder_type=kind, joined_on=joined, status="active"
        )
    pair = CrossBorderPairFactory()
    days = IndicatorTypeFactory(slug="patrol-days", name="Patrol days", unit="days")
    snares = IndicatorTypeFactory(slug="snares", name="Snares removed", unit="snares")
    inside = [
        ActivityFactory(
            status=Activity.Status.COMPLETED,
            starts_on=datetime.date(YEAR, 3, 1),
            ends_on=datetime.date(YEAR, 3, 30),
            countries=[china],
            protected_areas=[pair.first],
        ),
        ActivityFactory(
            status=Activity.Status.ONGOING,
            starts_on=datetime.date(YEAR - 1, 11, 1),
            ends_on=datetime.date(YEAR, 2, 1),
            countries=[china, russia],
            protected_areas=[pair.second],
        ),
    ]
    outside = [
        ActivityFactory(
            status=Activity.Status.PROPOSED,
            starts_on=datetime.date(YEAR, 5, 1),
            ends_on=datetime.date(YEAR, 5, 2),
            countries=[china],
        ),
        ActivityFactory(
            status=Activity.Status.COMPLETED,
            starts_on=datetime.date(YEAR + 1, 1, 1),
            ends_on=datetime.date(YEAR + 1, 1, 2),
            countries=[china],
        ),
    ]
    for number, activity in enumerate(inside + outside, start=1):
        IndicatorFactory(
            activity=activity,
            indicator_type=days,
            planned=Decimal(10 * number),
            achieved=Decimal(7 * number),
        )
        IndicatorFactory(
            activity=activity,
            indicator_type=snares,
            planned=Decimal(number),
            achieved=None if number == 2 else Decimal(number * 3),
        )
    PatrolSummaryFactory(
        protected_area=pair.first,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 6, 30),
        patrol_days=120,
        source="SMART A",
    )
    PatrolSummaryFactory(
        protected_area=pair.first,
        period_start=datetime.date(YEAR, 7, 1),
        period_end=datetime.date(YEAR, 12, 31),
        patrol_days=80,
        source="SMART B",
    )
    PatrolSummaryFactory(
        protected_area=pair.first,
        period_start=datetime.date(YEAR - 1, 1, 1),
        period_end=datetime.date(YEAR - 1, 12, 31),
        patrol_days=999,
    )
    PatrolSummaryFactory(
        protected_area=pair.second,
        period_start=datetime.date(YEAR, 3, 1),
        period_end=datetime.date(YEAR, 3, 31),
        patrol_days=55,
        embargo_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    PopulationEstimateFactory(year=YEAR, estimate=Decimal("68"), source="NFGA 2025 survey")
    PopulationEstimateFactory(year=YEAR - 1, estimate=Decimal("60"))


def _expected_indicators():
    """Planned and achieved per indicator, computed from the rows one by one."""
    start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR + 1, 1, 1)
    totals = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_country = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_pair = defaultdict(lambda: [Decimal(0), Decimal(0)])
    pairs = list(CrossBorderPair.objects.all())
    for indicator in Indicator.objects.select_related("activity", "indicator_type"):
        activity = indicator.activity
        if activity.status not in ("approved", "ongoing", "completed"):
            continue
        if not (activity.starts_on < end and activity.ends_on >= start):
            continue
        name = indicator.indicator_type.name
        for target in [totals[name]] + [
            by_country[(str(c), name)] for c in activity.countries.all()
        ]:
            target[0] += indicator.planned
            target[1] += indicator.achieved or 0
        areas = set(activity.protected_areas.values_list("pk", flat=True))
        for pair in pairs:
            if areas & {pair.first_id, pair.second_id}:
                by_pair[(str(pair), name)][0] += indicator.planned
                by_pair[(str(pair), name)][1] += indicator.achieved or 0
    return totals, by_country, by_pair


def _tables(response):
    """Every table of the page, by caption: rows of cell texts."""
    return {
        table.caption: table.rows
        for section in response.context["sections"]
        for table in section.tables
    }


@pytest.fixture
def partner_client(client, db):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory(status="active"))
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_figures_agree_with_the_rows(partner_client):
    _year_data()
    response = partner_client.get(reverse("reports:report", args=[YEAR]))
    assert response.status_code == 200
    tables = _tables(response)

    joined = Organisation.objects.filter(joined_on__year=YEAR)
    membership = tables["Members joined and left, by country and stakeholder type"]
    assert sum(int(row[2]) for row in membership) == joined.count() == 3
    assert ["China", "NGO", "2", "0"] in membership

    totals, by_country, by_pair = _expected_indicators()
    overall = {row[0]: (row[1], row[2]) for row in tables["Indicators, planned against achieved"]}
    assert overall == {name: (figure(p), figure(a)) for name, (p, a) in totals.items()}
    assert overall["Patrol days"] == ("30", "21")  # activities 1 and 2 only
    countries = {(row[0], row[1]): (row[2], row[3]) for row in tables["By country"]}
    assert countries == {key: (figure(p), figure(a)) for key, (p, a) in by_country.items()}
    pairs = {(row[0], row[1]): (row[2], row[3]) for row in tables["By cross-border pair"]}
    assert pairs == {key: (figure(p), figure(a)) for key, (p, a) in by_pair.items()}

    patrols = tables["Patrol effort"]
    published_days = sum(
        p.patrol_days
        for p in PatrolSummary.objects.filter(period_start__year=YEAR)
        if not p.is_embargoed()
    )
    assert sum(int(row[1].replace(",", "")) for row in patrols) == published_days == 200
    assert "SMART A; SMART B" in patrols[0][5]
    estimates = tables["Population estimates"]
    assert [row[2] for row in estimates] == [
        figure(e.estimate) for e in PopulationEstimate.objects.filter(year=YEAR)
    ]
    assert estimates[0][5] == "NFGA 2025 survey"  # the source beside the figure


@pytest.mark.django_db
def test_the_docx_has_the_headings_and_figures(partner_client):
    _year_data()
    AnnualReport.objects.create(
        year=YEAR, introduction="A year of joint patrols.", conclusions="Keep going."
    )
    response = partner_client.get(reverse("reports:docx", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = WordDocument(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == f"Annual report {YEAR} to the Senior Officials Meeting"
    for heading in [
        "Introduction",
        "Membership",
        "The coordination committee",
        "Working groups",
        "Activities and their indicators",
        "Patrol effort and population estimates",
        "News from the information centres",
        "What is still open",
        "Conclusions",
    ]:
        assert heading in headings
    texts = [p.text for p in document.paragraphs]
    assert "A year of joint patrols." in texts and "Keep going." in texts
    cells = {
        tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows
    }
    assert ("Patrol days", "30", "21", "days") in cells
    assert any(
        row[0] == pair_row for row in cells for pair_row in [str(CrossBorderPair.objects.get())]
    )


@pytest.mark.django_db
def test_a_year_without_data_says_so(partner_client):
    response = partner_client.get(reverse("reports:report", args=[2003]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The portal holds no data for 2003" in body
    assert "<table" not in body
    document = WordDocument(
        io.BytesIO(partner_client.get(reverse("reports:docx", args=[2003])).content)
    )
    assert any("no data for 2003" in p.text for p in document.paragraphs)
    assert not document.tables


@pytest.mark.django_db
def test_the_print_page_and_a_year_out_of_range(partner_client):
    assert partner_client.get(reverse("reports:print", args=[YEAR])).status_code == 200
    assert partner_client.get(reverse("reports:report", args=[1900])).status_code == 404
    future = timezone.localdate().year + 1
    assert partner_client.get(reverse("reports:report", args=[future])).status_code == 404


@pytest.mark.django_db
def test_the_secretariat_writes_introduction_and_conclusions(client, module_demo_user):
    year = timezone.localdate().year
    url = reverse("reports:report", args=[year])
    client.force_login(module_demo_user("focal-cn@demo.example"))
    assert client.get(url).status_code == 200  # partners read it
    assert client.post(url, {"introduction": "x", "conclusions": "y"}).status_code == 403
    client.force_login(module_demo_user("user@demo.example"))
    assert client.get(url).status_code == 403  # not a partner
    client.force_login(module_demo_user("secretariat@demo.example"))
    response = client.post(url, {"introduction": "We met twice.", "conclusions": "More patrols."})
    assert response.status_code == 302
    written = AnnualReport.objects.get(year=year)
    assert written.introduction == "We met twice." and written.history.count() == 1
    body = client.get(url).content.decode()
    assert "We met twice." in body and "More patrols." in body
    response = client.post(url, {"introduction": "x" * 20_001, "conclusions": ""})
    assert response.status_code == 400
    assert AnnualReport.objects.get(year=year).introduction == "We met twice."


@pytest.mark.django_db
def test_the_demo_year_report_matches_the_demo_rows(client, module_demo_user):
    """The demo data's year, with its own figures, computed here."""
    year = timezone.localdate().year
    client.force_login(module_demo_user("secretariat@demo.example"))
    response = client.get(reverse("reports:report", args=[year]))
    assert response.status_code == 200
    report = response.context["report"]
    counted = [
        a
        for a in Activity.objects.all()
        if a.status in ("approved", "ongoing", "completed")
        and a.starts_on.year <= year <= a.ends_on.year
    ]
    assert {a.pk for a in report["activities"]["activities"]} == {a.pk for a in counted}
    assert {o.pk for o in report["membership"]["joined"]} == set(
        Organisation.objects.filter(joined_on__year=year).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_query_count_is_flat(partner_client):
    _year_data()
    url = reverse("reports:report", args=[YEAR])

    def grow():
        for _ in range(5):
            activity = ActivityFactory(
                status="completed",
                starts_on=datetime.date(YEAR, 4, 1),
                ends_on=datetime.date(YEAR, 4, 2),
            )
            IndicatorFactory(activity=activity)
            PatrolSummaryFactory(
                period_start=datetime.date(YEAR, 4, 1), period_end=datetime.date(YEAR, 4, 30)
            )
            OrganisationFactory(joined_on=datetime.date(YEAR, 4, 1))

    assert_fixed_query_count(partner_client, url, grow)


@pytest.mark.django_db
def test_figures_from_before_the_partnership_are_its_baseline(partner_client, client, settings):
    """Seed 000's 2012 Hunchun patrol totals and a 2012 count: shown as the
    baseline with source and year, never counted as achievements."""
    settings.PARTNERSHIP_STARTED_ON = datetime.date(2013, 1, 1)
    hunchun = PatrolSummaryFactory(
        period_start=None,
        period_end=datetime.date(2012, 3, 31),
        patrol_days=971,
        km_patrolled=Decimal("10627"),
        source="NEASPEC proposal (2012), §43",
    )
    count_2012 = PopulationEstimateFactory(
        year=2012, country=CountryFactory(code="MN"), estimate=Decimal("35"), source="Seed 004"
    )
    later = PatrolSummaryFactory(
        protected_area=hunchun.protected_area,
        period_start=datetime.date(2012, 12, 1),
        period_end=datetime.date(2013, 2, 28),
        patrol_days=40,
    )
    assert hunchun.is_baseline and count_2012.is_baseline and not later.is_baseline

    response = partner_client.get(reverse("reports:report", args=[2012]))
    tables = _tables(response)
    assert "Population estimates" not in tables  # the 2012 count is not an achievement
    patrol_days = [row[1] for row in tables["Patrol effort"]]
    assert patrol_days == ["40"]  # 971 is not counted
    baseline = tables[
        "Baseline: figures from before the partnership, not counted as its achievements"
    ]
    assert ["Amur tiger: 35", "Mongolia", "2012", "Seed 004"] in baseline
    assert [
        "971 patrol days, 10,627 km patrolled",
        hunchun.protected_area.name,
        "2012",
        "NEASPEC proposal (2012), §43",
    ] in baseline

    # The home page marks the baseline figure beside its source and year.
    home = client.get("/").content.decode()
    assert "(2012, baseline: before the partnership)" in home
    assert "Seed 004" in home


@pytest.mark.django_db
def test_the_home_page_counts_no_baseline_as_an_achievement(client, module_demo_user):
    """The demo's Hunchun patrol totals (to March 2012, seed 000 §43) are the
    baseline: beside the figures with their activity and year, not in them."""
    module_demo_user("user@demo.example")
    body = client.get("/").content.decode()
    figures = body[body.index('id="figures-title"') : body.index("Achieved figures come from")]
    assert "<strong>971</strong>" not in figures
    baseline = body[body.index("Baseline, recorded before the partnership") :][:1200]
    assert (
        "971" in baseline
        and "SMART anti-poaching patrols in the Hunchun Nature Reserve" in baseline
    )
    assert ", 2012" in baseline
    report = client.get(reverse("reports:report", args=[2012]))
    assert report.status_code == 302  # visitors sign in first


@pytest.mark.django_db
def test_charts_are_drawn_on_the_server_beside_their_tables(partner_client):
    _year_data()
    body = partner_client.get(reverse("reports:report", args=[YEAR])).content.decode()
    assert body.count('<svg class="chart"') == 2
    assert 'aria-labelledby="chart-report-patrol-days-title chart-report-patrol-days-desc"' in body
    assert "<title>Protected area" in body  # a bar's own label, read by screen readers
    assert "<script" not in body
