"""The DOCX carries the web report's charts as PNG images, each with its
caption and the chart in words as alternative text (Word's "descr"), beside
the same tables as before; the image draws the chart's bars (baseline bars
outlined, as on the page)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document as WordDocument
from PIL import Image

from monitoring.chart_images import BAR_COLOUR, LEFT, RIGHT, TOP, alt_text, bar_chart_png
from monitoring.charts import bar_chart
from tests.factories import CountryFactory, OrganisationFactory
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.monitoring import PatrolSummaryFactory
from tests.factories.news import FieldTranslationFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def year_with_charts():
    china = CountryFactory(code="CN", name="China")
    for month in (2, 6):
        OrganisationFactory(country=china, joined_on=datetime.date(YEAR, month, 1))
    hunchun = ProtectedAreaFactory(name="Hunchun Reserve")
    FieldTranslationFactory(target=hunchun, field="name", text="Заповедник Хуньчунь")
    for start, days in ((1, 120), (7, 80)):
        PatrolSummaryFactory(
            protected_area=hunchun,
            period_start=datetime.date(YEAR, start, 1),
            period_end=datetime.date(YEAR, start + 5, 28),
            patrol_days=days,
        )
    return hunchun


@pytest.fixture
def partner_client(client):
    from tests.factories import PersonFactory, UserFactory

    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory(status="active"))
    client.force_login(user)
    return client


def _pictures(content: bytes):
    """(alt text, title, PNG bytes) of every picture in the document."""
    document = WordDocument(io.BytesIO(content))
    found = []
    for shape in document.inline_shapes:
        properties = shape._inline.docPr
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        blob = document.part.related_parts[blip.embed].blob
        found.append((properties.get("descr"), properties.get("title"), blob))
    return document, found


def test_the_docx_has_each_chart_as_an_image_with_alt_text(partner_client, year_with_charts):
    response = partner_client.get(reverse("reports:docx", args=[YEAR]))
    assert response.status_code == 200
    document, pictures = _pictures(response.content)
    titles = [title for _alt, title, _blob in pictures]
    assert titles == ["Organisations that joined, by country", "Patrol days by protected area"]
    joined_alt, patrol_alt = pictures[0][0], pictures[1][0]
    assert "China: 2" in joined_alt
    assert "Hunchun Reserve: 200" in patrol_alt and "Patrol days recorded in the year" in patrol_alt
    for _alt, _title, blob in pictures:
        image = Image.open(io.BytesIO(blob))
        assert image.format == "PNG" and image.size[0] > image.size[1] > 100
    # The captions are there, and the tables of the same figures still are.
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Patrol days by protected area" in captions and "Patrol effort" in captions
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Hunchun Reserve" in cells and "200" in cells


def test_the_russian_docx_describes_its_charts_in_russian_names(partner_client, year_with_charts):
    response = partner_client.get(f"/ru/reports/{YEAR}/annual-report.docx")
    _document, pictures = _pictures(response.content)
    assert len(pictures) == 2
    with translation.override("ru"):
        title = translation.gettext("Patrol days by protected area")
    assert title.startswith("Дни патрулирования") and pictures[1][1] == title
    assert "Заповедник Хуньчунь: 200" in pictures[1][0]
    assert "Hunchun Reserve" not in pictures[1][0]


def test_a_year_without_data_has_no_image(partner_client):
    response = partner_client.get(reverse("reports:docx", args=[YEAR]))
    assert _pictures(response.content)[1] == []


def _pixel_inside_bar(image, index, count, height_fraction):
    """A pixel in the middle of bar `index` of `count`, a little above its foot."""
    width, height = image.size
    plot_w = width - LEFT - RIGHT
    x = LEFT + plot_w / count * (index + 0.5)
    foot = height - 120  # BOTTOM
    y = foot - (foot - TOP) * height_fraction / 2
    return image.getpixel((int(x), int(y)))


def test_the_png_draws_solid_bars_and_outlined_baseline_bars():
    chart = bar_chart(
        slug="t",
        title="Patrol days by year",
        desc="Patrol days.",
        bars=[("2012", Decimal(971), True), ("2014", Decimal(1000), False)],
        y_label="patrol days",
    )
    image = Image.open(io.BytesIO(bar_chart_png(chart))).convert("RGB")
    solid = tuple(int(BAR_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    assert _pixel_inside_bar(image, 1, 2, 1.0) == solid
    assert _pixel_inside_bar(image, 0, 2, 0.97) == (255, 255, 255)  # outlined, not filled
    assert alt_text(chart) == (
        "Patrol days by year. Patrol days. 2012: 971 (baseline); 2014: 1,000."
    )
