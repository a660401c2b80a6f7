"""Bad input on the activity, report and photo forms: a field error next to
the field, the form back with what was typed (status 400), nothing saved,
never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Indicator, Report, ReportPhoto
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import IndicatorTypeFactory, ProtectedAreaFactory
from tests.factories.activities_extra import (
    completed,
    png_upload,
    propose,
    reported,
    representative_of,
    secretariat_user,
)
from tests.factories.committee import committee_chair
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def world(db):
    russia, china = CountryFactory(code="RU"), CountryFactory(code="CN")
    lead = OrganisationFactory(name="Land of the Leopard", country=russia)
    rep = representative_of(lead)
    return {
        "russia": russia,
        "china": china,
        "lead": lead,
        "rep": rep,
        "patrol_days": IndicatorTypeFactory(slug="patrol-days", name="patrol days", unit="days"),
        "hunchun": ProtectedAreaFactory(name="Hunchun Nature Reserve", country=china),
        "kedrovaya": ProtectedAreaFactory(name="Kedrovaya Pad", country=russia),
    }


def good_data(world, **changes):
    data = {
        "title": "Joint winter patrol",
        "description": "Rangers of both parks patrol the border section together.",
        "kind": "patrol",
        "action_area": "prey",
        "cooperation": "collaboration",
        "lead_organisation": world["lead"].pk,
        "countries": [world["russia"].pk],
        "protected_areas": [world["kedrovaya"].pk],
        "latitude": "43.1",
        "longitude": "131.4",
        "starts_on": "2026-01-10",
        "ends_on": "2026-02-20",
        "planned_patrol-days": "40",
    }
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def test_good_input_makes_a_proposal(client, world):
    client.force_login(world["rep"])
    response = client.post(reverse("activities:propose"), good_data(world))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.latitude is not None and str(activity.latitude) == "43.10000"
    assert list(activity.protected_areas.all()) == [world["kedrovaya"]]


BAD_INPUT = [
    ("end before start", {"ends_on": "2026-01-01"}, "ends_on", "must not be before the start"),
    ("latitude off the globe", {"latitude": "95"}, "latitude", "between -90 and 90"),
    ("latitude far south", {"latitude": "-90.5"}, "latitude", "between -90 and 90"),
    ("longitude off the globe", {"longitude": "-181"}, "longitude", "between -180 and 180"),
    ("latitude not a number", {"latitude": "north"}, "latitude", "as a number"),
    ("latitude infinite", {"latitude": "Infinity"}, "latitude", "as a number"),
    ("only a latitude", {"longitude": ""}, "longitude", "both latitude and longitude"),
    ("only a longitude", {"latitude": ""}, "latitude", "both latitude and longitude"),
    ("negative planned value", {"planned_patrol-days": "-5"}, "planned_patrol-days", "negative"),
    (
        "planned value not a number",
        {"planned_patrol-days": "forty"},
        "planned_patrol-days",
        "Enter a number",
    ),
    ("planned value NaN", {"planned_patrol-days": "NaN"}, "planned_patrol-days", "Enter a number"),
    (
        "protected area of another country",
        {"protected_areas": "HUNCHUN"},
        "protected_areas",
        "not in one of the activity's countries",
    ),
    ("no country", {"countries": None}, "countries", "at least one country"),
    ("no title", {"title": ""}, "title", "required"),
    ("impossible date", {"starts_on": "2026-02-31"}, "starts_on", "valid date"),
    ("unknown kind", {"kind": "hunting"}, "kind", "valid choice"),
    (
        "sensitive without a point",
        {"latitude": "", "longitude": "", "location_sensitive": "on"},
        "location_sensitive",
        "map point",
    ),
]


@pytest.mark.parametrize(
    ("case", "changes", "field", "message"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_is_a_field_error_and_nothing_is_saved(
    client, world, case, changes, field, message
):
    if changes.get("protected_areas") == "HUNCHUN":
        changes = {"protected_areas": [world["hunchun"].pk]}
    client.force_login(world["rep"])
    response = client.post(reverse("activities:propose"), good_data(world, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not Activity.objects.exists()
    assert not Indicator.objects.exists()
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Joint winter patrol" in html or case == "no title"  # what was typed comes back


def test_the_lead_must_be_an_organisation_the_user_represents(client, world):
    other = OrganisationFactory(name="Someone else", country=world["russia"])
    client.force_login(world["rep"])
    response = client.post(
        reverse("activities:propose"), good_data(world, lead_organisation=str(other.pk))
    )
    assert response.status_code == 400
    assert "lead_organisation" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_group_member_proposes_only_within_their_group(client, world):
    group = WorkingGroupFactory(name="Joint survey and monitoring")
    member = add_member(group, GroupRole.MEMBER, organisation=world["lead"]).user
    client.force_login(member)
    form = client.get(reverse("activities:propose")).context["form"]
    assert list(form.fields["lead_organisation"].queryset) == [world["lead"]]
    assert list(form.fields["group"].queryset) == [group]
    response = client.post(reverse("activities:propose"), good_data(world))
    assert response.status_code == 400
    assert "choose the group" in " ".join(response.context["form"].errors["group"])
    response = client.post(reverse("activities:propose"), good_data(world, group=str(group.pk)))
    assert response.status_code == 302
    assert Activity.objects.get().group == group


def test_a_partner_who_represents_nobody_and_is_in_no_group_has_no_lead_to_choose(client, world):
    from tests.factories import PersonFactory

    partner = UserFactory()
    PersonFactory(user=partner, organisation=world["lead"])  # works there, not a representative
    client.force_login(partner)
    form = client.get(reverse("activities:propose")).context["form"]
    assert not form.fields["lead_organisation"].queryset.exists()
    response = client.post(reverse("activities:propose"), good_data(world))
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_the_secretariat_may_propose_for_any_active_organisation(client, world):
    client.force_login(secretariat_user())
    response = client.post(reverse("activities:propose"), good_data(world))
    assert response.status_code == 302


def test_someone_outside_the_partnership_may_not_propose(client, world):
    client.force_login(UserFactory())
    assert client.get(reverse("activities:propose")).status_code == 403
    client.logout()
    response = client.get(reverse("activities:propose"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.fixture
def proposal(world):
    return propose(
        world["rep"], world["lead"], planned={world["patrol_days"]: 40}, title="Winter patrol"
    )


@pytest.mark.parametrize(
    ("case", "changes", "field", "message"),
    [c for c in BAD_INPUT if c[0] != "no title"],
    ids=[c[0] for c in BAD_INPUT if c[0] != "no title"],
)
def test_bad_input_on_the_edit_form_changes_nothing(
    client, world, proposal, case, changes, field, message
):
    if changes.get("protected_areas") == "HUNCHUN":
        changes = {"protected_areas": [world["hunchun"].pk]}
    client.force_login(world["rep"])
    url = reverse("activities:edit", args=[proposal.pk])
    response = client.post(url, good_data(world, title="Renamed", **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.title == "Winter patrol"
    assert proposal.indicators.get().planned == 40
    assert "Renamed" in response.content.decode()


def test_the_edit_form_saves_and_keeps_the_lead(client, world, proposal):
    other = OrganisationFactory(name="Someone else", country=world["russia"])
    client.force_login(world["rep"])
    url = reverse("activities:edit", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert form.fields["lead_organisation"].disabled
    assert form["title"].value() == "Winter patrol"
    response = client.post(
        url,
        good_data(
            world,
            title="Renamed",
            lead_organisation=str(other.pk),
            **{"planned_patrol-days": "55"},
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "Renamed"
    assert proposal.lead_organisation == world["lead"]
    assert proposal.indicators.get().planned == 55
    # an emptied indicator is no longer planned
    client.post(url, good_data(world, **{"planned_patrol-days": ""}))
    assert not proposal.indicators.exists()


def test_a_completed_activity_is_no_longer_edited(client, world):
    activity = completed(world["rep"], world["lead"], committee_chair())
    client.force_login(world["rep"])
    response = client.get(reverse("activities:edit", args=[activity.pk]), follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "A declined or completed activity is no longer edited." in messages


@pytest.fixture
def finished(world):
    return completed(
        world["rep"], world["lead"], committee_chair(), planned={world["patrol_days"]: 40}
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "negative"), ("lots", "Enter a number"), ("1e99", "ten digits"), ("1.234", "two")],
)
def test_bad_achieved_values_are_field_errors(client, world, finished, value, message):
    client.force_login(world["rep"])
    response = client.post(
        reverse("activities:report", args=[finished.pk]),
        {"narrative": "We patrolled.", "achieved_patrol-days": value},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors["achieved_patrol-days"])
    assert not Report.objects.exists()
    assert "We patrolled." in response.content.decode()


def test_a_report_needs_its_narrative(client, world, finished):
    client.force_login(world["rep"])
    response = client.post(reverse("activities:report", args=[finished.pk]), {"narrative": " "})
    assert response.status_code == 400
    assert "narrative" in response.context["form"].errors


@pytest.fixture
def draft(world):
    return reported(
        world["rep"],
        world["lead"],
        committee_chair(),
        submit=False,
        planned={world["patrol_days"]: 40},
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"alt_text": ""}, "alt_text", "Describe the photo"),
        ({"alt_text": "   "}, "alt_text", "Describe the photo"),
        (
            {"image": SimpleUploadedFile("photo.png", b"not an image at all")},
            "image",
            "not an image",
        ),
        (
            {"image": SimpleUploadedFile("photo.tif", b"II*\x00" + b"\x00" * 64)},
            "image",
            "image",
        ),
        ({"image": None}, "image", "required"),
    ],
)
def test_bad_photos_are_field_errors(client, world, draft, data, field, message):
    payload = {"image": png_upload(), "alt_text": "Rangers at the border", "caption": ""}
    payload.update(data)
    payload = {k: v for k, v in payload.items() if v is not None}
    client.force_login(world["rep"])
    response = client.post(reverse("activities:report_photo", args=[draft.activity_id]), payload)
    assert response.status_code == 400
    errors = response.context["photo_form"].errors
    assert message in " ".join(errors[field]), errors
    assert not ReportPhoto.objects.exists()


def test_an_oversized_photo_is_refused(client, world, draft, monkeypatch):
    from activities import forms

    monkeypatch.setattr(forms, "PHOTO_MAX_BYTES", 10)
    client.force_login(world["rep"])
    response = client.post(
        reverse("activities:report_photo", args=[draft.activity_id]),
        {"image": png_upload(), "alt_text": "Rangers"},
    )
    assert response.status_code == 400
    assert "too large" in " ".join(response.context["photo_form"].errors["image"])


def test_a_photo_before_the_report_is_written_is_refused(client, world, finished):
    client.force_login(world["rep"])
    response = client.post(
        reverse("activities:report_photo", args=[finished.pk]),
        {"image": png_upload(), "alt_text": "Rangers"},
        follow=True,
    )
    assert "Save the report before you add photos." in [
        str(m) for m in response.context["messages"]
    ]
    assert not ReportPhoto.objects.exists()


def test_the_form_says_so_when_there_is_no_organisation_to_propose_for(client, world):
    from tests.factories import PersonFactory

    partner = UserFactory()
    PersonFactory(user=partner, organisation=world["lead"])
    client.force_login(partner)
    assert (
        b"there is no organisation you can propose"
        in client.get(reverse("activities:propose")).content
    )
    client.force_login(world["rep"])
    assert b"there is no organisation" not in client.get(reverse("activities:propose")).content
