"""The admin pages for monitoring records open for the secretariat, and the
admin asks the same rules as the site."""

import threading
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from monitoring.admin import PopulationEstimateAdmin
from monitoring.models import PopulationEstimate
from partnership.admin_site import PortalAdminSite
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

pytestmark = pytest.mark.django_db


def test_every_monitoring_admin_page_opens(secretariat_client, cn_centre, hunchun):
    estimate = PopulationEstimateFactory(centre=cn_centre)
    patrol = PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun)
    for name, obj in (("populationestimate", estimate), ("patrolsummary", patrol)):
        assert (
            secretariat_client.get(reverse(f"admin:monitoring_{name}_changelist")).status_code
            == 200
        )
        assert secretariat_client.get(reverse(f"admin:monitoring_{name}_add")).status_code == 200
        url = reverse(f"admin:monitoring_{name}_change", args=[obj.pk])
        assert secretariat_client.get(url).status_code == 200
    assert (
        secretariat_client.get(reverse("admin:monitoring_importjob_changelist")).status_code == 200
    )


def test_the_admin_is_scoped_to_the_centres_a_user_publishes_for(cn_staff, cn_centre, ru_centre):
    own = PopulationEstimateFactory(centre=cn_centre)
    other = PopulationEstimateFactory(centre=ru_centre)
    request = RequestFactory().get("/")
    request.user = cn_staff
    model_admin = PopulationEstimateAdmin(PopulationEstimate, PortalAdminSite())
    assert list(model_admin.get_queryset(request)) == [own]
    assert model_admin.has_change_permission(request, own)
    assert not model_admin.has_change_permission(request, other)
    assert not model_admin.has_delete_permission(request, other)


# --- Edits in the admin are checked as import rows are -----------------------------


def estimate_form(record, /, **changes) -> dict:
    data = {
        "centre": record.centre_id,
        "species": record.species,
        "country": record.country_id,
        "protected_area": record.protected_area_id or "",
        "region": record.region,
        "year": record.year,
        "estimate": record.estimate,
        "low": record.low or "",
        "high": record.high or "",
        "method": record.method,
        "source": record.source,
        "source_url": "",
        "embargo_until": "",
        "latitude": "",
        "longitude": "",
        "notes": "",
    }
    data.update(changes)
    return data


def patrol_form(patrol, **changes) -> dict:
    data = {
        "centre": patrol.centre_id,
        "protected_area": patrol.protected_area_id,
        "period_start": patrol.period_start or "",
        "period_end": patrol.period_end,
        "patrol_days": patrol.patrol_days,
        "km_patrolled": patrol.km_patrolled,
        "snares_removed": patrol.snares_removed,
        "violations_recorded": patrol.violations_recorded,
        "camera_traps": patrol.camera_traps,
        "source": patrol.source,
        "source_url": "",
        "embargo_until": "",
        "latitude": "",
        "longitude": "",
        "notes": "",
    }
    data.update(changes)
    return data


def change(client, record, data):
    url = reverse(f"admin:monitoring_{record._meta.model_name}_change", args=[record.pk])
    return client.post(url, data)


def refused(response) -> dict:
    """The errors of a refused admin form, by field ("__all__": the record's)."""
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    assert form.errors
    return {name: list(messages) for name, messages in form.errors.items()}


@pytest.fixture
def estimate(cn_centre, china):
    return PopulationEstimateFactory(
        centre=cn_centre, country=china, year=2015, estimate=Decimal("27"), region="Jilin"
    )


def test_an_area_in_another_country_is_refused_on_the_area_field(
    secretariat_client, estimate, leopard_park
):
    response = change(
        secretariat_client, estimate, estimate_form(estimate, protected_area=leopard_park.pk)
    )
    assert refused(response) == {
        "protected_area": ["The protected area Land of the Leopard National Park is not in China."]
    }
    page = response.content.decode()
    assert "is not in China." in page and "errornote" in page
    estimate.refresh_from_db()
    assert estimate.protected_area is None


def test_bounds_around_the_estimate_are_refused_each_on_its_field(secretariat_client, estimate):
    """The row checks' messages, and only them: the model's own checks do not
    say the same again in other words."""
    response = change(secretariat_client, estimate, estimate_form(estimate, low="30", high="20"))
    assert refused(response) == {
        "low": ["The low bound (30) is above the estimate (27)."],
        "high": ["The high bound (20) is below the estimate (27)."],
    }
    estimate.refresh_from_db()
    assert (estimate.low, estimate.high) == (None, None)


def test_a_duplicate_of_a_stored_estimate_is_refused(
    secretariat_client, estimate, cn_centre, china
):
    other = PopulationEstimateFactory(
        centre=cn_centre, country=china, year=2016, estimate=Decimal("30"), region="Jilin"
    )
    # Same species, place, year and method as `estimate`; the region differs
    # only in case, which the database's constraint would let through.
    response = change(secretariat_client, other, estimate_form(other, year="2015", region="JILIN"))
    assert refused(response) == {"__all__": ["The same record is already in the portal."]}
    other.refresh_from_db()
    assert other.year == 2016


def test_a_valid_change_is_saved_and_a_record_is_no_duplicate_of_itself(
    secretariat_client, estimate, hunchun
):
    data = estimate_form(estimate, protected_area=hunchun.pk, low="20", high="35.5")
    response = change(secretariat_client, estimate, data)
    assert response.status_code == 302, refused(response)
    estimate.refresh_from_db()
    assert (estimate.protected_area, estimate.low, estimate.high) == (
        hunchun,
        Decimal("20"),
        Decimal("35.5"),
    )


def test_the_add_page_checks_too(secretariat_client, estimate, cn_centre, china):
    url = reverse("admin:monitoring_populationestimate_add")
    duplicate = estimate_form(estimate, region="jilin")
    assert refused(secretariat_client.post(url, duplicate)) == {
        "__all__": ["The same record is already in the portal."]
    }
    fresh = estimate_form(estimate, year="2025", estimate="70", high="60")
    assert refused(secretariat_client.post(url, fresh)) == {
        "high": ["The high bound (60) is below the estimate (70)."]
    }
    response = secretariat_client.post(url, estimate_form(estimate, year="2025", estimate="70"))
    assert response.status_code == 302
    added = PopulationEstimate.objects.get(year=2025)
    assert added.created_by == secretariat_client.staff and added.estimate == 70


def _same_estimate_stored_by_someone_else(cn_centre, china):
    PopulationEstimateFactory(
        centre=cn_centre, country=china, year=2025, estimate=Decimal("70"), region="Jilin"
    )


def _post_estimate_for_2025(client, estimate):
    typed = estimate_form(estimate, year="2025", estimate="70", source="Survey of 2025")
    response = client.post(reverse("admin:monitoring_populationestimate_add"), typed)
    assert refused(response) == {"__all__": ["The same record is already in the portal."]}
    assert response.context["adminform"].form["source"].value() == "Survey of 2025"
    assert PopulationEstimate.objects.filter(year=2025).count() == 1


def test_a_record_stored_after_the_row_checks_is_refused_by_the_models_check(
    secretariat_client, estimate, cn_centre, china, monkeypatch
):
    """Stored while the form is checked: the model's constraint check finds it
    and says so in the portal's words, with what was typed kept."""
    from monitoring import imports

    check_record = imports.check_record

    def check_then_race(*args, **kwargs):
        result = check_record(*args, **kwargs)
        if not PopulationEstimate.objects.filter(year=2025).exists():
            _same_estimate_stored_by_someone_else(cn_centre, china)
        return result

    monkeypatch.setattr(imports, "check_record", check_then_race)
    _post_estimate_for_2025(secretariat_client, estimate)


@pytest.mark.django_db(transaction=True)
def test_a_record_committed_just_before_the_save_is_a_message_not_a_500(
    secretariat_client, estimate, cn_centre, china, monkeypatch
):
    """Another writer commits the same record after every check passed: the
    database's constraint refuses the save, and the form comes back with the
    reason and what was typed. The other writer is a thread with a
    connection of its own; SQLite would lock it out, PostgreSQL lets it in."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL")
    save_model = PopulationEstimateAdmin.save_model

    def someone_else_commits():
        try:
            _same_estimate_stored_by_someone_else(cn_centre, china)
        finally:
            from django.db import connection as own

            own.close()

    def race_then_save(self, *args, **kwargs):
        if not PopulationEstimate.objects.filter(year=2025).exists():
            writer = threading.Thread(target=someone_else_commits)
            writer.start()
            writer.join()
        return save_model(self, *args, **kwargs)

    monkeypatch.setattr(PopulationEstimateAdmin, "save_model", race_then_save)
    _post_estimate_for_2025(secretariat_client, estimate)


def test_a_field_in_error_says_so_once(secretariat_client, estimate):
    """A field's own validation speaks first; the row checks do not repeat it."""
    response = change(secretariat_client, estimate, estimate_form(estimate, year="", low="30"))
    assert refused(response) == {
        "year": ["This field is required."],
        "low": ["The low bound (30) is above the estimate (27)."],
    }


def test_a_patrol_period_ending_before_it_starts_is_refused_on_its_end(
    secretariat_client, cn_centre, hunchun
):
    patrol = PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun)
    response = change(
        secretariat_client,
        patrol,
        patrol_form(patrol, period_start="2020-12-31", period_end="2020-01-01"),
    )
    assert refused(response) == {"period_end": ["The period ends before it starts."]}


def test_a_patrol_period_already_stored_is_refused(secretariat_client, cn_centre, hunchun):
    first = PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun)
    second = PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun)
    data = patrol_form(second, period_start=first.period_start, period_end=first.period_end)
    assert refused(change(secretariat_client, second, data)) == {
        "__all__": ["The same record is already in the portal."]
    }
    assert (
        change(secretariat_client, second, patrol_form(second, km_patrolled="12.5")).status_code
        == 302
    )
    second.refresh_from_db()
    assert second.km_patrolled == Decimal("12.5")


def test_a_record_saved_in_the_admin_goes_through_the_service(
    secretariat_client, estimate, monkeypatch
):
    """Adding and changing call the same services as the API, so the rights,
    the row checks and the page cache are the same."""
    from monitoring import services

    calls = []
    for name in ("record_create", "record_update"):
        original = getattr(services, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append((_name, kwargs["user"], dict(kwargs["values"])))
            return _original(*args, **kwargs)

        monkeypatch.setattr(services, name, spy)
    url = reverse("admin:monitoring_populationestimate_add")
    response = secretariat_client.post(url, estimate_form(estimate, year="2025", estimate="70"))
    assert response.status_code == 302
    response = change(secretariat_client, estimate, estimate_form(estimate, low="20"))
    assert response.status_code == 302
    assert [(name, user, values["year"], values["low"]) for name, user, values in calls] == [
        ("record_create", secretariat_client.staff, "2025", ""),
        ("record_update", secretariat_client.staff, "2015", "20"),
    ]
    estimate.refresh_from_db()
    assert estimate.low == 20


def test_a_service_refusal_is_shown_on_the_form_not_a_500(
    secretariat_client, estimate, monkeypatch
):
    """A refusal only the service makes (here a stand-in) comes back as the
    form's error, with what was typed kept and nothing saved."""
    from django.core.exceptions import ValidationError

    from monitoring import services

    def refuse(**kwargs):
        raise ValidationError({"source": "Refused by the service."})

    monkeypatch.setattr(services, "record_update", refuse)
    response = change(secretariat_client, estimate, estimate_form(estimate, source="Typed"))
    assert refused(response) == {"source": ["Refused by the service."]}
    assert response.context["adminform"].form["source"].value() == "Typed"
    estimate.refresh_from_db()
    assert estimate.source != "Typed"


def test_deleting_in_the_admin_goes_through_the_service(
    secretariat_client, estimate, cn_centre, hunchun, monkeypatch
):
    """One record or a selection: each is deleted by the service, which
    checks the right and retires the cached public pages."""
    from monitoring import services

    deleted = []
    original = services.record_delete

    def spy(*, user, record):
        deleted.append(record.pk)
        original(user=user, record=record)

    monkeypatch.setattr(services, "record_delete", spy)
    url = reverse("admin:monitoring_populationestimate_delete", args=[estimate.pk])
    assert secretariat_client.post(url, {"post": "yes"}).status_code == 302
    patrols = [PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun) for _ in range(2)]
    response = secretariat_client.post(
        reverse("admin:monitoring_patrolsummary_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in patrols], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(deleted) == sorted([estimate.pk, *(p.pk for p in patrols)])
    assert not PopulationEstimate.objects.exists()
