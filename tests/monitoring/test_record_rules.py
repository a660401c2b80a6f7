"""A record's rules across its fields live in the model (`rule_errors`): the
model's clean() and an import's row checks say the same, under the same
column."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from monitoring import imports
from monitoring.models import ImportJob, PatrolSummary, PopulationEstimate

pytestmark = pytest.mark.django_db


def _estimate_cells(**changes):
    cells = {
        "species": "amur_tiger",
        "country": "CN",
        "protected_area": "",
        "region": "Jilin",
        "year": "2015",
        "estimate": "10",
        "low": "",
        "high": "",
        "method": "camera_trapping",
        "source": "Survey",
    }
    return cells | changes


@pytest.mark.parametrize(
    "changes",
    [
        {"low": "12"},
        {"high": "9"},
        {"low": "12", "high": "9"},
        {"protected_area": "land-of-the-leopard-national-park"},
    ],
)
def test_the_model_and_the_row_checks_say_the_same(china, leopard_park, changes):
    cells = _estimate_cells(**changes)
    record, reader = imports.check_cells(ImportJob.Kind.POPULATION, cells, imports.Lookups())
    row = reader.errors_by_column()
    assert row
    with pytest.raises(ValidationError) as refused:
        record.clean()
    assert refused.value.message_dict == row


def test_the_models_messages_name_the_values(china):
    estimate = PopulationEstimate(
        country=china, estimate=Decimal("27"), low=Decimal("30"), high=Decimal("20")
    )
    assert estimate.rule_errors() == {
        "low": "The low bound (30) is above the estimate (27).",
        "high": "The high bound (20) is below the estimate (27).",
    }
    patrol = PatrolSummary(
        period_start=datetime.date(2020, 12, 31), period_end=datetime.date(2020, 1, 1)
    )
    assert patrol.rule_errors() == {"period_end": "The period ends before it starts."}
