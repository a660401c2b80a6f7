"""The API contract is the truth: schemathesis, in process through WSGI, with
all its checks (server errors, status codes, content types, response
schemas, response headers, negative data rejection, authentication, missing
headers, unsupported methods, and the stateful ones), finds no disagreement
between the OpenAPI document and the server, anonymously and with a token,
in positive and negative data, and following the document's links.

One check is left out, on purpose: "positive data acceptance" expects every
schema-valid body to be accepted, but a valid body can still name a record
that does not exist or ask for a step the activity's state does not allow
(a 400 with the usual error shape, documented). The other direction, that
invalid data is refused, is checked.

Bounded (MAX_EXAMPLES per operation and mode, STATEFUL_EXAMPLES scenarios)
so that the whole module takes well under two minutes on two cores; each
identity's run is one test, not one per operation.
"""

import json

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from tests.factories import OrganisationFactory, UserFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory, representative_of
from tests.factories.monitoring import (
    PatrolSummaryFactory,
    PopulationEstimateFactory,
    centre_staff,
)

MAX_EXAMPLES = 6
STATEFUL_EXAMPLES = 15
HYPOTHESIS = {
    "deadline": None,
    "database": None,
    "derandomize": True,  # the same cases every run: a failure is reproducible
    "suppress_health_check": list(HealthCheck),
}


@pytest.fixture
def contract(api, db, settings, token_for):
    """The schema as served, and the identities: anonymous, a member
    organisation's representative, and an information centre's staff (whose
    monitoring writes get past the permission checks)."""
    framework = dict(settings.REST_FRAMEWORK)
    framework["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(
        ("anonymous", "signed_in", "write"), "100000/min"
    )
    settings.REST_FRAMEWORK = framework
    settings.ALLOWED_HOSTS = ["*"]
    organisation = OrganisationFactory(status="active")
    ProtectedAreaFactory(administration=organisation)
    ActivityFactory(lead_organisation=organisation, location_sensitive=True)
    centre = InformationCentreFactory()
    for _n in range(3):
        PopulationEstimateFactory(centre=centre, country=centre.country)
        PatrolSummaryFactory(
            centre=centre, protected_area=ProtectedAreaFactory(country=centre.country)
        )
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    identities = {
        "anonymous": {},
        "representative": {
            "Authorization": f"Token {token_for(representative_of(organisation, UserFactory()))}"
        },
        "centre staff": {"Authorization": f"Token {token_for(centre_staff(centre))}"},
    }
    # As Django's test client does: the requests run inside the test's
    # transaction, whose connection must stay open between them.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield json.loads(response.content), identities
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _schema(document):
    import schemathesis

    # The document as served; the requests go to the portal in process.
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    return schema


def _excluded():
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    return [positive_data_acceptance]


def _run_operations(document, headers) -> list[str]:
    from schemathesis import GenerationMode

    app = get_wsgi_application()
    failures = []
    for result in _schema(document).get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=MAX_EXAMPLES, **HYPOTHESIS)
            def run(case):
                case.call_and_validate(app=app, headers=headers, excluded_checks=_excluded())

            try:
                run()
            except (Exception, BaseExceptionGroup) as error:  # every operation's failure
                failures.append(
                    f"{mode.value} {operation.method.upper()} {operation.path}: {error}"
                )
    return failures


def _explain(error) -> str:
    """The failure itself, also when Hypothesis wraps it (a flaky one)."""
    text = str(error)
    for inner in getattr(error, "exceptions", ()):
        text += "\n" + _explain(inner)
    return text


@pytest.mark.parametrize("identity", ["anonymous", "representative", "centre staff"])
def test_every_operation_keeps_the_contract(contract, identity):
    document, identities = contract
    failures = _run_operations(document, identities[identity])
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("identity", ["anonymous", "centre staff"])
def test_following_the_links_keeps_the_contract(contract, identity):
    """Stateful: lists lead to their items, a created record to its reads,
    changes and deletion (and a deleted one is gone)."""
    document, identities = contract
    schema = _schema(document)
    app = get_wsgi_application()
    headers = identities[identity]
    excluded = _excluded()

    class Workflow(schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"app": app, "headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                excluded_checks=excluded,
                additional_checks=additional_checks,
                headers=headers,
            )

    Workflow.run(
        settings=settings(max_examples=STATEFUL_EXAMPLES, stateful_step_count=6, **HYPOTHESIS)
    )
