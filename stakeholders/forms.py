"""Forms for members: thin, they validate input and hand over to services."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.uploads import validate_image_upload
from common.widgets import RichTextarea

from .models import Country, MembershipApplication, Organisation, StakeholderType
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
        fields = ["name", "acronym", "website", "description", "logo"]
        widgets = {"description": RichTextarea(attrs={"rows": 6})}


class ApplicationStatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *MembershipApplication.Status.choices],
        required=False,
    )
