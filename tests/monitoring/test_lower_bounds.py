"""A lower bound ("over 120 individuals": the estimate is its own low bound,
with no high one) is not an exact value: the chart draws it as a hollow point
with an arrow pointing up, says so in its legend and its accessible text, and
the table beside it says "over 120". Open ranges are worded ("from 30",
"up to 90"), never "30–" or "…–90"."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from monitoring import charts
from tests.factories.monitoring import PopulationEstimateFactory

pytestmark = pytest.mark.django_db

DATA = "/data/"


@pytest.fixture
def leopards(ru_centre, russia, leopard_park):
    make = PopulationEstimateFactory
    common = {
        "centre": ru_centre,
        "country": russia,
        "species": "amur_leopard",
        "protected_area": leopard_park,
    }
    return {
        "exact": make(**common, year=2012, estimate=Decimal(35)),
        "over": make(**common, year=2025, estimate=Decimal(120), low=Decimal(120)),
        "from": make(**common, year=2018, estimate=Decimal(40), low=Decimal(30)),
        "up_to": make(**common, year=2020, estimate=Decimal(80), high=Decimal(90)),
        "range": make(**common, year=2022, estimate=Decimal("12.0"), low=Decimal(10), high=14),
    }


def test_the_estimate_words_its_bounds(leopards):
    with translation.override("en"):
        assert leopards["over"].is_lower_bound
        assert leopards["over"].estimate_text == "over 120"
        assert leopards["over"].range_text == ""  # the estimate already says "over"
        assert leopards["from"].estimate_text == "40"
        assert leopards["from"].range_text == "from 30"
        assert leopards["up_to"].range_text == "up to 90"
        assert leopards["range"].estimate_text == "12"
        assert leopards["range"].range_text == "10–14"
        assert leopards["exact"].range_text == ""


def test_the_chart_draws_a_lower_bound_as_an_arrow_not_a_point(leopards):
    with translation.override("en"):
        [chart] = charts.population_charts(list(leopards.values()))
    svg = str(chart["svg"])
    # one arrow, for the one lower bound, titled with its wording
    groups = re.findall(r'<g class="lower-bound"><title>([^<]*)</title>(.*?)</g>', svg)
    assert len(groups) == 1
    title, drawing = groups[0]
    assert title.endswith("2025: over 120")
    assert "<path" in drawing and 'fill="#fff"' in drawing  # the arrowhead, a hollow point
    # the other points are exact markers whose titles carry their ranges
    # 2012 is before the partnership started (2013): a baseline figure
    assert "2012: 35 (baseline)</title>" in svg
    assert "2018: 40 (from 30)</title>" in svg
    assert "2020: 80 (up to 90)</title>" in svg
    assert "2022: 12 (10–14)</title>" in svg
    assert "2025: 120</title>" not in svg  # never drawn as an exact 120
    # the legend and the accessible description say what the arrow means
    shapes = [shape for shape, _colour, _label in chart["legend"]]
    assert shapes.count("lower-bound") == 1
    desc = re.search(r"<desc [^>]*>([^<]*)</desc>", svg).group(1)
    assert "lower bound" in desc
    assert "2025: over 120" in desc


def test_the_arrow_has_room_above_the_highest_point(leopards):
    [chart] = charts.population_charts([leopards["over"]])
    svg = str(chart["svg"])
    arrow_tip = re.search(r'<path d="M[\d.]+ ([\d.]+)l-5 8h10z"', svg)
    assert float(arrow_tip.group(1)) >= charts.TOP


def test_a_chart_without_lower_bounds_has_no_arrow_nor_its_legend(leopards):
    [chart] = charts.population_charts([leopards["exact"], leopards["range"]])
    assert "lower-bound" not in str(chart["svg"])
    assert all(shape != "lower-bound" for shape, _c, _l in chart["legend"])


def test_the_data_page_table_says_over_and_words_open_ranges(client, leopards):
    page = client.get(DATA).content.decode()
    rows = {
        year: re.search(rf'<td class="number">{year}</td>(.*?)</tr>', page, re.DOTALL).group(1)
        for year in (2018, 2020, 2022, 2025)
    }
    cells = {
        year: re.findall(r'<td class="number">([^<]*)</td>', row) for year, row in rows.items()
    }
    assert cells[2025][:2] == ["over 120", ""]
    assert cells[2018][:2] == ["40", "from 30"]
    assert cells[2020][:2] == ["80", "up to 90"]
    assert cells[2022][:2] == ["12", "10–14"]
    assert "…–" not in page and "–…" not in page and "120–<" not in page
    assert 'class="swatch swatch-lower-bound"' in page


def test_the_data_page_words_the_bounds_in_russian(client, leopards):
    page = client.get(f"/ru{DATA}").content.decode()
    assert "более 120" in page
    assert "от 30" in page
    assert "до 90" in page
