"""Forms for working groups and work plans (validation only; services write)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import add_model_errors, plain_decimal
from common.widgets import RichTextarea
from stakeholders.models import Organisation, Person

from .models import Currency, GroupRole, WorkPlan, WorkPlanItem


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    message = forms.CharField(
        label=_("Message to the group's leads (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, affiliations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[person.organisation_id for person in affiliations]
        )
        if len(affiliations) == 1:
            self.fields["organisation"].initial = affiliations[0].organisation_id


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=2000, required=False, widget=forms.TextInput
    )


class MemberAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.filter(
            user__isnull=False, organisation__status=Organisation.Status.ACTIVE
        )
        .select_related("organisation", "user")
        .order_by("full_name"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices, initial=GroupRole.MEMBER)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=GroupRole.choices)


class WorkPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(
        label=_("Period starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("Period ends"), widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=RichTextarea(attrs={"rows": 6}),
    )

    def clean(self):
        data = super().clean()
        period = {name: data.get(name) for name in ("period_start", "period_end")}
        add_model_errors(self, WorkPlan(**period), depends={"period_end": ("period_start",)})
        return data


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=RichTextarea(attrs={"rows": 6}),
    )


class WorkPlanItemForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    objective = forms.CharField(label=_("Objective"), max_length=300)
    output = forms.CharField(label=_("Output"), max_length=300, required=False)
    indicator = forms.CharField(label=_("Indicator"), max_length=200, required=False)
    target = forms.DecimalField(
        label=_("Target"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
        required=False,
    )
    starts_on = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("End"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget = forms.DecimalField(
        label=_("Budget"), max_digits=14, decimal_places=2, required=False, min_value=0
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False
    )
    resources = forms.CharField(
        label=_("Resources"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("People, equipment, in-kind contributions and funding sources."),
    )

    def clean(self):
        data = super().clean()
        item = WorkPlanItem(
            **{name: data.get(name) for name in ("starts_on", "ends_on", "target", "budget")}
        )
        item.unit = data.get("unit") or ""
        item.currency = data.get("currency") or ""
        add_model_errors(
            self,
            item,
            depends={"ends_on": ("starts_on",), "unit": ("target",), "currency": ("budget",)},
        )
        return data

    @staticmethod
    def initial_for(item: WorkPlanItem) -> dict:
        initial = {"id": item.pk, **{f: getattr(item, f) for f in WorkPlanItem.COMPARED_FIELDS}}
        # "120", not "120.00", in the boxes too
        for name in ("target", "budget"):
            initial[name] = plain_decimal(initial[name])
        return initial


WorkPlanItemFormSet = forms.formset_factory(
    WorkPlanItemForm, extra=1, can_delete=True, max_num=100, validate_max=True
)
