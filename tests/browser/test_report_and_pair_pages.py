"""The annual report and a cross-border pair's page pass axe, on a desktop and
on a 390 px phone; the report's DOCX link downloads a Word document."""

import datetime
from decimal import Decimal

import pytest

from activities.models import Activity
from stakeholders import demo
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory
from tests.factories.activities import ActivityFactory, CrossBorderPairFactory, IndicatorFactory
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def data(transactional_db):
    demo.seed_vocabulary()
    pair = CrossBorderPairFactory(name="Hunchun – Land of the Leopard")
    activity = ActivityFactory(
        status=Activity.Status.COMPLETED,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 20),
        protected_areas=[pair.first, pair.second],
    )
    IndicatorFactory(activity=activity, planned=Decimal("20"), achieved=Decimal("18"))
    for area, days in ((pair.first, 120), (pair.second, 200)):
        PatrolSummaryFactory(
            protected_area=area,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            patrol_days=days,
        )
    PopulationEstimateFactory(protected_area=pair.second, year=2025, country=pair.second.country)
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    return pair, secretariat


def test_report_and_pair_pages_are_accessible(data, new_page, axe):
    pair, secretariat = data
    for viewport in (None, PHONE):
        page = new_page(session_user=secretariat, viewport=viewport)
        page.goto("/reports/2025/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Annual report 2025")
        axe(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download as an editable document (DOCX)").click()
        assert download.value.suggested_filename == "annual-report-2025.docx"
        page.goto(pair.get_absolute_url())
        assert page.get_by_role("heading", level=1).inner_text() == "Hunchun – Land of the Leopard"
        axe(page)
