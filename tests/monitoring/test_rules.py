"""Who sees embargoed records and exact points, who imports and edits: the
rules (`user.has_perm`) and their bulk forms (selectors) give the same answers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from common.geo import generalise
from monitoring import selectors
from monitoring.models import PopulationEstimate
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewers(cn_staff, ru_staff, secretary):
    return {
        "anonymous": AnonymousUser(),
        "other centre": ru_staff,
        "own centre": cn_staff,
        "secretariat": secretary,
    }


@pytest.mark.parametrize(
    ("viewer", "sees_embargoed"),
    [("anonymous", False), ("other centre", False), ("own centre", True), ("secretariat", True)],
)
def test_embargoed_records_are_seen_only_by_their_centre_and_the_secretariat(
    viewers, viewer, sees_embargoed, cn_centre, hunchun, tomorrow
):
    user = viewers[viewer]
    public = PopulationEstimateFactory(centre=cn_centre, year=2015)
    embargoed = PopulationEstimateFactory(centre=cn_centre, year=2025, embargo_until=tomorrow)
    patrol = PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun, embargo_until=tomorrow)

    assert user.has_perm("monitoring.view_populationestimate", public)
    assert user.has_perm("monitoring.view_populationestimate", embargoed) is sees_embargoed
    assert user.has_perm("monitoring.view_patrolsummary", patrol) is sees_embargoed
    visible = set(selectors.estimates_visible_to(user).values_list("pk", flat=True))
    assert visible == ({public.pk, embargoed.pk} if sees_embargoed else {public.pk})
    assert selectors.patrols_visible_to(user).filter(pk=patrol.pk).exists() is sees_embargoed


def test_an_embargo_ends_on_its_date(cn_centre):
    today = datetime.date.today()
    record = PopulationEstimateFactory(centre=cn_centre, embargo_until=today)
    assert not record.is_embargoed(on=today)
    assert record.is_embargoed(on=today - datetime.timedelta(days=1))
    assert AnonymousUser().has_perm("monitoring.view_populationestimate", record)


@pytest.mark.parametrize(
    ("viewer", "may_edit"),
    [("anonymous", False), ("other centre", False), ("own centre", True), ("secretariat", True)],
)
def test_import_and_edit_are_scoped_to_the_centre(viewers, viewer, may_edit, cn_centre):
    user = viewers[viewer]
    record = PopulationEstimateFactory(centre=cn_centre)
    assert user.has_perm("monitoring.import_data", cn_centre) is may_edit
    for action in ("add", "change", "delete"):
        assert user.has_perm(f"monitoring.{action}_populationestimate", record) is may_edit
    assert (cn_centre in selectors.centres_published_by(user)) is may_edit


def test_a_plain_user_publishes_nowhere(cn_partner, cn_centre):
    assert not cn_partner.has_perm("monitoring.import_data")
    assert not cn_partner.has_perm("monitoring.import_data", cn_centre)
    assert selectors.centres_published_by(cn_partner) == []


@pytest.mark.parametrize(
    ("viewer", "exact"),
    [
        ("anonymous", False),
        ("other centre", False),
        ("own centre", True),
        ("secretariat", True),
        ("partner in the country", True),
    ],
)
def test_sensitive_points_are_generalised_for_those_not_entitled(
    viewers, cn_partner, viewer, exact, cn_centre, hunchun
):
    user = cn_partner if viewer == "partner in the country" else viewers[viewer]
    latitude, longitude = Decimal("43.12345"), Decimal("130.98765")
    estimate = PopulationEstimateFactory(
        centre=cn_centre, latitude=latitude, longitude=longitude, location_sensitive=True
    )
    patrol = PatrolSummaryFactory(
        centre=cn_centre,
        protected_area=hunchun,
        latitude=latitude,
        longitude=longitude,
        location_sensitive=True,
    )
    open_record = PopulationEstimateFactory(
        centre=cn_centre, latitude=latitude, longitude=longitude
    )
    points = selectors.points_for(user, [estimate, patrol, open_record])
    expected = (
        (latitude, longitude, True)
        if exact
        else (generalise(latitude), generalise(longitude), False)
    )
    assert points[("monitoring.populationestimate", estimate.pk)] == expected
    assert points[("monitoring.patrolsummary", patrol.pk)] == expected
    assert points[("monitoring.populationestimate", open_record.pk)] == (latitude, longitude, True)
    assert user.has_perm("monitoring.view_exact_location", estimate) is exact
    assert expected[:2] != (latitude, longitude) or exact


def test_the_generalisation_is_the_activities_one(cn_centre):
    """One rule for activities and monitoring: `common.geo.shown_point`."""
    from common.geo import shown_point

    point = shown_point(Decimal("43.12345"), Decimal("130.98765"), sensitive=True, entitled=False)
    assert point == (Decimal("43.15"), Decimal("130.95"), False)
    assert shown_point(None, None, sensitive=True, entitled=False) is None


def test_bounds_and_places_are_checked_by_the_model(cn_centre, leopard_park, china):
    record = PopulationEstimate(
        centre=cn_centre,
        species="amur_tiger",
        country=china,
        protected_area=leopard_park,
        year=2025,
        estimate=Decimal("10"),
        low=Decimal("12"),
        high=Decimal("9"),
        method="camera_trapping",
        source="test",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert set(error.value.message_dict) >= {"low", "high", "protected_area"}
