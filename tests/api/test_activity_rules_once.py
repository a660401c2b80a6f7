"""An activity's dates-and-place rules live in Activity.clean: the API says
what the model says, with the same message under the same field."""

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from tests.api.test_bad_input import URL, _valid, rep_api  # noqa: F401 (fixture)

RULES = [
    ({"ends_on": "2026-12-01"}, "ends_on", "The end must not be before the start."),
    ({"latitude": "43.1"}, "longitude", "Give both latitude and longitude, or neither."),
    ({"longitude": "131.4"}, "latitude", "Give both latitude and longitude, or neither."),
    (
        {"location_sensitive": True},
        "location_sensitive",
        "Only a place with a map point can be sensitive.",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_the_api_refuses_what_the_model_refuses(rep_api, changes, field, message):  # noqa: F811
    import datetime
    from decimal import Decimal

    body = _valid(rep_api[1]) | changes
    model = Activity(
        starts_on=datetime.date.fromisoformat(body["starts_on"]),
        ends_on=datetime.date.fromisoformat(body["ends_on"]),
        latitude=Decimal(body["latitude"]) if "latitude" in body else None,
        longitude=Decimal(body["longitude"]) if "longitude" in body else None,
        location_sensitive=body.get("location_sensitive", False),
    )
    with pytest.raises(ValidationError) as refused:
        model.clean()
    assert refused.value.message_dict == {field: [message]}

    api, _organisation = rep_api
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert not Activity.objects.exists()


def test_a_sensitive_place_with_a_point_is_accepted(rep_api):  # noqa: F811
    api, organisation = rep_api
    body = _valid(organisation) | {
        "latitude": "43.1",
        "longitude": "131.4",
        "location_sensitive": True,
    }
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert Activity.objects.get().location_sensitive
