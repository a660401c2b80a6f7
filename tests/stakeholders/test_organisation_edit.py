"""Editing an organisation's profile: checks on names and uploads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from stakeholders import services
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def representative(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory(name="Hunchun Nature Reserve", slug="hunchun")
    user = UserFactory()
    services.person_make_representative(organisation=organisation, user=user)
    client.force_login(user)
    return organisation


def _png(size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "PNG")
    return buffer.getvalue()


def _post(client, organisation, **extra):
    data = {
        "name": organisation.name,
        "acronym": "",
        "website": "",
        "description": "About.",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return client.post(reverse("stakeholders:organisation_edit", args=[organisation.slug]), data)


def test_representative_edits_and_uploads_a_logo(client, representative):
    logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    response = _post(client, representative, website="hunchun.example", logo=logo)
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.website == "https://hunchun.example"
    assert representative.logo.name.startswith("logos/hunchun")


def test_a_file_that_is_not_an_image_is_refused(client, representative):
    fake = SimpleUploadedFile("logo.png", b"<?php echo 'hi'; ?>", content_type="image/png")
    response = _post(client, representative, logo=fake)
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "logo" in response.context["form"].errors
    representative.refresh_from_db()
    assert not representative.logo


@override_settings(PORTAL_MAX_LOGO_BYTES=1000)
def test_an_oversized_logo_is_refused(client, representative):
    big = SimpleUploadedFile("logo.png", _png((800, 800)), content_type="image/png")
    response = _post(client, representative, logo=big)
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "too large" in str(response.context["form"].errors["logo"])


def test_renaming_onto_an_existing_name_is_flagged(client, representative):
    other = OrganisationFactory(name="Land of the Leopard", slug="land-of-the-leopard")
    response = _post(client, representative, name="LAND of the leopard!")
    assert response.status_code == 400  # refused: the form again, with its errors
    assert other.get_absolute_url() in response.content.decode()
    representative.refresh_from_db()
    assert representative.name == "Hunchun Nature Reserve"


def test_overlong_description_is_refused_with_a_message(client, representative):
    response = _post(client, representative, description="x" * 6000)
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "at most 5000 characters" in response.content.decode()


def _contacts_post(client, organisation, rows, **extra):
    """The edit form with the listed contact rows (dicts of fields, "id" for existing)."""
    data = {
        "name": organisation.name,
        "acronym": "",
        "website": "",
        "description": "About.",
        "people-TOTAL_FORMS": str(len(rows)),
        "people-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is True:
                value = "on"
            if value is not False:
                data[f"people-{index}-{name}"] = value
    data.update(extra)
    return client.post(reverse("stakeholders:organisation_edit", args=[organisation.slug]), data)


def _representative_row(organisation, **changes):
    person = organisation.people.get(is_representative=True)
    row = {
        "id": str(person.pk),
        "full_name": person.full_name,
        "position": person.position,
        "email": person.email,
        "is_focal_point": person.is_focal_point,
    }
    row.update(changes)
    return row


def test_representative_keeps_contacts_and_people_up_to_date(client, representative):
    response = _contacts_post(
        client,
        representative,
        [
            _representative_row(representative, position="Director"),
            {
                "full_name": "Zhang Min",
                "position": "Press officer",
                "email": "press@hunchun.example",
            },
        ],
        email="office@hunchun.example",
        phone="+86 433 123 4567",
        address="1 Reserve Road\nHunchun, Jilin",
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    representative.refresh_from_db()
    assert representative.email == "office@hunchun.example"
    assert representative.phone == "+86 433 123 4567"
    assert representative.address == "1 Reserve Road\nHunchun, Jilin"
    assert representative.people.get(is_representative=True).position == "Director"
    added = representative.people.get(full_name="Zhang Min")
    assert added.user is None and added.position == "Press officer"

    profile = client.get(representative.get_absolute_url()).content.decode()
    assert "Zhang Min, Press officer" in profile
    assert "office@hunchun.example" in profile and "+86 433 123 4567" in profile

    # Each change is in the history, in plain words.
    page = client.get(reverse("stakeholders:organisation_edit", args=[representative.slug]))
    texts = [entry["text"] for entry in page.context["history"]]
    profile_change = next(t for t in texts if t.endswith("of the profile."))
    for label in ("contact email", "telephone", "postal address"):
        assert label in profile_change
    assert any("added Zhang Min" in t for t in texts)
    assert any("changed position of" in t for t in texts)

    # A contact without an account may be removed; one with an account may not.
    rows = [
        _representative_row(representative),
        {
            "id": str(added.pk),
            "full_name": "Zhang Min",
            "position": "Press officer",
            "email": "",
            "DELETE": True,
        },
    ]
    assert _contacts_post(client, representative, rows).status_code == 302
    assert not representative.people.filter(full_name="Zhang Min").exists()
    assert any(
        "removed Zhang Min" in entry["text"]
        for entry in client.get(
            reverse("stakeholders:organisation_edit", args=[representative.slug])
        ).context["history"]
    )
    response = _contacts_post(
        client, representative, [_representative_row(representative, DELETE=True)]
    )
    assert response.status_code == 400
    assert "ask the secretariat to remove them" in response.content.decode()
    assert representative.people.filter(is_representative=True).exists()


def test_a_bad_phone_or_email_is_refused_and_nothing_is_stored(client, representative):
    response = _contacts_post(
        client,
        representative,
        [{"full_name": "Li Na", "position": "Ranger", "email": ""}],
        phone="call me maybe",
    )
    assert response.status_code == 400
    assert "telephone number" in response.content.decode()
    response = _contacts_post(
        client,
        representative,
        [{"full_name": "Li Na", "position": "Ranger", "email": "not-an-email"}],
    )
    assert response.status_code == 400
    representative.refresh_from_db()
    assert representative.phone == ""
    assert not representative.people.filter(full_name="Li Na").exists()


def test_another_organisations_person_cannot_be_edited_through_this_form(client, representative):
    stranger = OrganisationFactory().people.create(full_name="Someone Else", position="Chief")
    rows = [{"id": str(stranger.pk), "full_name": "Hijacked", "position": "x", "email": ""}]
    response = _contacts_post(client, representative, rows)
    stranger.refresh_from_db()
    assert stranger.full_name == "Someone Else"
    assert response.status_code == 400
    assert not representative.people.filter(full_name="Hijacked").exists()
