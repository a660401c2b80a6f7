"""The OpenAPI document is valid and describes the token header; the
interactive documentation is served by the portal itself; and a bounded,
schema-driven fuzz run (schemathesis, in process through WSGI) finds no 5xx
and no answer that breaks the schema."""

import re

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from tests.factories import OrganisationFactory, UserFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.activities_extra import representative_of


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


# --- Fuzzing -------------------------------------------------------------------------

MAX_EXAMPLES = 8


def _fuzz(schema_document, headers, methods, paths=None):
    import schemathesis

    schema = schemathesis.openapi.from_dict(schema_document)
    app = get_wsgi_application()
    failures = []
    # As Django's test client does: the requests run inside the test's
    # transaction, whose connection must stay open between them.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _run_operations(schema, app, headers, methods, failures, paths)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)


def _run_operations(schema, app, headers, methods, failures, paths=None):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue
        if paths is not None and not operation.path.startswith(paths):
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(
                app=app,
                headers=headers,
                checks=[not_a_server_error, response_schema_conformance],
            )

        try:
            run()
        except Exception as error:  # collect every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")


@pytest.fixture
def fuzz_data(db, settings):
    framework = dict(settings.REST_FRAMEWORK)
    framework["DEFAULT_THROTTLE_RATES"] = {
        "anonymous": "100000/min",
        "signed_in": "100000/min",
        "write": "100000/min",
    }
    settings.REST_FRAMEWORK = framework
    settings.ALLOWED_HOSTS = ["*"]
    organisation = OrganisationFactory(status="active")
    ProtectedAreaFactory(administration=organisation)
    ActivityFactory(lead_organisation=organisation, location_sensitive=True)
    return representative_of(organisation, UserFactory())


def test_fuzzing_reads_finds_no_server_error(schema_document, fuzz_data):
    _fuzz(schema_document, headers={}, methods={"GET"})


def test_fuzzing_writes_finds_no_server_error(schema_document, fuzz_data, token_for):
    headers = {"Authorization": f"Token {token_for(fuzz_data)}"}
    _fuzz(schema_document, headers=headers, methods={"POST", "PUT", "PATCH", "DELETE"})


MONITORING_PATHS = ("/api/v1/population-estimates/", "/api/v1/patrol-summaries/")


def test_fuzzing_monitoring_writes_as_their_publisher_finds_no_server_error(
    schema_document, fuzz_data, token_for
):
    """With a token of the centre's staff the writes get past the permission
    checks, so the fuzzer's values reach the record checks (and, with ids
    1-3 of stored records, the changes and deletions)."""
    from tests.factories.activities_extra import InformationCentreFactory
    from tests.factories.monitoring import (
        PatrolSummaryFactory,
        PopulationEstimateFactory,
        centre_staff,
    )

    centre = InformationCentreFactory()
    for _n in range(3):
        PopulationEstimateFactory(centre=centre, country=centre.country)
        PatrolSummaryFactory(
            centre=centre, protected_area=ProtectedAreaFactory(country=centre.country)
        )
    headers = {"Authorization": f"Token {token_for(centre_staff(centre))}"}
    _fuzz(
        schema_document,
        headers=headers,
        methods={"POST", "PUT", "PATCH", "DELETE"},
        paths=MONITORING_PATHS,
    )
