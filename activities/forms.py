"""Forms for one activity and its report: they check input and hand over to
the services (`services.py`), whose errors are shown on the fields they name.

Plain forms, not model forms: the services build, validate and save the rows,
so a rule lives in one place. Numbers are typed into text boxes with a decimal
keyboard rather than `type="number"`: a browser silently empties a number box
holding "12 km", and the form must say what was wrong instead.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import get_objects_for_user

from common.authz import roles_of
from common.forms import add_model_errors
from common.uploads import validate_image_upload
from common.vocabulary import ActionArea
from common.widgets import RichTextarea
from documents.forms import DocumentFileField
from documents.models import Document
from documents.selectors import visibility_filter
from stakeholders.models import Country, Organisation, Person
from workinggroups.models import WorkingGroup

from .models import Activity, IndicatorType, ProtectedArea

PHOTO_MAX_BYTES = 10 * 1024 * 1024  # as services.report_add_photo checks
PHOTO_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


def _document_languages():
    return settings.DOCUMENT_LANGUAGES


def _decimal_input(**attrs):
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", **attrs})


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def indicator_value_field(label, *, required=False) -> forms.DecimalField:
    """A planned or achieved indicator value: a number, not negative."""
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        widget=_decimal_input(),
        error_messages={
            "invalid": _("Enter a number, such as 120 or 12.5."),
            "min_value": _("An indicator value cannot be negative."),
            "max_digits": _("Enter a number of at most ten digits before the decimal point."),
            "max_decimal_places": _("Give at most two decimal places."),
        },
    )


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.local_name} ({obj.country})"


def groups_for_activities(user):
    """Open groups whose work plans `user` may edit: the groups they may file
    an activity under (all of them for the secretariat)."""
    groups = WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED).order_by("name")
    if roles_of(user).is_secretariat:
        return groups
    allowed = get_objects_for_user(
        user, "workinggroups.edit_workplan", klass=WorkingGroup, accept_global_perms=False
    )
    return groups.filter(pk__in=allowed.values("pk"))


def lead_organisations_for(user, groups):
    """Organisations `user` may propose an activity for: all active ones for
    the secretariat; those they represent; and, for a member of a working
    group, the organisations they work for (the activity is then the group's)."""
    active = Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("name")
    if roles_of(user).is_secretariat:
        return active
    people = Person.objects.filter(user=user)
    if not groups.exists():
        people = people.filter(is_representative=True)
    return active.filter(pk__in=people.values("organisation_id"))


class ActivityForm(forms.Form):
    """Propose or edit an activity, with a planned value per indicator type."""

    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("Description"),
        max_length=10000,
        widget=RichTextarea(attrs={"rows": 6}),
        help_text=_("What will be done, by whom, and why it matters for tigers and leopards."),
    )
    kind = forms.ChoiceField(label=_("Type of activity"), choices=Activity.Kind.choices)
    action_area = forms.ChoiceField(
        label=_("Action area"), choices=ActionArea.choices, widget=forms.RadioSelect
    )
    cooperation = forms.ChoiceField(
        label=_("Cooperation level"),
        choices=Activity.Cooperation.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Communication: sharing information; collaboration: working together; "
            "coordination: aligning measures and policies."
        ),
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("It cannot be changed once the activity is proposed."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Other organisations taking part"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several."),
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one country.")},
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=WorkingGroup.objects.none(),
        required=False,
        empty_label=_("No group"),
        help_text=_("Only the groups whose work plans you may edit are listed."),
    )
    protected_areas = AreaChoiceField(
        label=_("Protected areas"),
        queryset=ProtectedArea.objects.select_related("country"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each must lie in one of the activity's countries."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        widget=_decimal_input(),
        help_text=_("Decimal degrees, north positive: 43.1 for 43.1° N."),
        error_messages={"invalid": _("Enter the latitude as a number, such as 43.1.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        widget=_decimal_input(),
        help_text=_("Decimal degrees, east positive: 131.4 for 131.4° E."),
        error_messages={"invalid": _("Enter the longitude as a number, such as 131.4.")},
    )
    location_sensitive = forms.BooleanField(
        label=_("Sensitive location"),
        required=False,
        help_text=Activity._meta.get_field("location_sensitive").help_text,
    )
    starts_on = forms.DateField(label=_("Start"), widget=_date_input())
    ends_on = forms.DateField(label=_("End"), widget=_date_input())

    # what Activity.clean reads, and what each of its rules reads besides its field
    PLACE_AND_DATE_FIELDS = ("latitude", "longitude", "location_sensitive", "starts_on", "ends_on")
    PLACE_AND_DATE_DEPENDS = {
        "latitude": ("longitude",),
        "longitude": ("latitude",),
        "location_sensitive": ("latitude", "longitude"),
        "ends_on": ("starts_on",),
    }
    PLACE_FIELDS = ("countries", "protected_areas", "latitude", "longitude", "location_sensitive")
    MODEL_FIELDS = (
        "title",
        "description",
        "kind",
        "action_area",
        "cooperation",
        "lead_organisation",
        "group",
        "latitude",
        "longitude",
        "location_sensitive",
        "starts_on",
        "ends_on",
    )

    def __init__(self, *args, user, activity: Activity | None = None, **kwargs):
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(activity)
        super().__init__(*args, **kwargs)
        self.user = user
        self.activity = activity
        self.is_secretariat = roles_of(user).is_secretariat
        groups = groups_for_activities(user)
        active = Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("name")
        self.fields["organisations"].queryset = active
        lead = self.fields["lead_organisation"]
        if activity is None:
            lead.queryset = lead_organisations_for(user, groups)
            if len(lead.queryset) == 1:
                lead.initial = lead.queryset[0].pk
            self.fields["group"].queryset = groups
        else:
            # fixed once proposed: shown, not sent back
            lead.queryset = Organisation.objects.filter(pk=activity.lead_organisation_id)
            lead.disabled = True
            lead.help_text = _("Fixed once the activity is proposed.")
            if activity.group_id:
                # the current group stays listed even for an editor outside it
                groups = WorkingGroup.objects.filter(
                    pk__in=[*groups.values_list("pk", flat=True), activity.group_id]
                ).order_by("name")
            self.fields["group"].queryset = groups
        self.indicator_types = list(IndicatorType.objects.all())
        for indicator_type in self.indicator_types:
            self.fields[self.planned_name(indicator_type)] = indicator_value_field(
                _("%(name)s (%(unit)s)") % {"name": indicator_type, "unit": indicator_type.unit}
            )

    @staticmethod
    def planned_name(indicator_type) -> str:
        return f"planned_{indicator_type.slug}"

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        initial = {name: getattr(activity, name) for name in cls.MODEL_FIELDS}
        initial["lead_organisation"] = activity.lead_organisation_id
        initial["group"] = activity.group_id
        initial["countries"] = list(activity.countries.values_list("pk", flat=True))
        initial["organisations"] = list(activity.organisations.values_list("pk", flat=True))
        initial["protected_areas"] = list(activity.protected_areas.values_list("pk", flat=True))
        for indicator in activity.indicators.select_related("indicator_type"):
            initial[cls.planned_name(indicator.indicator_type)] = indicator.planned
        return initial

    # --- groups of fields, for the template's fieldsets ----------------------------

    def _bound(self, names):
        return [self[name] for name in names if name in self.fields]

    def what_fields(self):
        return self._bound(["title", "description", "kind", "action_area", "cooperation"])

    def who_fields(self):
        return self._bound(["lead_organisation", "organisations", "group"])

    def where_fields(self):
        return self._bound(self.PLACE_FIELDS)

    def when_fields(self):
        return self._bound(["starts_on", "ends_on"])

    def indicator_fields(self):
        return self._bound([self.planned_name(t) for t in self.indicator_types])

    # --- checks -----------------------------------------------------------------

    def _clean_coordinate(self, name, limit, message):
        value = self.cleaned_data.get(name)
        if value is None:
            return None
        if not -limit <= value <= limit:
            raise forms.ValidationError(message)
        return value.quantize(Decimal("0.00001"))

    def clean_latitude(self):
        return self._clean_coordinate(
            "latitude", 90, _("The latitude must be between -90 and 90 degrees.")
        )

    def clean_longitude(self):
        return self._clean_coordinate(
            "longitude", 180, _("The longitude must be between -180 and 180 degrees.")
        )

    def clean(self):
        data = super().clean()
        place = {name: data.get(name) for name in self.PLACE_AND_DATE_FIELDS}
        add_model_errors(self, Activity(**place), depends=self.PLACE_AND_DATE_DEPENDS)
        self._check_lead(data)
        return data

    def _check_lead(self, data):
        """A representative proposes for their organisation; anyone else only
        as a member of the group the activity belongs to (the service checks
        again, this puts the message next to the field)."""
        lead = data.get("lead_organisation")
        if self.activity is not None or lead is None or self.is_secretariat:
            return
        represents = lead.people.filter(user=self.user, is_representative=True).exists()
        if not represents and not data.get("group") and "group" not in self.errors:
            self.add_error(
                "group",
                _(
                    "Only a representative of %(org)s may propose without a working group: "
                    "choose the group this activity belongs to."
                )
                % {"org": lead},
            )

    # --- for the services ---------------------------------------------------------

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.MODEL_FIELDS if name in data}
        if self.activity is not None:
            fields.pop("lead_organisation", None)
        return {
            "fields": fields,
            "countries": list(data["countries"]),
            "organisations": list(data["organisations"]),
            "protected_areas": list(data["protected_areas"]),
            "planned": {t: data.get(self.planned_name(t)) for t in self.indicator_types},
        }


class CompleteForm(forms.Form):
    """Completing an activity; before its start, only as "completed early"."""

    completed_early = forms.BooleanField(
        label=_("Completed early, before its planned start"), required=False
    )
    completed_early_reason = forms.CharField(
        label=_("Why it was completed early"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    """The report of a completed activity: what was done, the achieved value
    of each indicator, and evidence documents (existing ones or a new file)."""

    narrative = forms.CharField(
        label=_("What was done"),
        max_length=20000,
        widget=RichTextarea(attrs={"rows": 8}),
        help_text=_("Where, when, who took part, what was found and what comes next."),
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence documents from the library"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_(
            "Documents you may see in the library. Hold Ctrl (⌘ on a Mac) to choose several."
        ),
    )
    evidence_file = DocumentFileField(label=_("Upload a new evidence document"), required=False)
    evidence_title = forms.CharField(
        label=_("Title of the new document"),
        max_length=250,
        required=False,
        help_text=_(
            "The document goes to the library for partnership members, and is attached "
            "to this report."
        ),
    )
    evidence_language = forms.ChoiceField(
        label=_("Language of the new document"),
        choices=_document_languages,
        initial="en",
        required=False,
    )

    def __init__(self, *args, user, activity: Activity, report=None, **kwargs):
        self.indicators = list(activity.indicators.select_related("indicator_type"))
        if report is not None and "initial" not in kwargs:
            initial = {"narrative": report.narrative, "evidence": list(report.evidence.all())}
            for indicator in self.indicators:
                initial[self.achieved_name(indicator)] = indicator.achieved
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = self.fields["evidence_file"].help_text % {
            "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)
        }
        documents = Document.objects.order_by("title")
        condition = visibility_filter(user)
        if condition is not None:
            documents = documents.filter(condition)
        self.fields["evidence"].queryset = documents
        for indicator in self.indicators:
            field = indicator_value_field(
                _("%(name)s achieved (%(unit)s)")
                % {"name": indicator.indicator_type, "unit": indicator.indicator_type.unit}
            )
            field.help_text = _("Planned: %(planned)s") % {
                "planned": f"{indicator.planned.normalize():f}"
            }
            self.fields[self.achieved_name(indicator)] = field

    @staticmethod
    def achieved_name(indicator) -> str:
        return f"achieved_{indicator.indicator_type.slug}"

    def achieved_fields(self):
        return [self[self.achieved_name(indicator)] for indicator in self.indicators]

    def clean(self):
        data = super().clean()
        if data.get("evidence_file") and not (data.get("evidence_title") or "").strip():
            self.add_error("evidence_title", _("Give the new document a title."))
        return data

    def achieved(self) -> dict:
        """Indicator pk → achieved value (None while unknown), for `report_save`."""
        return {
            indicator.pk: self.cleaned_data.get(self.achieved_name(indicator))
            for indicator in self.indicators
        }


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("PNG, JPEG, WebP or GIF; at most 10 MB."),
    )
    alt_text = forms.CharField(
        label=_("Description for people who cannot see the photo"),
        max_length=300,
        help_text=_("Say what the photo shows, e.g. “Rangers removing a wire snare by a stream”."),
        error_messages={
            "required": _("Describe the photo for people who cannot see it."),
        },
    )
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)

    def clean_image(self):
        image = self.cleaned_data["image"]
        # checked here for a message next to the field; the service checks again
        validate_image_upload(image, max_bytes=PHOTO_MAX_BYTES)
        return image

    def clean_alt_text(self):
        text = self.cleaned_data["alt_text"].strip()
        if not text:
            raise forms.ValidationError(_("Describe the photo for people who cannot see it."))
        return text
