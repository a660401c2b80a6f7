"""An activity is completed before its start only by saying so, with the
reason; planned and achieved are shown with the share achieved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities import services
from activities.models import Activity, Transition
from tests.activities.test_lifecycle import _messages, lead, rep, reviewer, russia  # noqa: F401
from tests.factories.activities import IndicatorTypeFactory
from tests.factories.activities_extra import decide, propose, reported

pytestmark = pytest.mark.django_db

FUTURE_START = datetime.date.today() + datetime.timedelta(days=30)


def _ongoing(rep, lead, reviewer, **overrides):  # noqa: F811
    activity = propose(rep, lead, **overrides)
    decide(activity, reviewer)
    return services.activity_start(activity=activity, by=rep)


def test_completing_before_the_start_needs_completed_early_and_a_reason(rep, lead, reviewer):  # noqa: F811
    activity = _ongoing(
        rep, lead, reviewer, starts_on=FUTURE_START, ends_on=FUTURE_START + datetime.timedelta(9)
    )
    with pytest.raises(ValidationError) as error:
        services.activity_complete(activity=activity, by=rep)
    assert "completed early" in error.value.message_dict["completed_early"][0]
    with pytest.raises(ValidationError) as error:
        services.activity_complete(activity=activity, by=rep, completed_early=True, reason="  ")
    assert "completed_early_reason" in error.value.message_dict
    activity.refresh_from_db()
    assert activity.status == Activity.Status.ONGOING  # nothing half-stored
    done = services.activity_complete(
        activity=activity,
        by=rep,
        completed_early=True,
        reason="The river froze early: the survey was done in one go.",
    )
    done.refresh_from_db()
    assert done.status == Activity.Status.COMPLETED
    assert done.completed_early and done.completed_on == datetime.date.today()
    assert done.completed_early_reason.startswith("The river froze early")
    assert Transition.objects.filter(
        activity=done, to_status="completed", comment__startswith="The river froze"
    ).exists()


def test_completing_after_the_start_needs_no_reason_and_keeps_none(rep, lead, reviewer):  # noqa: F811
    activity = _ongoing(rep, lead, reviewer)
    done = services.activity_complete(
        activity=activity, by=rep, completed_early=True, reason="ignored"
    )
    done.refresh_from_db()
    assert (done.completed_early, done.completed_early_reason) == (False, "")


def test_the_page_asks_for_the_reason_before_the_start(client, rep, lead, reviewer):  # noqa: F811
    activity = _ongoing(
        rep, lead, reviewer, starts_on=FUTURE_START, ends_on=FUTURE_START + datetime.timedelta(9)
    )
    client.force_login(rep)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'name="completed_early"' in page and "Mark as completed early" in page
    url = reverse("activities:step", args=[activity.pk, "complete"])
    response = client.post(url, {"completed_early": "on"}, follow=True)
    assert "Say why the activity was completed before its start." in _messages(response)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.ONGOING
    response = client.post(
        url,
        {"completed_early": "on", "completed_early_reason": "Done with the patrol."},
        follow=True,
    )
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.COMPLETED
    assert "Completed early" in response.content.decode()
    assert "Done with the patrol." in response.content.decode()


def test_planned_and_achieved_with_the_share(client, rep, lead, reviewer):  # noqa: F811
    snares = IndicatorTypeFactory(slug="snares-removed", unit="snares")
    report = reported(rep, lead, reviewer, planned={snares: Decimal("120")})
    indicator = report.activity.indicators.get()
    indicator.achieved = Decimal("90.00")
    indicator.save(update_fields=["achieved"])
    client.force_login(rep)
    page = client.get(report.activity.get_absolute_url()).content.decode()
    assert ">120<" in page and "120.00" not in page
    assert ">90<" in page and "75 %" in page


def test_the_api_completes_early_only_with_the_reason(rep, lead, reviewer):  # noqa: F811
    from rest_framework.test import APIClient

    from api import services as api_services

    activity = _ongoing(
        rep, lead, reviewer, starts_on=FUTURE_START, ends_on=FUTURE_START + datetime.timedelta(9)
    )
    _token, secret = api_services.token_create(user=rep, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    url = f"/api/v1/activities/{activity.pk}/complete/"
    response = client.post(url, {}, format="json")
    assert response.status_code == 400
    assert "completed early" in str(response.json())
    response = client.post(url, {"completed_early": True, "reason": "x"}, format="json")
    assert response.status_code == 400  # an unknown field is named, not ignored
    response = client.post(
        url, {"completed_early": True, "completed_early_reason": "Snow came early."}, format="json"
    )
    assert response.status_code == 200, response.json()
    activity.refresh_from_db()
    assert activity.completed_early and activity.completed_early_reason == "Snow came early."
