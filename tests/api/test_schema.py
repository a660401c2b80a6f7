"""The OpenAPI document is valid and describes the token header, and the
interactive documentation is served by the portal itself. That the server
keeps to the document is tests/api/test_contract.py (schemathesis)."""

import re

import pytest
from openapi_spec_validator import validate


@pytest.fixture
def schema_document(api, db):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    import json

    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3(schema_document):
    validate(schema_document)
    assert schema_document["openapi"].startswith("3.")
    paths = schema_document["paths"]
    for resource in (
        "organisations",
        "working-groups",
        "protected-areas",
        "activities",
        "meetings",
        "news",
        "documents",
        "population-estimates",
        "patrol-summaries",
    ):
        assert f"/api/v1/{resource}/" in paths


def test_the_schema_describes_the_token_header(schema_document):
    scheme = schema_document["components"]["securitySchemes"]["personalToken"]
    assert scheme == scheme | {"type": "apiKey", "in": "header", "name": "Authorization"}
    assert "Token" in scheme["description"]


def test_the_docs_use_only_the_portal_s_own_assets(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets, page
    for asset in assets:
        # /api/docs/?script= is Swagger UI's init script, kept out of the page for the CSP
        assert asset.startswith(("/static/", "/api/schema/", "/api/docs/?script")), asset
    assert "swagger-ui" in page
    assert not re.search(r"https?://", " ".join(assets))
    # the assets themselves are served
    for asset in assets:
        if asset.startswith(("/static/", "/api/docs/")):
            assert client.get(asset).status_code == 200, asset


# --- The document says what the server does ------------------------------------------


def test_reads_declare_authentication_optional_and_writes_required(schema_document):
    paths = schema_document["paths"]
    for operation in (
        paths["/api/v1/activities/"]["get"],
        paths["/api/v1/organisations/{slug}/"]["get"],
    ):
        assert {} in operation["security"]
        assert {"personalToken": []} in operation["security"]
    assert {} not in paths["/api/v1/activities/"]["post"]["security"]


def test_lists_and_details_document_their_errors_with_the_error_shape(schema_document):
    paths = schema_document["paths"]
    error = {"$ref": "#/components/schemas/Error"}
    listed = paths["/api/v1/population-estimates/"]["get"]["responses"]
    detail = paths["/api/v1/population-estimates/{id}/"]["get"]["responses"]
    for responses, codes in (
        (listed, ("400", "401", "404", "429")),
        (detail, ("401", "404", "429")),
    ):
        for code in codes:
            assert responses[code]["content"]["application/json"]["schema"] == error, code
    assert "Retry-After" in listed["429"]["headers"]
    shape = schema_document["components"]["schemas"]["Error"]
    assert set(shape["required"]) == {"status", "code", "detail"}


def test_the_year_and_page_limits_are_in_the_schema(schema_document):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema_document["paths"]["/api/v1/patrol-summaries/"]["get"]["parameters"]
    }
    assert parameters["year_from"] == {"type": "integer", "minimum": 1, "maximum": 9999}
    assert parameters["page_size"]["minimum"] == 1
    assert parameters["page"]["minimum"] == 1


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page_size=true", 400),
        ("page_size=0", 400),
        ("page_size=", 400),
        ("page_size=1.5", 400),
        ("page_size=500", 200),  # cut to 100, as documented
        ("page=", 404),
        ("page=last", 404),
        ("page=1", 200),
        ("year_from=0", 400),
        ("year_from=2020.5", 400),
        ("year_from=2020", 200),
    ],
)
def test_query_values_outside_the_schema_are_refused(api, db, query, status):
    response = api.get(f"/api/v1/population-estimates/?{query}")
    assert response.status_code == status, response.content
    if status != 200:
        assert response.json()["status"] == status


def test_an_unknown_api_address_is_a_json_404(api, db):
    response = api.get("/api/v1/activities/0.7/complete/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "query", ["designation=", "designation=national_park&country=", "designation=nope"]
)
def test_an_empty_or_unknown_choice_is_refused_an_empty_text_is_not(api, db, query):
    response = api.get(f"/api/v1/protected-areas/?{query}")
    expected = 200 if query.endswith("country=") else 400
    assert response.status_code == expected, response.content
