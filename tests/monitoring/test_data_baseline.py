"""/data/: patrol effort from before the partnership (seed 000's 2012 Hunchun
totals) is drawn as the baseline (outlined, marked, explained), kept out of
the partnership's total, and every row of figures names its source and year."""

import datetime
from decimal import Decimal

import pytest

from monitoring import charts
from monitoring.models import PatrolSummary
from tests.factories.monitoring import PatrolSummaryFactory

pytestmark = pytest.mark.django_db

DATA = "/data/"
STARTED = datetime.date(2013, 1, 1)


@pytest.fixture
def patrols(settings):
    settings.PARTNERSHIP_STARTED_ON = STARTED
    hunchun_2012 = PatrolSummaryFactory(
        period_start=None,
        period_end=datetime.date(2012, 12, 31),
        patrol_days=971,
        km_patrolled=Decimal("10627"),
        snares_removed=0,
        violations_recorded=0,
        source="Seed 000 §43, Hunchun 2012",
    )
    own = [
        PatrolSummaryFactory(
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            patrol_days=days,
            km_patrolled=Decimal(km),
            snares_removed=5,
            violations_recorded=1,
            source=f"SMART {year}",
        )
        for year, days, km in [(2014, 120, "800"), (2015, 180, "1200.5")]
    ]
    return hunchun_2012, own


def _main(client):
    response = client.get(DATA)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_the_baseline_year_is_drawn_and_labelled_as_baseline(client, patrols):
    main = _main(client)
    # The 2012 bar is outlined (its own class), titled and marked "baseline";
    # the partnership's years are plain bars.
    assert main.count('class="bar bar-baseline"') == 2  # patrol days and kilometres
    assert "<title>2012: 971 (baseline)</title>" in main
    assert "<title>2014: 120</title>" in main and "<title>2015: 180</title>" in main
    assert 'class="tick tick-baseline"' in main
    # Explained beside each chart, and in the charts' descriptions.
    assert main.count("not counted in the partnership&#x27;s totals") >= 2


def test_the_baseline_is_not_counted_in_the_partnerships_total(client, patrols):
    main = _main(client)
    table = main.split('id="table-2-caption"', 1)[1].split("</table>", 1)[0]
    row_2012 = table.split('<tr class="baseline-row">', 1)[1].split("</tr>", 1)[0]
    assert "2012" in row_2012 and "baseline" in row_2012 and "971" in row_2012
    assert "Seed 000 §43, Hunchun 2012" in row_2012  # its source beside it
    totals = table.split('<tr class="totals-row">', 1)[1].split("</tr>", 1)[0]
    assert "Partnership total, 2014–2015" in totals
    numbers = [cell.rsplit(">", 1)[1] for cell in totals.split("</td>")[:-1]]
    own_days = sum(p.patrol_days for p in PatrolSummary.objects.all() if not p.is_baseline)
    assert own_days == 300 and numbers[0] == "300"  # not 1,271
    assert numbers[1] == "2,000.5"


def test_totals_by_year_keep_the_baseline_apart(patrols):
    yearly = charts.patrol_totals_by_year(PatrolSummary.objects.order_by("period_end"))
    assert [(row["year"], row["baseline"]) for row in yearly] == [
        (2012, True),
        (2014, False),
        (2015, False),
    ]
    assert yearly[0]["sources"] == ["Seed 000 §43, Hunchun 2012"]
    totals = charts.partnership_totals(yearly)
    assert totals["patrol_days"] == 300 and totals["first"] == 2014


def test_without_baseline_figures_no_baseline_mark(client, patrols, settings):
    settings.PARTNERSHIP_STARTED_ON = datetime.date(2010, 1, 1)
    main = _main(client)
    assert "bar-baseline" not in main and "baseline-row" not in main
    assert "not counted in the partnership&#x27;s totals" not in main
    totals = main.split('<tr class="totals-row">', 1)[1].split("</tr>", 1)[0]
    assert "Partnership total, 2012–2015" in totals and ">1,271<" in totals


def test_population_years_before_the_partnership_sit_on_a_baseline_band(client, settings):
    """Seed 000's pre-partnership counts on the population chart: a shaded
    band marked "baseline", their points titled so; later years plain."""
    from tests.factories.monitoring import PopulationEstimateFactory

    settings.PARTNERSHIP_STARTED_ON = STARTED
    for year, estimate in ((2012, 20), (2015, 27), (2025, 70)):
        PopulationEstimateFactory(species="amur_tiger", year=year, estimate=Decimal(estimate))
    main = _main(client)
    chart = main.split('id="chart-amur_tiger-title"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="baseline-zone"') == 1 and 'class="baseline-edge"' in chart
    assert ", 2012: 20 (baseline)</title>" in chart
    assert ", 2015: 27</title>" in chart and "2015: 27 (baseline)" not in chart
    assert "not counted in the partnership&#x27;s totals" in chart  # its description says so
