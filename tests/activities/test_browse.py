"""Browsing activities: filters in the address, list rows, totals of achieved
indicators, the map and its one compact data answer, fixed query counts, and
the bulk point helper agreeing with `Activity.point_for`."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from guardian.shortcuts import assign_perm

from activities.models import Activity, Report
from activities.selectors import exact_location_ids, points_for
from activities.totals import achieved_totals
from common.vocabulary import ActionArea
from stakeholders.models import Organisation, Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ProtectedAreaFactory,
    ReportFactory,
)
from tests.factories.workinggroups import WorkingGroupFactory, add_member

pytestmark = pytest.mark.django_db

LIST = reverse("activities:list")
MAP = reverse("activities:map")
DATA = reverse("activities:map_data")


def titles(client, query="", url=LIST):
    response = client.get(url + query)
    assert response.status_code == 200
    return sorted(activity.title for activity in response.context["page"].object_list)


# --- Filters ------------------------------------------------------------------


@pytest.fixture
def varied():
    """Four public activities that differ in every filtered field, and a proposal."""
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    group = WorkingGroupFactory(slug="camera-trapping")
    hunchun = ProtectedAreaFactory(slug="hunchun", country=china)
    leopard = ProtectedAreaFactory(slug="land-of-the-leopard", country=russia)
    ActivityFactory(
        title="Winter patrol",
        countries=[china, russia],
        kind=Activity.Kind.PATROL,
        action_area=ActionArea.PREY,
        cooperation=Activity.Cooperation.COORDINATION,
        status=Activity.Status.ONGOING,
        group=group,
        protected_areas=[hunchun, leopard],
        starts_on=datetime.date(2023, 11, 15),
        ends_on=datetime.date(2024, 2, 15),
    )
    ActivityFactory(
        title="Ranger training",
        countries=[russia],
        kind=Activity.Kind.TRAINING,
        action_area=ActionArea.CAPACITY,
        cooperation=Activity.Cooperation.COLLABORATION,
        status=Activity.Status.COMPLETED,
        protected_areas=[leopard],
        starts_on=datetime.date(2024, 6, 1),
        ends_on=datetime.date(2024, 6, 5),
    )
    ActivityFactory(
        title="Tiger Festival",
        countries=[china],
        kind=Activity.Kind.EDUCATION,
        action_area=ActionArea.COMMUNITIES,
        cooperation=Activity.Cooperation.COMMUNICATION,
        status=Activity.Status.APPROVED,
        starts_on=datetime.date(2025, 7, 29),
        ends_on=datetime.date(2025, 7, 29),
    )
    ActivityFactory(
        title="Camera traps",
        countries=[china],
        kind=Activity.Kind.MONITORING,
        action_area=ActionArea.PREY,
        cooperation=Activity.Cooperation.COLLABORATION,
        status=Activity.Status.COMPLETED,
        group=group,
        protected_areas=[hunchun],
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2022, 12, 31),
    )
    return ActivityFactory(title="Secret proposal", status=Activity.Status.PROPOSED)


ALL_PUBLIC = ["Camera traps", "Ranger training", "Tiger Festival", "Winter patrol"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL_PUBLIC),
        ("?country=RU", ["Ranger training", "Winter patrol"]),
        ("?country=CN", ["Camera traps", "Tiger Festival", "Winter patrol"]),
        ("?action_area=prey", ["Camera traps", "Winter patrol"]),
        ("?cooperation=collaboration", ["Camera traps", "Ranger training"]),
        ("?type=training", ["Ranger training"]),
        ("?group=camera-trapping", ["Camera traps", "Winter patrol"]),
        ("?status=completed", ["Camera traps", "Ranger training"]),
        ("?status=proposed", []),  # not visible to a visitor, whatever the filter
        ("?year=2023", ["Winter patrol"]),
        ("?year=2024", ["Ranger training", "Winter patrol"]),  # running during the year
        ("?year=2025", ["Tiger Festival"]),
        ("?protected_area=land-of-the-leopard", ["Ranger training", "Winter patrol"]),
        ("?country=CN&action_area=prey&year=2022", ["Camera traps"]),
        ("?country=RU&group=camera-trapping&protected_area=hunchun", ["Winter patrol"]),
        ("?country=RU&type=education", []),
    ],
)
def test_filters_combine(client, varied, query, expected):
    assert titles(client, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "?country=ZZ",
        "?action_area=nowhere",
        "?cooperation=<script>",
        "?type=1",
        "?group=no-such-group",
        "?status=x",
        "?year=1800",
        "?year=twenty",
        "?year=2024.5",
        "?protected_area=%00",
        "?page=abc",
    ],
)
@pytest.mark.parametrize("url", [LIST, MAP, DATA])
def test_invalid_values_are_form_errors_never_a_server_error(client, varied, query, url):
    response = client.get(url + query)
    if url == DATA:
        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert "errors" in response.json()
        return
    assert response.status_code == 200
    if query != "?page=abc":
        assert response.context["filter"].errors
        assert b"errorlist" in response.content


@pytest.mark.parametrize(
    "url", [reverse("activities:export_csv"), reverse("activities:export_xlsx")]
)
def test_exports_with_invalid_values_answer_too(client, varied, url):
    assert client.get(url + "?country=ZZ&year=x").status_code == 200


def test_the_filters_stay_in_the_address_across_pages_views_and_downloads(client):
    russia = CountryFactory(code="RU")
    for index in range(25):
        ActivityFactory(title=f"Patrol {index:02}", countries=[russia])
    body = client.get(LIST + "?country=RU&type=patrol").content.decode()
    assert "country=RU&amp;type=patrol&amp;page=2" in body
    assert f'{MAP}?country=RU&amp;type=patrol"' in body
    assert f'{reverse("activities:export_csv")}?country=RU&amp;type=patrol"' in body
    assert f'{reverse("activities:export_xlsx")}?country=RU&amp;type=patrol"' in body
    assert len(client.get(LIST + "?country=RU&type=patrol&page=2").context["page"]) == 5
    # the filter form shows the chosen values again
    assert '<option value="RU" selected>' in body
    map_body = client.get(MAP + "?country=RU&type=patrol").content.decode()
    assert f"{DATA}?country=RU\\u0026type=patrol" in map_body  # in the map's configuration
    assert f'{LIST}?country=RU&amp;type=patrol"' in map_body


def test_the_year_choices_span_the_visible_activities(client, varied):
    form = client.get(LIST).context["filter"].form
    assert [value for value, _ in form.fields["year"].choices if value] == [
        2025,
        2024,
        2023,
        2022,
    ]


def test_proposals_are_listed_for_those_involved_only(client, varied):
    assert "Secret proposal" not in titles(client)
    client.force_login(varied.proposed_by)
    assert "Secret proposal" in titles(client)
    assert titles(client, "?status=proposed") == ["Secret proposal"]
    client.force_login(UserFactory())
    assert "Secret proposal" not in titles(client)


# --- List rows -------------------------------------------------------------------


def test_a_row_shows_title_type_status_dates_countries_lead_and_indicators(client):
    lead = OrganisationFactory(name="Hunchun Nature Reserve Administration")
    activity = ActivityFactory(
        title="Joint snow-track survey",
        kind=Activity.Kind.JOINT_SURVEY,
        status=Activity.Status.COMPLETED,
        lead_organisation=lead,
        countries=["CN", "RU"],
        starts_on=datetime.date(2024, 1, 10),
        ends_on=datetime.date(2024, 2, 20),
    )
    IndicatorFactory(
        activity=activity,
        indicator_type=IndicatorTypeFactory(slug="km-patrolled", name="Km patrolled", unit="km"),
        planned=Decimal("1200"),
        achieved=Decimal("10627"),
    )
    body = client.get(LIST).content.decode()
    assert f'<a href="{activity.get_absolute_url()}">Joint snow-track survey</a>' in body
    for text in (
        "Joint survey",
        "Completed",
        '<time datetime="2024-01-10">10 Jan 2024</time>',  # the locale's DATE_FORMAT
        '<time datetime="2024-02-20">20 Feb 2024</time>',
        "China, Russian Federation",
        "Hunchun Nature Reserve Administration",
        "Km patrolled",
        "1,200",
        "10,627",
    ):
        assert text in body, text


# --- Totals ----------------------------------------------------------------------


@pytest.fixture
def reported():
    """Activities with accepted, submitted and no reports, in two countries and
    years, linked to one, both or neither area of a cross-border pair."""
    days = IndicatorTypeFactory(slug="patrol-days", name="Patrol days", unit="days", sort_order=1)
    km = IndicatorTypeFactory(slug="km-patrolled", name="Km patrolled", unit="km", sort_order=2)
    pair = CrossBorderPairFactory(name="Hunchun – Land of the Leopard")
    other = CrossBorderPairFactory(name="Other pair")

    def activity(title, countries, ends, areas, achieved, report=Report.Status.ACCEPTED, **kw):
        made = ActivityFactory(
            title=title,
            countries=countries,
            starts_on=datetime.date(ends.year, 1, 1),
            ends_on=ends,
            protected_areas=areas,
            status=Activity.Status.COMPLETED,
            **kw,
        )
        for kind, value in zip((days, km), achieved, strict=True):
            IndicatorFactory(activity=made, indicator_type=kind, planned=1, achieved=value)
        if report:
            ReportFactory(activity=made, status=report)
        return made

    activity(
        "Both areas",
        ["CN", "RU"],
        datetime.date(2024, 3, 1),
        [pair.first, pair.second],
        (100, 1000),
    )
    activity("First area", ["CN"], datetime.date(2024, 5, 1), [pair.first], (10, 200))
    activity(
        "Second area",
        ["RU"],
        datetime.date(2023, 5, 1),
        [pair.second],
        (1, None),
        action_area=ActionArea.CAPACITY,
    )
    activity("No area", ["RU"], datetime.date(2023, 6, 1), [], (5, 50))
    activity(
        "Submitted only",
        ["CN"],
        datetime.date(2024, 6, 1),
        [pair.first],
        (7000, 7000),
        report=Report.Status.SUBMITTED,
    )
    activity(
        "No report", ["CN"], datetime.date(2024, 6, 1), [pair.first], (9000, 9000), report=None
    )
    return pair, other


def _table(totals, key):
    table = next(t for t in totals.tables if t.key == key)
    return dict(table.rows)


def test_totals_count_accepted_reports_by_country_year_action_area_and_pair(reported):
    totals = achieved_totals(Activity.objects.all())
    assert [kind.slug for kind in totals.types] == ["patrol-days", "km-patrolled"]
    assert totals.overall == [116, 1250]
    assert _table(totals, "country") == {"China": [110, 1200], "Russian Federation": [106, 1050]}
    assert _table(totals, "year") == {"2024": [110, 1200], "2023": [6, 50]}
    assert _table(totals, "action_area") == {
        str(ActionArea.PREY.label): [115, 1250],
        str(ActionArea.CAPACITY.label): [1, None],
    }
    # "Both areas" counts once for the pair, not once per area
    assert _table(totals, "pair") == {"Hunchun – Land of the Leopard": [111, 1200]}


def test_totals_follow_the_filters(client, reported):
    totals = client.get(LIST + "?country=RU&year=2023").context["totals"]
    assert totals.overall == [6, 50]
    assert _table(totals, "country") == {"Russian Federation": [6, 50]}
    body = client.get(LIST + "?country=RU&year=2023").content.decode()
    assert "<caption>Achieved, by country</caption>" in body
    assert '<th scope="row">Russian Federation</th>' in body


def test_totals_sit_above_the_list_with_captions(client, reported):
    body = client.get(LIST).content.decode()
    assert body.index("Achieved so far") < body.index("Both areas")
    for caption in (
        "Achieved, by country",
        "Achieved, by year the activity ended",
        "Achieved, by action area",
        "Achieved, by cross-border pair of protected areas",
    ):
        assert f"<caption>{caption}</caption>" in body
    assert "<strong>1,250</strong> Km patrolled" in body


def test_no_totals_without_an_accepted_report(client):
    ActivityFactory()
    response = client.get(LIST)
    assert not response.context["totals"]
    assert "nothing achieved to total" in response.content.decode()


# --- Map ----------------------------------------------------------------------


def test_map_data_is_one_compact_answer_with_activities_areas_and_pairs(client):
    pair = CrossBorderPairFactory(name="Hunchun – Land of the Leopard")
    shown = ActivityFactory(
        title="Patrol", latitude=Decimal("43.40000"), longitude=Decimal("130.90000")
    )
    ActivityFactory(title="Nowhere", latitude=None, longitude=None)
    ActivityFactory(title="Proposal", status=Activity.Status.PROPOSED)
    response = client.get(DATA)
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["activities"] == [[shown.pk, 43.4, 130.9, "Patrol", "approved", 1]]
    assert sorted(area[0] for area in data["areas"]) == [pair.first_id, pair.second_id]
    assert data["pairs"] == [[pair.first_id, pair.second_id, "Hunchun – Land of the Leopard"]]
    assert data["statuses"]["approved"] == "Approved"
    assert b": " not in response.content  # compact separators


def test_map_data_follows_the_filters(client, varied):
    data = client.get(DATA + "?country=RU").json()
    assert sorted(row[3] for row in data["activities"]) == ["Ranger training", "Winter patrol"]


def test_map_page_works_without_javascript_and_tiles(client, settings):
    settings.MAP_TILE_URL = ""
    ProtectedAreaFactory(name="Hunchun", latitude=Decimal("43.30000"))
    ActivityFactory(title="Camera traps", latitude=Decimal("43.40000"), longitude=Decimal("130.9"))
    response = client.get(MAP)
    body = response.content.decode()
    config = response.context["map_config"]
    assert config["tileUrl"] == ""
    assert config["dataUrl"] == DATA
    assert 'id="map-config"' in body
    assert (
        'role="region"' in body and 'aria-label="Map of the activities and protected areas"' in body
    )
    # the accessible list alternative: every marker with the point as the user may see it
    assert "<caption>Activities</caption>" in body
    assert "Camera traps" in body and "43.40000" in body and "130.90000" in body
    assert "Hunchun" in body and "43.30000" in body
    assert "/static/vendor/leaflet/leaflet.js" in body
    assert "/static/js/activity-map.js" in body
    assert "unpkg" not in body and "cdn" not in body.lower()


def test_the_tile_source_is_a_setting(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example tiles"
    config = client.get(MAP).context["map_config"]
    assert config["tileUrl"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert config["attribution"] == "© Example tiles"


def test_titles_reach_the_map_as_data_not_markup(client):
    ActivityFactory(title='<img src=x onerror="alert(1)">')
    assert b"<img src=x" not in client.get(MAP).content
    assert client.get(DATA).json()["activities"][0][3] == '<img src=x onerror="alert(1)">'


# --- Query counts ---------------------------------------------------------------


def _populate(count):
    """`count` activities, each with three indicators, three organisations,
    two countries and two protected areas; every third sensitive; half of
    them reported and accepted."""
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    kinds = [IndicatorTypeFactory(slug=slug) for slug in ("patrol-days", "km", "snares")]
    group = WorkingGroupFactory()
    pair = CrossBorderPairFactory()
    for index in range(count):
        activity = ActivityFactory(
            countries=[china, russia],
            organisations=[OrganisationFactory(), OrganisationFactory()],
            protected_areas=[pair.first, pair.second],
            group=group,
            location_sensitive=index % 3 == 0,
            status=Activity.Status.COMPLETED,
        )
        for kind in kinds:
            IndicatorFactory(activity=activity, indicator_type=kind, achieved=index)
        if index % 2:
            ReportFactory(activity=activity, status=Report.Status.ACCEPTED)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _viewer(kind):
    if kind == "visitor":
        return None
    if kind == "secretariat":
        return RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    user = UserFactory()  # a partner of another country: not entitled to sensitive points
    PersonFactory(user=user, organisation=OrganisationFactory(country=CountryFactory(code="MN")))
    return user


@pytest.mark.parametrize("viewer", ["visitor", "partner", "secretariat"])
@pytest.mark.parametrize(
    "url",
    [
        LIST,
        LIST + "?country=CN&year=2024&type=patrol",
        MAP,
        MAP + "?country=RU",
        DATA,
        DATA + "?country=CN&year=2024",
        reverse("activities:export_csv"),
        reverse("activities:export_xlsx") + "?country=CN",
    ],
)
def test_query_count_does_not_grow_with_the_data(client, viewer, url):
    user = _viewer(viewer)
    if user:
        client.force_login(user)
    _populate(5)
    client.get(url)  # warm the per-process caches (content types of permission lookups)
    small = _queries(client, url)
    _populate(45)
    assert Activity.objects.count() == 50
    assert _queries(client, url) == small
    assert small <= 25  # partner, filtered list: 21 (with the ATOMIC_REQUESTS savepoints)


# --- One answer for one point, in bulk and alone ------------------------------


def _works_for(organisation, **user_fields):
    user = UserFactory(**user_fields)
    PersonFactory(user=user, organisation=organisation)
    return user


def test_points_for_agrees_with_point_for_for_every_kind_of_user():
    china, russia, mongolia = (CountryFactory(code=c) for c in ("CN", "RU", "MN"))
    lead = OrganisationFactory(country=china)
    partner = OrganisationFactory(country=russia)
    group = WorkingGroupFactory()
    sensitive = {
        "location_sensitive": True,
        "latitude": Decimal("43.12345"),
        "longitude": Decimal("131.54321"),
    }
    activities = [
        ActivityFactory(lead_organisation=lead, countries=[china], **sensitive),
        ActivityFactory(
            lead_organisation=OrganisationFactory(country=china),
            organisations=[partner],
            countries=[china],
            **sensitive,
        ),
        ActivityFactory(lead_organisation=lead, countries=[russia], group=group, **sensitive),
        ActivityFactory(countries=[mongolia], **sensitive),
        ActivityFactory(countries=[china]),  # not sensitive
        ActivityFactory(countries=[china], latitude=None, longitude=None, location_sensitive=True),
    ]
    granted = UserFactory()
    assign_perm("activities.view_exact_location", granted, activities[3])
    group_member = add_member(group).user
    suspended = UserFactory()
    PersonFactory(
        user=suspended,
        organisation=OrganisationFactory(country=china, status=Organisation.Status.SUSPENDED),
    )
    inactive = _works_for(lead, is_active=False)
    users = {
        "visitor": AnonymousUser(),
        "nobody": UserFactory(),
        "secretariat": RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user,
        "committee": RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user,
        "superuser": UserFactory(is_superuser=True),
        "proposer": activities[3].proposed_by,
        "lead": _works_for(lead),
        "participant": _works_for(partner),
        "group member": group_member,
        "partner in Mongolia": _works_for(OrganisationFactory(country=mongolia)),
        "granted": granted,
        "suspended organisation": suspended,
        "inactive account": inactive,
    }
    seen_exact = {}
    for name, user in users.items():
        bulk = points_for(user, Activity.objects.all())
        for activity in Activity.objects.all():
            fresh = type(user).objects.get(pk=user.pk) if user.is_authenticated else user
            assert bulk[activity.pk] == activity.point_for(fresh), (name, activity.title)
        seen_exact[name] = sorted(
            activities.index(a)
            for a in activities
            if bulk[a.pk] and bulk[a.pk][2] and a.location_sensitive
        )
    assert seen_exact == {
        "visitor": [],
        "nobody": [],
        "secretariat": [0, 1, 2, 3],
        "committee": [],
        "superuser": [0, 1, 2, 3],
        "proposer": [3],
        "lead": [0, 1, 2],  # led by their organisation, or in their country (China)
        "participant": [1, 2],  # takes part in 1; 2 is in their country (Russia)
        "group member": [0, 1, 2],  # 2 through the group; 0 and 1 in the member's country
        "partner in Mongolia": [3],
        "granted": [3],
        "suspended organisation": [],
        "inactive account": [],
    }


def test_exact_location_ids_runs_a_fixed_number_of_queries():
    user = _works_for(OrganisationFactory())
    ids = [ActivityFactory(location_sensitive=True).pk for _ in range(3)]
    exact_location_ids(user, ids)  # warm the per-process content-type caches
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as few:
        exact_location_ids(user, ids)
    ids += [ActivityFactory(location_sensitive=True).pk for _ in range(30)]
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as many:
        exact_location_ids(user, ids)
    assert len(few) == len(many) <= 4


def test_generalised_points_on_the_map_are_marked_approximate(client):
    ActivityFactory(
        location_sensitive=True, latitude=Decimal("43.12345"), longitude=Decimal("131.54321")
    )
    row = client.get(DATA).json()["activities"][0]
    assert row[1:3] == [43.15, 131.55]
    assert row[5] == 0
    assert "approximate (about 10 km)" in client.get(MAP).content.decode()


def test_the_demo_data_gives_the_patrol_summary_of_seed_000(demo_data, client, demo_password):
    """Seed 000 §43: 971 patrol days and 10,627 km, from the accepted report."""
    if not Activity.objects.exists():  # until seed_demo seeds the activities itself
        from activities import demo

        demo.seed(password=demo_password, with_accounts=True)
    body = client.get(LIST).content.decode()
    assert "<strong>971</strong> patrol days" in body
    assert "<strong>10,627</strong> km patrolled" in body


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
@pytest.mark.parametrize("name", ["list", "map", "map_data", "export_csv", "export_xlsx"])
def test_every_page_answers_in_every_language(client, varied, language, name):
    from django.utils import translation

    with translation.override(language):
        url = reverse(f"activities:{name}")
    assert url.startswith(f"/{language}/")
    with translation.override("en"):  # the request switches language; don't leak it
        response = client.get(url + "?country=CN")
    assert response.status_code == 200
    assert response.get("Content-Language", language) == language
