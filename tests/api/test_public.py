"""What anonymous clients receive: published things only, exactly as the
site shows them to visitors (drafts, proposals, members-only documents,
group and committee meetings never; sensitive points generalised), and
answers in the language of Accept-Language."""

import pytest

from activities.models import Activity
from documents.models import Document
from meetings.models import Meeting
from news.models import Article

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/working-groups/",
    "/api/v1/protected-areas/",
    "/api/v1/activities/",
    "/api/v1/meetings/",
    "/api/v1/news/",
    "/api/v1/documents/",
    "/api/v1/population-estimates/",
    "/api/v1/patrol-summaries/",
]


def _all(api, url):
    """Every item of a list, following the pages."""
    items = []
    while url:
        response = api.get(url, {"page_size": 100} if "?" not in url else None)
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        items += body["results"]
        url = body["next"]
    return items


@pytest.mark.parametrize("url", LISTS)
def test_every_list_is_public_and_paginated(api, api_demo, db, url):
    response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}


def test_anonymous_clients_see_only_public_activities(api, api_demo, db):
    ids = {item["id"] for item in _all(api, "/api/v1/activities/")}
    public = set(
        Activity.objects.filter(status__in=["approved", "ongoing", "completed"]).values_list(
            "pk", flat=True
        )
    )
    hidden = set(Activity.objects.exclude(pk__in=public).values_list("pk", flat=True))
    assert hidden, "the demo data has proposals"
    assert ids == public
    for pk in hidden:
        assert api.get(f"/api/v1/activities/{pk}/").status_code == 404


def test_sensitive_points_are_generalised_for_anonymous_clients(api, api_demo, db):
    grid = Activity.objects.get(title__startswith="Camera-trap grid")
    assert grid.location_sensitive
    point = api.get(f"/api/v1/activities/{grid.pk}/").json()["point"]
    assert point == {"latitude": "43.55", "longitude": point["longitude"], "exact": False}
    assert point["latitude"] != str(grid.latitude)
    listed = {item["id"]: item for item in _all(api, "/api/v1/activities/")}
    assert listed[grid.pk]["point"] == point


def test_only_published_news_appears(api, api_demo, db):
    import datetime

    from django.utils import timezone

    first, second = Article.objects.order_by("pk")[:2]
    Article.objects.filter(pk=first.pk).update(status="draft")
    Article.objects.filter(pk=second.pk).update(
        status="scheduled", publish_at=timezone.now() + datetime.timedelta(days=2)
    )
    slugs = {item["slug"] for item in _all(api, "/api/v1/news/")}
    visible = {a.slug for a in Article.objects.all() if a.is_visible()}
    hidden = {a.slug for a in Article.objects.all() if not a.is_visible()}
    assert hidden, "the demo data has drafts or scheduled articles"
    assert slugs == visible
    for slug in hidden:
        assert api.get(f"/api/v1/news/{slug}/").status_code == 404


def test_only_public_documents_appear(api, api_demo, db):
    listed = {item["id"] for item in _all(api, "/api/v1/documents/")}
    public = set(Document.objects.filter(access="public").values_list("pk", flat=True))
    assert Document.objects.exclude(access="public").exists()
    assert listed == public
    hidden = Document.objects.exclude(access="public").first()
    assert api.get(f"/api/v1/documents/{hidden.pk}/").status_code == 404


def test_only_public_events_appear(api, api_demo, db):
    listed = {item["id"] for item in _all(api, "/api/v1/meetings/")}
    assert listed == set(Meeting.objects.filter(kind="public").values_list("pk", flat=True))
    private = Meeting.objects.exclude(kind="public").first()
    assert api.get(f"/api/v1/meetings/{private.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("kind", "url"),
    [("estimate", "/api/v1/population-estimates/"), ("patrol", "/api/v1/patrol-summaries/")],
)
def test_embargoed_monitoring_records_never_appear(api, monitoring_record, kind, url):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    future = timezone.localdate() + datetime.timedelta(days=30)
    shown = monitoring_record(
        kind, latitude=Decimal("43.52137"), longitude=Decimal("130.91234"), location_sensitive=True
    )
    hidden = monitoring_record(kind, embargo_until=future)
    listed = {item["id"]: item for item in _all(api, url)}
    assert shown.pk in listed and hidden.pk not in listed
    assert api.get(f"{url}{hidden.pk}/").status_code == 404
    point = api.get(f"{url}{shown.pk}/").json()["point"]
    assert point["exact"] is False and point["latitude"] == "43.55"
    assert listed[shown.pk]["point"] == point


def test_inactive_organisations_are_not_listed(api, db):
    from tests.factories import OrganisationFactory

    active = OrganisationFactory(status="active")
    applicant = OrganisationFactory(status="applicant")
    slugs = {item["slug"] for item in _all(api, "/api/v1/organisations/")}
    assert active.slug in slugs and applicant.slug not in slugs
    assert api.get(f"/api/v1/organisations/{applicant.slug}/").status_code == 404


def test_errors_follow_accept_language(api, db):
    english = api.get("/api/v1/activities/999999/")
    russian = api.get("/api/v1/activities/999999/", HTTP_ACCEPT_LANGUAGE="ru")
    assert english.status_code == russian.status_code == 404
    assert english.json() == {"status": 404, "code": "not_found", "detail": "Not found."}
    assert russian["Content-Language"] == "ru"
    assert russian.json()["detail"] != "Not found."  # DRF's own Russian catalogue
