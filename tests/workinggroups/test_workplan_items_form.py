"""A work plan's items edited together in one form: rows added and removed
in place without JavaScript, each with responsible organisation, period,
budget and currency, and resources; periods and numbers as people read them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.periods import period_label, year_span
from common.templatetags.portal_format import number, percent_of
from tests.factories import OrganisationFactory
from tests.workinggroups.test_workplans import _draft, _item, setting  # noqa: F401
from workinggroups import services
from workinggroups.models import WorkPlan

pytestmark = pytest.mark.django_db


def _edit_url(group, version):
    return reverse("workinggroups:workplan_edit", args=[group.slug, version.plan_id, 1])


def _rows(version):
    """The edit form's POST for the draft's items as they stand."""
    data = {"summary": version.summary}
    items = list(version.items.order_by("position"))
    for index, item in enumerate(items):
        data[f"items-{index}-id"] = item.pk
        data[f"items-{index}-objective"] = item.objective
        data[f"items-{index}-unit"] = item.unit
        data[f"items-{index}-target"] = "" if item.target is None else str(item.target)
    data["items-TOTAL_FORMS"] = str(len(items))
    data["items-INITIAL_FORMS"] = str(len(items))
    return data


def test_add_a_row_in_place_then_save_it_with_budget_and_resources(setting, client):  # noqa: F811
    group, _lead, member, _committee = setting
    version = _draft(group, member)
    client.force_login(member)
    url = _edit_url(group, version)
    data = _rows(version)
    response = client.post(url, {**data, "add_row": "1"})
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) == 3
    assert version.items.count() == 2  # nothing saved by a row change
    assert 'name="items-2-objective"' in response.content.decode()
    organisation = OrganisationFactory()
    data.update(
        {
            "items-TOTAL_FORMS": "3",
            "items-2-objective": "Exchange visit",
            "items-2-responsible": organisation.pk,
            "items-2-starts_on": "2027-01-01",
            "items-2-ends_on": "2027-12-31",
            "items-2-budget": "12000",
            "items-2-currency": "USD",
            "items-2-resources": "Two rangers from each park\nA minibus",
        }
    )
    assert client.post(url, data).status_code == 302
    item = version.items.get(objective="Exchange visit")
    assert (item.responsible, item.budget, item.currency) == (organisation, Decimal("12000"), "USD")
    assert item.resources == "Two rangers from each park\nA minibus"
    page = client.get(version.get_absolute_url()).content.decode()
    assert "12,000 USD" in page and "12000.00" not in page
    assert "<td>2027</td>" in page  # a whole year reads as the year
    assert "200 traps" in page and "200.00" not in page
    # the boxes show "200", not "200.00"
    assert 'value="200"' in client.get(url).content.decode()


def test_remove_a_row_in_place(setting, client):  # noqa: F811
    group, _lead, member, _committee = setting
    version = _draft(group, member)
    client.force_login(member)
    url = _edit_url(group, version)
    data = _rows(version)
    response = client.post(url, {**data, "remove_row": "0"})
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert [form["objective"].value() for form in forms] == ["Ranger training"]
    assert version.items.count() == 2  # not yet
    # the re-rendered form, saved as shown, drops the removed item
    shown = {
        "summary": "Without the survey",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "1",
        "items-0-id": forms[0]["id"].value(),
        "items-0-objective": "Ranger training",
    }
    assert client.post(url, shown).status_code == 302
    assert list(version.items.values_list("objective", flat=True)) == ["Ranger training"]
    # a row number that is not there changes nothing and breaks nothing
    response = client.post(url, {**_rows(version), "remove_row": "7"})
    assert response.status_code in (200, 302, 400)


def test_a_budget_needs_its_currency(setting, client):  # noqa: F811
    group, _lead, member, _committee = setting
    version = _draft(group, member)
    with pytest.raises(ValidationError) as error:
        services.workplan_draft_save(
            version=version, by=member, summary="", items=[_item("Survey", budget=Decimal(500))]
        )
    assert "currency" in str(error.value)
    client.force_login(member)
    data = _rows(version)
    data["items-0-budget"] = "500"
    response = client.post(_edit_url(group, version), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["currency"] == [
        "Give the currency of the budget."
    ]


def test_periods_and_numbers_read_plainly():
    assert year_span(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)) == "2027"
    assert year_span(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)) == "2026–2027"
    plan = WorkPlan(
        title="Plan", period_start=datetime.date(2027, 1, 1), period_end=datetime.date(2027, 12, 31)
    )
    assert str(plan) == "Plan (2027)"
    assert period_label(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)) == "2027"
    assert "–" in period_label(datetime.date(2027, 3, 1), datetime.date(2027, 9, 30))
    assert [number(Decimal(v)) for v in ("120.00", "120.50", "0.25", "1250")] == [
        "120",
        "120.5",
        "0.25",
        "1,250",
    ]
    assert number(None) == ""
    assert (percent_of(Decimal(90), Decimal(120)), percent_of(1, 0)) == (75, None)
