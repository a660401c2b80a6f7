"""Bad input gets a 400 (413 when too large) naming the field, never a 500,
and changes nothing."""

import pytest
from django.test import override_settings

from activities.models import Activity
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.activities_extra import representative_of

URL = "/api/v1/activities/"


@pytest.fixture
def rep_api(db, api_as):
    organisation = OrganisationFactory(status="active")
    user = representative_of(organisation, UserFactory())
    return api_as(user), organisation


def _valid(organisation):
    return {
        "title": "Joint snare sweep",
        "description": "Along the border.",
        "kind": "snare_removal",
        "action_area": Activity._meta.get_field("action_area").choices[0][0],
        "cooperation": "collaboration",
        "lead_organisation": organisation.slug,
        "countries": [organisation.country.code],
        "starts_on": "2027-01-01",
        "ends_on": "2027-01-31",
    }


def test_a_valid_proposal_is_accepted(rep_api):
    api, organisation = rep_api
    response = api.post(URL, _valid(organisation), format="json")
    assert response.status_code == 201, response.json()


def test_malformed_json_is_a_400(rep_api):
    api, _org = rep_api
    response = api.post(URL, b'{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_body_that_is_not_an_object_is_a_400(rep_api):
    api, _org = rep_api
    response = api.post(URL, [1, 2], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", 12),
        ("title", ["x"]),
        ("starts_on", "tomorrow"),
        ("countries", "CN"),
        ("kind", "picnic"),
        ("latitude", "north"),
        ("location_sensitive", "perhaps"),
        ("lead_organisation", {"slug": 1}),
    ],
)
def test_wrong_types_name_the_field(rep_api, field, value):
    api, organisation = rep_api
    body = _valid(organisation) | {field: value}
    if field == "latitude":
        body["longitude"] = "130.5"
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latitude": "91", "longitude": "130"}, "latitude"),
        ({"latitude": "43", "longitude": "-181"}, "longitude"),
        ({"planned": {"patrol-days": "-1"}}, "planned.patrol-days"),
        ({"planned": {"no-such-indicator": "1"}}, "planned"),
        ({"ends_on": "2026-12-01"}, "ends_on"),
        ({"title": "x" * 251}, "title"),
        ({"countries": []}, "countries"),
        ({"countries": ["XX"]}, "countries"),
    ],
)
def test_out_of_range_values_name_the_field(rep_api, changes, field):
    from tests.factories.activities import IndicatorTypeFactory

    IndicatorTypeFactory(slug="patrol-days")
    api, organisation = rep_api
    response = api.post(URL, _valid(organisation) | changes, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()


def test_unknown_fields_are_refused_by_name(rep_api):
    api, organisation = rep_api
    body = _valid(organisation) | {"titel": "typo", "status": "completed"}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["titel"] == ["Unknown field."] and fields["status"] == ["Unknown field."]
    assert not Activity.objects.exists()


@override_settings(API_MAX_BODY_BYTES=1000)
def test_an_oversized_body_is_a_413(rep_api):
    api, organisation = rep_api
    body = _valid(organisation) | {"description": "x" * 5000}
    response = api.post(URL, body, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_service_refusal_is_a_400_with_its_message(rep_api):
    """The service's own checks (protected areas outside the countries) reach
    the client as field errors, as on the site's form."""
    from tests.factories.activities import ProtectedAreaFactory

    api, organisation = rep_api
    area = ProtectedAreaFactory(country__code="RU")
    body = _valid(organisation) | {"protected_areas": [area.slug]}
    if organisation.country.code == "RU":
        body["countries"] = ["CN"]
    response = api.post(URL, body, format="json")
    assert response.status_code == 400
    assert "protected_areas" in response.json()["fields"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/activities/?starts_after=notadate",
        "/api/v1/activities/?status=nonsense",
        "/api/v1/activities/?page=abc",
        "/api/v1/population-estimates/?year_from=abc",
        "/api/v1/activities/abc/",
    ],
)
def test_bad_query_parameters_are_4xx(api, db, url):
    response = api.get(url)
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "value", ["3146-06-15T08:59:31+17:44", "9999-12-31T23:59:59-23:00", "0001-01-01T00:00+05:00"]
)
def test_instants_with_unusual_offsets_are_compared_in_utc(api, db, value):
    """Found by the fuzz run on PostgreSQL, which refuses such offsets."""
    response = api.get("/api/v1/meetings/", {"starts_after": value})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    ("opener", "depth"), [("[", 65), ("[", 1000), ("[", 100_000), ('{"a":', 40_000)]
)
def test_a_deeply_nested_body_is_a_400_not_a_500(rep_api, opener, depth):
    """A JSON body nested deeper than API_MAX_JSON_DEPTH (100,000 deep once
    gave a RecursionError) is refused with the usual error shape."""
    api, _org = rep_api
    closer = "]" if opener == "[" else "}"
    body = (opener * depth + "1" + closer * depth).encode()
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()
    assert error["status"] == 400
    assert error["code"] == "parse_error"
    assert error["detail"]
    assert not Activity.objects.exists()


def test_brackets_inside_strings_do_not_count_as_nesting(rep_api):
    """Only the JSON structure is measured, not the text of its strings."""
    api, organisation = rep_api
    body = _valid(organisation) | {"description": "[[[[{{{{" * 20}
    response = api.post(URL, body, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "title", ["Snare sweep\rBcc: x@evil.example", "Snare\tsweep", "Snare\u2028sweep"]
)
def test_a_title_on_two_lines_is_refused_by_name(rep_api, title):
    """One-line fields refuse line breaks and control characters (as the
    site's forms and the admin do: common/singleline.py); a text area's
    field keeps its lines."""
    api, organisation = rep_api
    body = _valid(organisation) | {"title": title, "description": "Along the border.\nAnd back."}
    response = api.post(URL, body, format="json")
    assert response.status_code == 400, response.json()
    messages = response.json()["fields"]["title"]
    assert any("Keep this on a single line" in message for message in messages), messages
    assert not Activity.objects.exists()
    response = api.post(URL, body | {"title": "Snare sweep"}, format="json")
    assert response.status_code == 201, response.json()
