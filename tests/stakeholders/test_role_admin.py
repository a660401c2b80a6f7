"""Roles given, changed, ended and removed in the admin go through the same
services as everywhere else: the same checks, a reason in the history, and
what a service refuses shown on the form, not as a 500."""

import datetime

import pytest
from django.urls import reverse

from stakeholders import services
from stakeholders.models import Role, RoleAssignment
from tests.factories import CountryFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(user, **changes) -> dict:
    data = {
        "user": user.pk,
        "role": Role.FOCAL_POINT,
        "country": "",
        "stakeholder_type": "",
        "starts_on": "2026-01-05",
        "ends_on": "",
        "note": "",
    }
    data.update(changes)
    return data


def _add(client, data):
    return client.post(reverse("admin:stakeholders_roleassignment_add"), data)


def _change(client, assignment, data):
    url = reverse("admin:stakeholders_roleassignment_change", args=[assignment.pk])
    return client.post(url, data)


def _refused(response) -> dict:
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_role_added_in_the_admin_is_given_by_the_service(secretariat_client, monkeypatch):
    calls = []
    original = services.role_assign

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(services, "role_assign", spy)
    user, country = UserFactory(), CountryFactory(code="RU")
    response = _add(secretariat_client, _form(user, country=country.pk, note="Primorye"))
    assert response.status_code == 302, _refused(response)
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.country, assignment.note) == (
        Role.FOCAL_POINT,
        country,
        "Primorye",
    )
    assert assignment.assigned_by == secretariat_client.staff
    assert [call["user"] for call in calls] == [user]
    record = assignment.history.get()
    assert record.history_change_reason == "Assigned in the admin"
    assert record.history_user == secretariat_client.staff
    assert response.url == reverse("admin:stakeholders_roleassignment_changelist")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "country", "A country focal point must be limited to a country."),
        (
            {"role": Role.SECRETARIAT, "country": "COUNTRY"},
            "country",
            "Secretariat staff act for the whole partnership: no scope.",
        ),
        (
            {"country": "COUNTRY", "ends_on": "2026-01-05"},
            "ends_on",
            "The end date must be after the start date.",
        ),
    ],
)
def test_the_admin_refuses_what_the_service_refuses(secretariat_client, changes, field, message):
    user, country = UserFactory(), CountryFactory(code="RU")
    if changes.get("country") == "COUNTRY":
        changes = {**changes, "country": country.pk}
    data = _form(user, **changes)
    with pytest.raises(Exception) as refused_by_service:
        services.role_assign(
            user=user,
            role=data["role"],
            country=country if data["country"] else None,
            starts_on=datetime.date(2026, 1, 5),
            ends_on=datetime.date.fromisoformat(data["ends_on"]) if data["ends_on"] else None,
        )
    assert message in str(refused_by_service.value)
    errors = _refused(_add(secretariat_client, data))
    assert message in errors[field]
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_ending_a_role_in_the_admin_goes_through_role_end(secretariat_client, monkeypatch):
    assignment = RoleAssignmentFactory(starts_on=datetime.date(2026, 1, 5))
    ended = []
    original = services.role_end

    def spy(**kwargs):
        ended.append(kwargs["on"])
        return original(**kwargs)

    monkeypatch.setattr(services, "role_end", spy)
    data = _form(assignment.user, country=assignment.country_id, ends_on="2026-03-01")
    response = _change(secretariat_client, assignment, data)
    assert response.status_code == 302, _refused(response)
    assert ended == [datetime.date(2026, 3, 1)]
    assignment.refresh_from_db()
    assert assignment.ends_on == datetime.date(2026, 3, 1)
    latest = assignment.history.latest()
    assert latest.history_change_reason == "Ended in the admin"
    assert latest.history_user == secretariat_client.staff


def test_changing_a_role_in_the_admin_goes_through_role_update(secretariat_client):
    assignment = RoleAssignmentFactory(starts_on=datetime.date(2026, 1, 5))
    other = CountryFactory(code="RU")
    data = _form(assignment.user, country=other.pk, note="moved")
    response = _change(secretariat_client, assignment, data)
    assert response.status_code == 302, _refused(response)
    assignment.refresh_from_db()
    assert (assignment.country, assignment.note) == (other, "moved")
    assert assignment.history.latest().history_change_reason == "Changed in the admin"


def test_a_service_refusal_is_a_form_error_not_a_500(secretariat_client, monkeypatch):
    """A refusal only the service makes (a stand-in here) comes back on the
    form, with what was typed kept and nothing saved."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"note": "Refused by the service."})

    monkeypatch.setattr(services, "role_update", refuse)
    assignment = RoleAssignmentFactory(starts_on=datetime.date(2026, 1, 5))
    data = _form(assignment.user, country=assignment.country_id, note="typed")
    response = _change(secretariat_client, assignment, data)
    assert _refused(response) == {"note": ["Refused by the service."]}
    assert response.context["adminform"].form["note"].value() == "typed"
    assignment.refresh_from_db()
    assert assignment.note == ""


def test_deleting_a_role_in_the_admin_goes_through_the_service(secretariat_client, monkeypatch):
    removed = []
    original = services.role_delete

    def spy(**kwargs):
        removed.append(kwargs["assignment"].pk)
        return original(**kwargs)

    monkeypatch.setattr(services, "role_delete", spy)
    one, two, three = (RoleAssignmentFactory() for _ in range(3))
    url = reverse("admin:stakeholders_roleassignment_delete", args=[one.pk])
    assert secretariat_client.post(url, {"post": "yes"}).status_code == 302
    response = secretariat_client.post(
        reverse("admin:stakeholders_roleassignment_changelist"),
        {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert sorted(removed) == sorted([one.pk, two.pk, three.pk])
    deleted = RoleAssignment.history.filter(id=one.pk, history_type="-").get()
    assert deleted.history_change_reason == "Deleted in the admin"
