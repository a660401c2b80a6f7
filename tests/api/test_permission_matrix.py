"""The site's permission matrices, asked through the API with each demo
account's personal token: the API allows exactly what the site allows.

The tables are imported from the site's own matrix tests (declared once);
every action the API offers is run here. Denied means 401 for anonymous
clients, 403 or 404 for signed-in ones, and nothing changed."""

import pytest

from activities.models import Activity
from tests.activities import test_permission_matrix as site_activities
from tests.documents import test_demo_matrix as site_documents
from tests.meetings import test_permission_matrix as site_meetings

ANONYMOUS = site_activities.ANONYMOUS
ACCOUNTS = site_activities.ACCOUNTS

# The site's actions the API offers, with the same allowed accounts.
ACTIVITY_ACTIONS = [
    "view_proposal",
    "view_ongoing_activity",
    "view_approved_activity",
    "see_exact_sensitive_point",
    "view_report_with_committee",
    "edit_wwf_activity",
    "complete_wwf_activity",
    "edit_group_activity",
    "edit_ntlnp_activity",
    "start_ntlnp_activity",
]
MEETING_ACTIONS = [
    "view_monitoring_meeting",
    "view_anti_poaching_meeting",
    "view_committee_meeting",
    "view_public_event",
]
DOCUMENT_ACTIONS = ["list_shows_monitoring_draft", "list_shows_members_briefing"]


def _activity(prefix) -> Activity:
    return site_activities._activity(prefix)


def _payload(activity: Activity, **changes) -> dict:
    """The activity as a full PUT body, with `changes`."""
    data = {
        "title": activity.title,
        "description": activity.description,
        "kind": activity.kind,
        "action_area": activity.action_area,
        "cooperation": activity.cooperation,
        "lead_organisation": activity.lead_organisation.slug,
        "organisations": [o.slug for o in activity.organisations.all()],
        "countries": [c.code for c in activity.countries.all()],
        "protected_areas": [p.slug for p in activity.protected_areas.all()],
        "group": activity.group.slug if activity.group_id else None,
        "latitude": None if activity.latitude is None else str(activity.latitude),
        "longitude": None if activity.longitude is None else str(activity.longitude),
        "location_sensitive": activity.location_sensitive,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat(),
        "planned": {i.indicator_type.slug: str(i.planned) for i in activity.indicators.all()},
    }
    data.update(changes)
    return data


def _run_activity(action, api):
    url = "/api/v1/activities/{}/"
    if action == "view_proposal":
        response = api.get(url.format(_activity(site_activities.FESTIVAL).pk))
        return response.status_code == 200, response
    if action in ("view_ongoing_activity", "view_approved_activity"):
        prefix = site_activities.SNARES if "ongoing" in action else site_activities.VISIT
        response = api.get(url.format(_activity(prefix).pk))
        return response.status_code == 200, response
    if action == "see_exact_sensitive_point":
        response = api.get(url.format(_activity(site_activities.GRID).pk))
        assert response.status_code == 200
        return response.json()["point"]["latitude"] == site_activities.EXACT_LATITUDE, response
    if action == "view_report_with_committee":
        response = api.get(url.format(_activity(site_activities.SURVEY).pk) + "report/")
        return response.status_code == 200, response
    if action.startswith("edit_"):
        prefix = {
            "edit_wwf_activity": site_activities.SNARES,
            "edit_group_activity": site_activities.GRID,
            "edit_ntlnp_activity": site_activities.VISIT,
        }[action]
        activity = _activity(prefix)
        body = _payload(activity, title="Renamed through the API")
        response = api.put(url.format(activity.pk), body, format="json")
        activity.refresh_from_db()
        return activity.title == "Renamed through the API", response
    if action in ("complete_wwf_activity", "start_ntlnp_activity"):
        prefix, step, target = {
            "complete_wwf_activity": (site_activities.SNARES, "complete", "completed"),
            "start_ntlnp_activity": (site_activities.VISIT, "start", "ongoing"),
        }[action]
        activity = _activity(prefix)
        response = api.post(url.format(activity.pk) + f"{step}/", format="json")
        activity.refresh_from_db()
        return activity.status == target, response
    raise AssertionError(action)


def _check_denial(account, response):
    if account == ANONYMOUS:
        assert response.status_code in (401, 404), response.status_code
    else:
        assert response.status_code in (403, 404), response.status_code
    assert response.json()["status"] == response.status_code


@pytest.mark.parametrize("action", ACTIVITY_ACTIONS)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_activity_permissions_through_the_api(account, action, api_demo, module_demo_user, api_as):
    api = api_as(None if account == ANONYMOUS else module_demo_user(account))
    allowed, response = _run_activity(action, api)
    expected = account in site_activities.ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if not expected and action != "see_exact_sensitive_point":
        _check_denial(account, response)


def test_proposing_through_the_api_follows_the_site(api_demo, module_demo_user, api_as):
    """Those who may open the propose form may propose (for an organisation
    they act for); a registered user without an organisation gets 403."""
    snares = _activity(site_activities.SNARES)  # WWF-led
    body = _payload(snares, title="Proposed through the API", group=None)
    body["latitude"] = body["longitude"] = None
    body["location_sensitive"] = False
    wwf = api_as(module_demo_user(site_activities.WWF))
    response = wwf.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "proposed"
    proposal = Activity.objects.get(pk=response.json()["id"])
    assert proposal.proposed_by.email == site_activities.WWF
    assert proposal.transitions.filter(to_status="proposed").exists()  # the service's record
    user = api_as(module_demo_user(site_activities.USER))
    response = user.post("/api/v1/activities/", body, format="json")
    assert response.status_code == 403
    anonymous = api_as(None)
    assert anonymous.post("/api/v1/activities/", body, format="json").status_code == 401


def _meeting_id(action):
    from meetings.models import Meeting

    if action == "view_monitoring_meeting":
        return Meeting.objects.filter(kind="group", group__slug__contains="monitoring").first().pk
    if action == "view_anti_poaching_meeting":
        return Meeting.objects.filter(kind="group", group__slug__contains="poaching").first().pk
    if action == "view_committee_meeting":
        return Meeting.objects.filter(kind="committee").first().pk
    return Meeting.objects.filter(kind="public").first().pk


@pytest.mark.parametrize("action", MEETING_ACTIONS)
@pytest.mark.parametrize("account", ACCOUNTS)
def test_meeting_permissions_through_the_api(account, action, api_demo, module_demo_user, api_as):
    api = api_as(None if account == ANONYMOUS else module_demo_user(account))
    pk = _meeting_id(action)
    response = api.get(f"/api/v1/meetings/{pk}/")
    listed = {m["id"] for m in api.get("/api/v1/meetings/", {"page_size": 100}).json()["results"]}
    expected = account in site_meetings.ALLOWED[action]
    assert (response.status_code == 200) == expected, (account, action, response.status_code)
    assert (pk in listed) == expected
    if not expected:
        assert response.status_code == 404


@pytest.mark.parametrize("action", DOCUMENT_ACTIONS)
@pytest.mark.parametrize("account", site_documents.ACCOUNTS)
def test_document_permissions_through_the_api(account, action, api_demo, module_demo_user, api_as):
    from documents.models import Document

    title = {
        "list_shows_monitoring_draft": site_documents.MONITORING_DRAFT,
        "list_shows_members_briefing": site_documents.MEMBERS_BRIEFING,
    }[action]
    document = Document.objects.get(title=title)
    api = api_as(None if account == site_documents.ANONYMOUS else module_demo_user(account))
    titles = {
        d["title"] for d in api.get("/api/v1/documents/", {"page_size": 100}).json()["results"]
    }
    response = api.get(f"/api/v1/documents/{document.pk}/")
    expected = account in site_documents.ALLOWED[action]
    assert (title in titles) == expected, (account, action)
    assert (response.status_code == 200) == expected


# --- Monitoring data: the same rules as the site (monitoring/rules.py) ---------------

CN_CENTRE = "feline-research-center"
RU_CENTRE = "far-east-environmental-control"
CN_PUBLISHERS = {site_activities.SECRETARIAT, site_activities.CENTRE}
# action -> the accounts allowed; centre-cn publishes for the Chinese centre only
MONITORING_ALLOWED = {
    "publish_cn_estimate": CN_PUBLISHERS,
    "publish_ru_estimate": {site_activities.SECRETARIAT},
    "publish_cn_patrol": CN_PUBLISHERS,
    "replace_cn_estimate": CN_PUBLISHERS,
    "edit_cn_estimate": CN_PUBLISHERS,
    "edit_ru_estimate": {site_activities.SECRETARIAT},
    "edit_cn_patrol": CN_PUBLISHERS,
    "delete_cn_estimate": CN_PUBLISHERS,
    "delete_ru_estimate": {site_activities.SECRETARIAT},
    "delete_cn_patrol": CN_PUBLISHERS,
}


def _demo_estimate(country):
    from monitoring.models import PopulationEstimate

    return (
        PopulationEstimate.objects.filter(country__code=country)
        .select_related("centre", "country", "protected_area")
        .order_by("year", "pk")
        .first()
    )


def _demo_patrol():
    from monitoring.models import PatrolSummary

    return PatrolSummary.objects.select_related("centre", "protected_area").get(
        protected_area__slug="hunchun-nature-reserve"
    )


def _run_monitoring(action, api):
    """(done, response, the object the site's rule is asked about, its permission)."""
    from activities.models import InformationCentre
    from monitoring import imports
    from monitoring.models import PatrolSummary, PopulationEstimate

    verb, place, kind = action.split("_")
    if verb == "publish":
        centre = InformationCentre.objects.get(slug=CN_CENTRE if place == "cn" else RU_CENTRE)
        if kind == "estimate":
            url, model, perm = "/api/v1/population-estimates/", PopulationEstimate, "add"
            body = {
                "centre": centre.slug,
                "species": "amur_leopard",
                "country": centre.country.code,
                "region": "Published through the API",
                "year": 2026,
                "estimate": 81,
                "low": "75.5",
                "high": 90,
                "method": "camera_trapping",
                "source": "API matrix",
            }
        else:
            url, model, perm = "/api/v1/patrol-summaries/", PatrolSummary, "add"
            body = {
                "centre": centre.slug,
                "protected_area": "hunchun-nature-reserve",
                "period_start": "2026-01-01",
                "period_end": "2026-03-31",
                "patrol_days": 90,
                "km_patrolled": "1200.5",
                "source": "API matrix",
            }
        before = model.objects.filter(source="API matrix").count()
        response = api.post(url, body, format="json")
        done = model.objects.filter(source="API matrix").count() == before + 1
        return done, response, centre, f"monitoring.{perm}_{model._meta.model_name}"
    record = _demo_patrol() if kind == "patrol" else _demo_estimate(place.upper())
    url = (
        "/api/v1/patrol-summaries/{}/" if kind == "patrol" else "/api/v1/population-estimates/{}/"
    ).format(record.pk)
    model = type(record)
    if verb == "delete":
        response = api.delete(url)
        done = not model.objects.filter(pk=record.pk).exists()
        return done, response, record, f"monitoring.delete_{model._meta.model_name}"
    if verb == "replace":
        body = imports.record_cells(record) | {"notes": "Changed through the API"}
        response = api.put(url, body, format="json")
    else:
        response = api.patch(url, {"notes": "Changed through the API"}, format="json")
    record.refresh_from_db()
    done = record.notes == "Changed through the API"
    return done, response, record, f"monitoring.change_{model._meta.model_name}"


@pytest.mark.parametrize("action", sorted(MONITORING_ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_monitoring_writes_through_the_api(account, action, api_demo, module_demo_user, api_as):
    """Publishing, changing and deleting monitoring records: allowed exactly
    when the site's rule allows (asked here too); refused with 401 for
    visitors and 403 for signed-in users (the records are public, so not
    404), and nothing changes."""
    from django.contrib.auth.models import AnonymousUser

    user = None if account == ANONYMOUS else module_demo_user(account)
    done, response, obj, perm = _run_monitoring(action, api_as(user))
    expected = account in MONITORING_ALLOWED[action]
    assert done == expected, (account, action, response.status_code, response.content[:300])
    assert (user or AnonymousUser()).has_perm(perm, obj) == expected, (account, action)
    if expected:
        assert response.status_code in (200, 201, 204)
    else:
        assert response.status_code == (401 if account == ANONYMOUS else 403)
        assert response.json()["status"] == response.status_code
