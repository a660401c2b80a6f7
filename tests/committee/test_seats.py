"""Committee seats: a term gives the committee role and takes it away."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from committee import services
from committee.models import CommitteeSeat
from tests.factories import CountryFactory, PersonFactory, StakeholderTypeFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_a_seat_gives_the_role_for_its_term_only():
    today = timezone.localdate()
    person = PersonFactory(user=UserFactory())
    seat = services.seat_assign(
        holder=person,
        stakeholder_type=StakeholderTypeFactory(),
        country=CountryFactory(code="RU"),
        term_start=today - datetime.timedelta(days=10),
        term_end=today + datetime.timedelta(days=1),
    )
    assert fresh(person.user).has_perm("committee.review")
    services.seat_end(seat=seat, on=today)  # the term ends today: the role stops today
    assert not fresh(person.user).has_perm("committee.review")
    assert seat.role_assignment.ends_on == today
    assert not CommitteeSeat.objects.current().exists()
    # ended through the role service: the history says why
    latest = seat.role_assignment.history.latest()
    assert latest.ends_on == today
    assert latest.history_change_reason == "The committee term ends"


def test_a_seat_needs_a_holder_with_an_account_and_a_forward_term():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.seat_assign(
            holder=PersonFactory(user=None),
            stakeholder_type=StakeholderTypeFactory(),
            term_start=datetime.date(2026, 1, 1),
            term_end=datetime.date(2027, 1, 1),
        )
    with pytest.raises(ValidationError):
        services.seat_assign(
            holder=PersonFactory(user=UserFactory()),
            stakeholder_type=StakeholderTypeFactory(),
            term_start=datetime.date(2026, 1, 1),
            term_end=datetime.date(2025, 1, 1),
        )


def test_public_committee_page_lists_current_seats(client):
    person = PersonFactory(user=UserFactory(), full_name="Elena Sokolova")
    services.seat_assign(
        holder=person,
        stakeholder_type=StakeholderTypeFactory(slug="research", name="Research institutes"),
        country=CountryFactory(code="RU"),
        term_start=timezone.localdate() - datetime.timedelta(days=1),
        term_end=timezone.localdate() + datetime.timedelta(days=300),
    )
    body = client.get("/committee/").content.decode()
    assert "Elena Sokolova" in body
    assert "Research institutes" in body
