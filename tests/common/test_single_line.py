"""Single-line text is single-line: a title, a name or any other one-line
field refuses line breaks and control characters, on the site's forms, in
the admin and through the API alike (`common/singleline.py`; the API's
test is in tests/api/test_bad_input.py), and nothing is stored. A meeting
title with a carriage return once broke every mail about the meeting."""

import datetime
import io

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from common import singleline
from meetings.models import Meeting
from tests.factories import UserFactory
from tests.factories.meetings import InvitationFactory, MeetingFactory
from tests.formdata import form_data
from tests.meetings.conftest import Team

pytestmark = pytest.mark.django_db

INJECTED = "Survey planning\rBcc: x@evil.example"
BAD_TITLES = [
    INJECTED,
    "Survey planning\nBcc: x@evil.example",
    "Survey\tplanning",
    "Survey\x00planning",
    "Survey\x7fplanning",
    "Survey\x85planning",
    "Survey\u2028planning",
    "Survey\u2029planning",
]
MESSAGE = "Keep this on a single line"


@pytest.fixture
def team(db):
    return Team()


def test_every_one_line_field_of_the_portal_refuses_control_characters():
    """The mechanism covers every CharField of the portal's apps but the few
    multi-line ones, and no TextField."""
    covered = unknown_exceptions = 0
    for model in apps.get_models():
        if model._meta.app_label not in singleline.portal_app_labels():
            continue
        for field in model._meta.local_fields:
            # simple_history's copies (HistoricalMeeting) follow their model
            label = f"{model._meta.label}.{field.name}".replace(".Historical", ".")
            has = singleline.validate_single_line in field.validators
            if isinstance(field, models.CharField):
                assert has == (label not in singleline.MULTI_LINE), label
                covered += has
            else:
                assert not has, label
    for label in singleline.MULTI_LINE:
        app_model, name = label.rsplit(".", 1)
        unknown_exceptions += not any(
            f.name == name for f in apps.get_model(app_model)._meta.local_fields
        )
    assert covered > 50
    assert unknown_exceptions == 0  # every exception names a real field
    assert singleline.validate_single_line in Meeting._meta.get_field("title").validators


def test_the_validator_needs_no_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.parametrize("title", BAD_TITLES)
def test_the_scheduling_form_refuses_a_title_on_two_lines(team, client, title):
    client.force_login(team.lead)
    data = {
        "kind": "group",
        "group": team.group.pk,
        "title": title,
        "description": "Bring the maps.\r\nAnd the cards.",  # a text area: lines allowed
        "time_zone": "Asia/Vladivostok",
        "starts_at": "2030-05-14T14:00",
        "ends_at": "2030-05-14T16:00",
        "venue": "Vladivostok",
        "online_url": "",
        "capacity": "",
    }
    response = client.post(reverse("meetings:new"), data)
    assert response.status_code == 200  # the form again, as for any field error
    errors = response.context["form"].errors
    expected = "Null characters are not allowed" if "\x00" in title else MESSAGE  # Django's own
    assert any(expected in error for error in errors["title"]), errors
    assert not Meeting.objects.exists()
    data["title"] = "Survey planning"
    assert client.post(reverse("meetings:new"), data).status_code == 302
    assert Meeting.objects.get().description == "Bring the maps.\r\nAnd the cards."


def test_the_admin_refuses_a_title_on_two_lines(secretariat_client):
    meeting = MeetingFactory(title="Survey planning")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_data(secretariat_client.get(url).content.decode(), "meeting_form")
    data["title"] = INJECTED
    response = secretariat_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert any(MESSAGE in error for error in errors["title"]), errors
    meeting.refresh_from_db()
    assert meeting.title == "Survey planning"


def test_a_user_name_is_single_line_too(client):
    user = UserFactory(full_name="Mika Member")
    user.full_name = "Mika\r\nMember"
    with pytest.raises(Exception, match=MESSAGE):
        user.full_clean()


def test_mail_about_a_meeting_still_sends(secretariat_client, django_capture_on_commit_callbacks):
    """A title as a mail header: the refused character never reaches it, and
    the mail about a changed meeting leaves."""
    meeting = MeetingFactory(title="Survey planning: Bcc x@evil.example")
    invitee = InvitationFactory(meeting=meeting).user
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_data(secretariat_client.get(url).content.decode(), "meeting_form")
    shown = datetime.date.fromisoformat(data["starts_at_0"])
    data["starts_at_0"] = (shown + datetime.timedelta(days=1)).isoformat()
    shown = datetime.date.fromisoformat(data["ends_at_0"])
    data["ends_at_0"] = (shown + datetime.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(url, data)
    assert response.status_code == 302
    (update,) = mail.outbox
    assert update.to == [invitee.email]
    assert "Survey planning: Bcc x@evil.example" in update.subject
    assert "\r" not in update.message()["Subject"] and update.bcc == []


def test_sign_up_refuses_a_name_on_two_lines(client, django_user_model):
    """The sign-up form is not a ModelForm: it asks for the same rule."""
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna\r\nBcc: x@evil.example",
            "email": "anna@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert any(MESSAGE in error for error in response.context["form"].errors["full_name"])
    assert not django_user_model.objects.filter(email="anna@example.org").exists()
    assert mail.outbox == []


def test_the_profile_refuses_a_name_or_position_on_two_lines(client):
    from tests.factories import PersonFactory

    person = PersonFactory(user=UserFactory(full_name="Ivan Ivanov"), position="Ranger")
    client.force_login(person.user)
    data = {"full_name": "Ivan Ivanov", "language": "en", "time_zone": "Asia/Vladivostok"}
    for changes in ({"full_name": "Ivan\rIvanov"}, {f"position_{person.pk}": "Senior\nranger"}):
        response = client.post(reverse("profile"), data | changes)
        assert response.status_code == 200
        assert MESSAGE in response.content.decode().replace("&#x27;", "'")
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert (person.user.full_name, person.position) == ("Ivan Ivanov", "Ranger")
