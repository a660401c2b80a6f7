"""Forms for meetings: thin, they read input and hand over to services.

Start and end are typed as the wall-clock time at the venue; the form turns
them into instants with the venue's time zone, whatever the zone of the
person typing.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.forms import add_model_errors
from common.widgets import RichTextarea
from stakeholders.models import Organisation

from .models import ActionItem, AgendaItem, GuestInvitation, Invitation, Meeting, VenueTimeZone

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class VenueDateTimeField(forms.DateTimeField):
    """A date and time as typed, without a time zone (the venue's is applied
    in `MeetingForm.clean`)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
    input_formats = [DATETIME_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def to_python(self, value):
        with timezone.override(datetime.UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None

    def prepare_value(self, value):
        return value  # never shift into the viewer's zone


def venue_wall_time(instant: datetime.datetime, zone) -> datetime.datetime:
    return timezone.localtime(instant, zone).replace(tzinfo=None)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=None,
        required=False,
        help_text=_("The group that meets, or that organises a public event."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of the venue"),
        choices=VenueTimeZone.choices,
        help_text=_("Start and end are the local time at the venue. Online: UTC."),
    )
    starts_at = VenueDateTimeField(label=_("Starts (venue time)"))
    ends_at = VenueDateTimeField(label=_("Ends (venue time)"))
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("Place and address; leave empty for an online meeting."),
    )
    online_url = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Most people who can attend; leave empty for no limit."),
    )

    # Edited after scheduling; kind and group stay as scheduled.
    CHANGEABLE = (
        "title",
        "description",
        "time_zone",
        "starts_at",
        "ends_at",
        "venue",
        "online_url",
        "capacity",
    )

    def __init__(self, *args, kinds=(), groups=None, fixed_group=None, meeting=None, **kwargs):
        self.meeting = meeting
        self.fixed_group = fixed_group
        if meeting is not None:
            zone = meeting.zoneinfo
            kwargs.setdefault(
                "initial",
                {
                    "title": meeting.title,
                    "description": meeting.description,
                    "time_zone": meeting.time_zone,
                    "starts_at": venue_wall_time(meeting.starts_at, zone),
                    "ends_at": venue_wall_time(meeting.ends_at, zone),
                    "venue": meeting.venue,
                    "online_url": meeting.online_url,
                    "capacity": meeting.capacity,
                },
            )
        super().__init__(*args, **kwargs)
        if meeting is not None:
            del self.fields["kind"]
            del self.fields["group"]
            return
        self.fields["kind"].choices = [
            (value, label) for value, label in Meeting.Kind.choices if value in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        if fixed_group is not None or groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups
            self.fields["group"].empty_label = _("— none —")

    def clean(self):
        data = super().clean()
        zone_key = data.get("time_zone")
        for name in ("starts_at", "ends_at"):
            if data.get(name) is not None and zone_key:
                data[name] = data[name].replace(tzinfo=zoneinfo.ZoneInfo(zone_key))
        # the meeting's own rules (time order and length, a place, the group
        # of a group meeting) are Meeting.clean's
        meeting = Meeting(
            kind=None,
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            venue=data.get("venue") or "",
            online_url=data.get("online_url") or "",
        )
        if self.meeting is None:
            kind = data.get("kind")
            group = self.fixed_group or data.get("group")
            data["group"] = None if kind == Meeting.Kind.COMMITTEE else group
            if "group" in self.fields:
                meeting.kind, meeting.group = kind, data["group"]
        add_model_errors(self, meeting, depends={"ends_at": ("starts_at",), "group": ("kind",)})
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CHANGEABLE}


class RsvpForm(forms.Form):
    ANSWERS = (
        Invitation.Response.YES,
        Invitation.Response.NO,
        Invitation.Response.MAYBE,
        Invitation.Response.SUBSTITUTE,
    )

    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(answer.value, answer.label) for answer in ANSWERS],
        widget=forms.RadioSelect,
    )
    substitute_email = forms.EmailField(
        label=_("Your substitute's email address"),
        required=False,
        help_text=_(
            "Anyone who goes in your place, from your organisation or another; "
            "without an account they are invited by email."
        ),
    )
    substitute_name = forms.CharField(
        label=_("Your substitute's name"), max_length=150, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("response") == Invitation.Response.SUBSTITUTE and not data.get(
            "substitute_email"
        ):
            self.add_error(
                "substitute_email",
                _("Give the email address of the person who goes in your place."),
            )
        return data


class GuestAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (answer.value, answer.label)
            for answer in GuestInvitation.Response
            if answer != GuestInvitation.Response.NONE
        ],
        widget=forms.RadioSelect,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the invitees)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        help_text=_(
            "Members are invited on the portal; anyone else gets the invitation by email "
            "with a personal link to answer."
        ),
    )
    name = forms.CharField(
        label=_("Name (for a guest without an account)"), max_length=150, required=False
    )
    organisation_name = forms.CharField(
        label=_("Organisation (for a guest)"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the guest's mails"),
        choices=settings.LANGUAGES,
        initial="en",
        required=False,
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=200_000,
        widget=RichTextarea(attrs={"rows": 16}, policy="minutes"),
        help_text=_(
            "Headings, paragraphs, lists, links, bold and italics, quotations and simple "
            "tables. Without the editor, write plain text: a blank line starts a new "
            "paragraph."
        ),
    )


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes"]


class ActionItemForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("action item", "Action"), max_length=300)
    assignee_user = forms.ModelChoiceField(
        label=_("Assigned to a person"),
        queryset=None,
        required=False,
        help_text=_("Choose a person or an organisation, not both."),
    )
    assignee_guest = forms.ModelChoiceField(
        label=_("Assigned to a guest"),
        queryset=None,
        required=False,
        help_text=_("Someone invited by email address, without an account."),
    )
    assignee_organisation = forms.ModelChoiceField(
        label=_("Assigned to an organisation"),
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("name"),
        required=False,
    )
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, people, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee_user"].queryset = people
        self.fields["assignee_guest"].queryset = guests
        if not guests.exists():
            del self.fields["assignee_guest"]
        self.fields["assignee_user"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )

    def clean(self):
        data = super().clean()
        item = ActionItem(
            assignee_user=data.get("assignee_user"),
            assignee_organisation=data.get("assignee_organisation"),
            assignee_guest=data.get("assignee_guest"),
        )
        add_model_errors(
            self,
            item,
            depends={"assignee_user": ("assignee_organisation", "assignee_guest")},
        )
        return data


class DocumentAttachForm(forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=None)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
