"""The activities demo data: the seeds' protected areas with their figures,
the cross-border pairs, the two information centres, the joint activities at
every stage of the lifecycle, and a second run that changes nothing."""

from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from activities import demo
from activities.models import (
    Activity,
    CrossBorderPair,
    Indicator,
    IndicatorType,
    InformationCentre,
    ProtectedArea,
    Report,
    Transition,
)
from committee.models import ReviewDecision, ReviewRequest
from committee.selectors import review_queue

PASSWORD = "tiger-leopard-demo"


@pytest.fixture(scope="module")
def activities_demo(demo_data_for_module, django_db_blocker):
    """The full demo data; activities added here while seed_demo does not
    call `activities.demo.seed` yet (it is idempotent, so harmless after)."""
    with django_db_blocker.unblock():
        demo.seed(password=PASSWORD, with_accounts=True)


@pytest.fixture
def demo_user(activities_demo, module_demo_user):
    return module_demo_user


def _area(slug):
    return ProtectedArea.objects.select_related("country", "administration").get(slug=slug)


@pytest.mark.parametrize(
    ("slug", "name", "country", "designation", "hectares", "established", "administration"),
    [
        (
            "land-of-the-leopard-national-park",
            "Land of the Leopard National Park",
            "RU",
            "national_park",
            262_000,
            2012,
            "land-of-the-leopard",
        ),
        (
            "kedrovaya-pad-nature-reserve",
            "Kedrovaya Pad Nature Reserve",
            "RU",
            "nature_reserve",
            None,
            1916,
            "land-of-the-leopard",
        ),
        (
            "leopardovy-zakaznik",
            "Leopardovy Zakaznik",
            "RU",
            "federal_refuge",
            169_429,
            2008,
            "land-of-the-leopard",
        ),
        (
            "barsoviy-federal-zakaznik",
            "Barsoviy Federal Zakaznik",
            "RU",
            "federal_refuge",
            None,
            1979,
            None,
        ),
        (
            "borisovo-plateau-regional-zakaznik",
            "Borisovo Plateau Regional Zakaznik",
            "RU",
            "regional_refuge",
            None,
            1996,
            None,
        ),
        (
            "hunchun-nature-reserve",
            "Hunchun Nature Reserve",
            "CN",
            "nature_reserve",
            None,
            2001,
            "hunchun-nature-reserve",
        ),
        (
            "northeast-china-tiger-and-leopard-national-park",
            "Northeast China Tiger and Leopard National Park",
            "CN",
            "national_park",
            1_400_000,
            2017,
            "ntlnp-administration",
        ),
    ],
)
def test_protected_areas_carry_the_seeds_figures(
    demo_user, slug, name, country, designation, hectares, established, administration
):
    area = _area(slug)
    assert (area.name, area.country.code, area.designation) == (name, country, designation)
    assert area.area_ha == hectares
    assert area.established == established
    assert (area.administration.slug if area.administration else None) == administration
    assert Decimal("40") < area.latitude < Decimal("46")
    assert Decimal("129") < area.longitude < Decimal("133")


def test_the_areas_facing_each_other_are_paired(demo_user):
    pairs = {
        (pair.first.slug, pair.second.slug)
        for pair in CrossBorderPair.objects.select_related("first", "second")
    }
    assert pairs == {
        (
            "land-of-the-leopard-national-park",
            "northeast-china-tiger-and-leopard-national-park",
        ),
        ("leopardovy-zakaznik", "hunchun-nature-reserve"),
    }


def test_indicator_types_and_centres(demo_user):
    assert {(t.slug, t.name, t.unit) for t in IndicatorType.objects.all()} >= {
        ("patrol-days", "patrol days", "days"),
        ("km-patrolled", "km patrolled", "km"),
        ("snares-removed", "snares removed", "snares"),
        ("camera-traps", "camera traps deployed", "camera traps"),
        ("people-trained", "people trained", "people"),
        ("people-reached", "people reached", "people"),
    }
    centres = {c.slug: c for c in InformationCentre.objects.select_related("host", "country")}
    assert centres["feline-research-center"].host.slug == "feline-research-center"
    assert centres["feline-research-center"].country.code == "CN"
    assert centres["far-east-environmental-control"].host.slug == "far-east-environmental-control"
    assert centres["far-east-environmental-control"].country.code == "RU"


def test_activities_at_every_stage(demo_user):
    statuses = {a.title: a.status for a in Activity.objects.all()}
    patrol = Activity.objects.get(title__startswith="SMART anti-poaching patrols")
    assert patrol.status == Activity.Status.COMPLETED
    assert patrol.report.status == Report.Status.ACCEPTED
    figures = {
        i.indicator_type.slug: i.achieved
        for i in Indicator.objects.filter(activity=patrol).select_related("indicator_type")
    }
    assert figures == {"patrol-days": Decimal("971"), "km-patrolled": Decimal("10627")}
    assert patrol.report.evidence.exists()

    survey = Activity.objects.get(title__startswith="Joint cross-border camera-trap survey")
    assert survey.report.status == Report.Status.SUBMITTED
    assert sorted(statuses.values()) == sorted(
        ["completed", "completed", "ongoing", "approved", "proposed", "ongoing"]
    )
    assert Activity.objects.get(location_sensitive=True).status == Activity.Status.ONGOING
    assert Activity.objects.get(kind="exchange_visit").status == Activity.Status.APPROVED
    assert Activity.objects.get(title__startswith="Tiger Festival").status == "proposed"
    assert Activity.objects.get(lead_organisation__slug="wwf").status == "ongoing"


def test_every_activity_has_its_transitions_and_decisions(demo_user):
    patrol = Activity.objects.get(title__startswith="SMART anti-poaching patrols")
    steps = list(patrol.transitions.values_list("subject", "to_status"))
    assert steps == [
        ("activity", "proposed"),
        ("activity", "approved"),
        ("activity", "ongoing"),
        ("activity", "completed"),
        ("report", "submitted"),
        ("report", "accepted"),
    ]
    assert Transition.objects.filter(by__isnull=True).count() == 0
    assert ReviewDecision.objects.filter(
        request__kind__in=["activity-proposal", "activity-report"]
    ).count() == (5 + 1)  # five approved proposals, one accepted report


def test_the_committee_queue_holds_a_proposal_and_an_activity_report(demo_user):
    queue = review_queue(demo_user("committee@demo.example"))
    kinds = {r.kind: r.title for r in queue}
    assert kinds["activity-proposal"] == "Tiger Festival 2027 on both sides of the border"
    assert kinds["activity-report"].startswith("Report: Joint cross-border camera-trap survey")


def test_a_second_run_changes_nothing(demo_user):
    models = [
        Activity,
        Indicator,
        Transition,
        Report,
        ProtectedArea,
        CrossBorderPair,
        IndicatorType,
        InformationCentre,
        ReviewRequest,
        ReviewDecision,
    ]
    before = {model: model.objects.count() for model in models}
    demo.seed(password=PASSWORD, with_accounts=True)
    assert {model: model.objects.count() for model in models} == before


def test_the_pages_of_the_demo_data_open(client, demo_user):
    for activity in Activity.objects.exclude(status="proposed"):
        assert client.get(activity.get_absolute_url()).status_code == 200
    for area in ProtectedArea.objects.all():
        response = client.get(reverse("activities:protected_area", args=[area.slug]))
        assert response.status_code == 200
    for centre in InformationCentre.objects.all():
        assert client.get(centre.get_absolute_url()).status_code == 200
    page = client.get(
        reverse("activities:protected_area", args=["land-of-the-leopard-national-park"])
    ).content.decode()
    assert "262,000 ha" in page and "2012" in page
    assert "Northeast China Tiger and Leopard National Park" in page  # across the border


ADMIN_PAGES = [
    "activities_protectedarea",
    "activities_crossborderpair",
    "activities_indicatortype",
    "activities_activity",
    "activities_report",
    "activities_informationcentre",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_secretariat_admin_lists_and_opens_them(client, demo_user, name):
    secretariat = demo_user("secretariat@demo.example")
    TOTP.activate(secretariat, generate_totp_secret())
    client.force_login(secretariat)
    changelist = client.get(reverse(f"admin:{name}_changelist"))
    assert changelist.status_code == 200
    model = changelist.context["cl"].model
    first = model.objects.order_by("pk").first()
    assert client.get(reverse(f"admin:{name}_change", args=[first.pk])).status_code == 200


def test_activity_status_is_read_only_in_the_admin(client, demo_user):
    secretariat = demo_user("secretariat@demo.example")
    TOTP.activate(secretariat, generate_totp_secret())
    client.force_login(secretariat)
    activity = Activity.objects.get(title__startswith="SMART anti-poaching patrols")
    html = client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content
    assert b'name="status"' not in html
    assert b"transitions-0-to_status" not in html  # the history is not editable
    assert client.get(reverse("admin:activities_activity_add")).status_code == 403
    assert client.get(reverse("admin:activities_indicatortype_add")).status_code == 200
