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
    data = {"name": organisation.name, "acronym": "", "website": "", "description": "About."}
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
