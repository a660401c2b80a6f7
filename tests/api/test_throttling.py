"""Rate limits: scoped rates from settings, counted in the cache; a 429 is
machine-readable and says how long to wait."""

from rest_framework.settings import api_settings

from tests.factories import UserFactory


def _rates(settings, **rates):
    framework = dict(settings.REST_FRAMEWORK)
    framework["DEFAULT_THROTTLE_RATES"] = {**framework["DEFAULT_THROTTLE_RATES"], **rates}
    settings.REST_FRAMEWORK = framework
    assert api_settings.DEFAULT_THROTTLE_RATES["anonymous"] == rates.get(
        "anonymous", framework["DEFAULT_THROTTLE_RATES"]["anonymous"]
    )


def test_anonymous_clients_are_throttled_with_a_machine_readable_429(api, db, settings):
    _rates(settings, anonymous="3/min")
    for _ in range(3):
        assert api.get("/api/v1/protected-areas/").status_code == 200
    response = api.get("/api/v1/protected-areas/")
    assert response.status_code == 429
    body = response.json()
    assert body["status"] == 429 and body["code"] == "throttled"
    assert 0 < body["wait"] <= 60 and int(response["Retry-After"]) == body["wait"]


def test_signed_in_clients_have_their_own_rate(db, settings, api_as):
    _rates(settings, anonymous="1/min", signed_in="5/min")
    api = api_as(UserFactory())
    for _ in range(5):
        assert api.get("/api/v1/protected-areas/").status_code == 200
    assert api.get("/api/v1/protected-areas/").status_code == 429


def test_writes_have_a_rate_of_their_own(db, settings, api_as):
    _rates(settings, write="2/min")
    api = api_as(UserFactory())
    for _ in range(2):
        assert api.post("/api/v1/activities/", {}, format="json").status_code == 400
    assert api.post("/api/v1/activities/", {}, format="json").status_code == 429
    assert api.get("/api/v1/protected-areas/").status_code == 200  # reads still go
