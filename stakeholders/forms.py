"""Forms for members: thin, they validate input and hand over to services."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.singleline import validate_single_line
from common.uploads import validate_image_upload
from common.widgets import RichTextarea

from .models import (
    Country,
    MembershipApplication,
    Organisation,
    Person,
    RoleAssignment,
    StakeholderType,
)
from .selectors import likely_duplicate_organisation


def _duplicate_error(existing: Organisation):
    return format_html(
        '{} <a href="{}">{}</a>',
        _("An organisation with nearly the same name is already registered:"),
        existing.get_absolute_url(),
        existing,
    )


class ApplicationForm(forms.Form):
    """Apply for an existing organisation, or propose a new one."""

    EXISTING, NEW = "existing", "new"

    kind = forms.ChoiceField(
        label=_("I apply for"),
        choices=[
            (EXISTING, _("an organisation that is already a member")),
            (NEW, _("a new organisation")),
        ],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.exclude(status=Organisation.Status.WITHDRAWN).select_related(
            "country"
        ),
        required=False,
    )
    name = forms.CharField(label=_("Organisation name"), max_length=200, required=False)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False
    )
    stakeholder_type = forms.ModelChoiceField(
        label=_("Stakeholder type"), queryset=StakeholderType.objects.all(), required=False
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("What the organisation does"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    applicant_position = forms.CharField(label=_("Your position"), max_length=150)
    motivation = forms.CharField(
        label=_("Why do you want to join the partnership?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    NEW_ORGANISATION_FIELDS = (
        "name",
        "acronym",
        "country",
        "stakeholder_type",
        "website",
        "description",
    )

    def new_organisation_fields(self):
        return [self[name] for name in self.NEW_ORGANISATION_FIELDS]

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.EXISTING:
            if not data.get("organisation"):
                self.add_error("organisation", _("Choose the organisation you apply for."))
            return data
        for field in ("name", "country", "stakeholder_type"):
            if not data.get(field):
                self.add_error(field, _("This field is required for a new organisation."))
        name = (data.get("name") or "").strip()
        if name:
            existing = likely_duplicate_organisation(name)
            if existing is not None:
                self.add_error("name", _duplicate_error(existing))
        return data


class DecisionForm(forms.Form):
    """Approve, reject, or ask the applicant for more information. While the
    applicant has a question to answer, only rejecting is left (for an
    applicant who never answers)."""

    APPROVE, REJECT, ASK = "approve", "reject", "ask"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve")),
            (ASK, _("Ask for more information")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=_("Question (required to ask for more information; the applicant will read it)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(
        label=_("Reason (required to reject; the applicant will read it)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, waiting_for_applicant: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if waiting_for_applicant:
            self.fields["decision"].choices = [(self.REJECT, _("Reject"))]
            del self.fields["question"]

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the applicant a reason for the rejection."))
        if data.get("decision") == self.ASK and not (data.get("question") or "").strip():
            self.add_error("question", _("Ask the applicant a question."))
        return data


class ResubmitForm(forms.ModelForm):
    """The applicant answers the question and corrects the application
    (the fields `services.resubmittable_fields` allows); the model's own
    checks run on the edited application as the service will save it."""

    answer = forms.CharField(
        label=_("Your answer"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "answer",
            "name",
            "acronym",
            "country",
            "stakeholder_type",
            "website",
            "description",
            "applicant_position",
            "motivation",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, editable: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "answer" and name not in editable:
                del self.fields[name]
        if "website" in self.fields:
            self.fields["website"].assume_scheme = "https"

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "answer"}


class OrganisationChecksMixin:
    """Checks every organisation form shares: near-duplicate names, real images."""

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        existing = likely_duplicate_organisation(name, exclude_pk=self.instance.pk)
        if existing is not None:
            raise forms.ValidationError(_duplicate_error(existing))
        return name

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "content_type"):  # a new upload, not the stored file
            validate_image_upload(logo)
        return logo


class OrganisationForm(OrganisationChecksMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "name",
            "acronym",
            "website",
            "email",
            "phone",
            "address",
            "description",
            "logo",
        ]
        widgets = {
            "description": RichTextarea(attrs={"rows": 6}),
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }


class ContactPersonForm(forms.ModelForm):
    """One of the people who represent an organisation, and their function."""

    class Meta:
        model = Person
        fields = ["full_name", "position", "email", "is_focal_point"]
        labels = {"position": _("Function")}

    def clean(self):
        data = super().clean()
        if data.get("id") is not None and self.instance.pk is None:
            # a person of another organisation, named in a tampered form
            raise forms.ValidationError(_("This person is not listed for this organisation."))
        if data.get("DELETE") and self.instance.user_id:
            raise forms.ValidationError(
                _(
                    "%(name)s has a portal account: ask the secretariat to remove them, "
                    "so that their access ends too."
                )
                % {"name": self.instance.full_name}
            )
        return data


ContactPeopleFormSet = forms.modelformset_factory(
    Person, form=ContactPersonForm, extra=1, can_delete=True, max_num=30, validate_max=True
)


class ApplicationStatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *MembershipApplication.Status.choices],
        required=False,
    )


# --- Roles, from the people pages -------------------------------------------

REASON_MAX_LENGTH = 100  # the history's change reason holds 100 characters


def reason_field(label):
    return forms.CharField(
        label=label,
        max_length=REASON_MAX_LENGTH,
        validators=[validate_single_line],
        help_text=_("Kept in the role's history; everyone who may see this person reads it."),
    )


class RoleAssignForm(forms.ModelForm):
    """A new role for a person; the model's clean() holds the rules."""

    reason = reason_field(_("Reason for the assignment"))

    class Meta:
        model = RoleAssignment
        fields = ["role", "country", "stakeholder_type", "starts_on", "ends_on", "note"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


class RoleEndDateForm(forms.Form):
    ends_on = forms.DateField(
        label=_("New end date"),
        required=False,
        help_text=_("Leave empty for no end date. The role stops working on this day."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = reason_field(_("Reason for the change"))


class RoleEndForm(forms.Form):
    reason = reason_field(_("Reason for ending the role"))
