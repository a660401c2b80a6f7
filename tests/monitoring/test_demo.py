"""The demo data holds the seeds' own figures with their sources, once."""

from decimal import Decimal

import pytest
from django.test import override_settings

from monitoring import demo
from monitoring.models import PatrolSummary, PopulationEstimate


@pytest.mark.django_db
def test_seed_demo_loads_the_seeds_figures_once(demo_data):
    def figure(species, code, year, **place):
        return PopulationEstimate.objects.get(
            species=species, country__code=code, year=year, **place
        )

    assert figure("amur_tiger", "CN", 2015, region="").estimate == 27
    assert figure("amur_leopard", "CN", 2015, region="").estimate == 42
    assert figure("amur_tiger", "CN", 2025, region="").estimate == 70
    assert figure("amur_leopard", "CN", 2025, region="").estimate == 80
    leopards = figure("amur_leopard", "RU", 2025, protected_area__slug=demo.LOTL)
    assert (leopards.estimate, leopards.low, leopards.high) == (120, 120, None)
    assert figure("amur_leopard", "RU", 2012, protected_area__slug=demo.LOTL).estimate == 35
    assert figure("amur_tiger", "RU", 2025, protected_area__slug=demo.LOTL).low == 50
    heilongjiang = {
        e.year: e for e in PopulationEstimate.objects.filter(region="Heilongjiang Province")
    }
    assert heilongjiang[2000].estimate == Decimal("5.5")
    assert heilongjiang[2006].estimate == 12
    assert (heilongjiang[2007].low, heilongjiang[2007].high) == (10, 14)
    hunchun = PatrolSummary.objects.get(protected_area__slug="hunchun-nature-reserve")
    assert (hunchun.patrol_days, hunchun.km_patrolled) == (971, Decimal("10627"))
    assert all(e.source for e in PopulationEstimate.objects.all())
    assert PopulationEstimate.objects.filter(centre__country__code="RU").count() == 3

    counts = (PopulationEstimate.objects.count(), PatrolSummary.objects.count())
    with override_settings(DEBUG=True):
        demo.seed(password="x", with_accounts=True)
    assert (PopulationEstimate.objects.count(), PatrolSummary.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_centre_account_may_import_for_china_only(demo_data, client):
    from activities.models import InformationCentre
    from partnership.models import User

    user = User.objects.get(email="centre-cn@demo.example")
    assert user.has_perm(
        "monitoring.import_data", InformationCentre.objects.get(country__code="CN")
    )
    assert not user.has_perm(
        "monitoring.import_data", InformationCentre.objects.get(country__code="RU")
    )
    client.force_login(user)
    assert client.get("/data/import/").status_code == 200
    page = client.get("/data/").content.decode()
    assert "Heilongjiang Province" in page and "10,627" in page
