from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import add_model_errors

from .models import CommitteeSeat, DecisionRule, Position, ReviewDecision, ReviewRequest


class QueueFilterForm(forms.Form):
    AGES = [
        ("", _("Any age")),
        ("7", _("Waiting more than a week")),
        ("30", _("Waiting more than a month")),
    ]
    group = forms.ModelChoiceField(
        label=_("Working group"),
        # the working groups (the model the request's group points to)
        queryset=ReviewRequest._meta.get_field("group").related_model.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All groups"),
    )
    older_than = forms.ChoiceField(label=_("Age"), choices=AGES, required=False)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.Outcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kind is not None:  # each kind names the two outcomes its own way
            self.fields["outcome"].choices = [
                (ReviewDecision.Outcome.APPROVE, kind.approve_label),
                (ReviewDecision.Outcome.REQUEST_CHANGES, kind.request_changes_label),
            ]

    comment = forms.CharField(
        label=_("Comment (required unless you approve)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("outcome") == ReviewDecision.Outcome.REQUEST_CHANGES
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Say what should change."))
        return data


class PositionForm(forms.Form):
    prefix = "position"  # several forms share the review page: ids stay unique
    stance = forms.ChoiceField(
        label=_("Your position"), choices=Position.Stance.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (required when you object)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("stance"):
            add_model_errors(
                self, Position(stance=data["stance"], comment=data.get("comment") or "")
            )
        return data


class CommentForm(forms.Form):
    prefix = "note"
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_submitter = forms.BooleanField(
        label=_("Address it to the submitter (they will see it)"), required=False
    )

    def __init__(self, *args, to_submitter: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not to_submitter:  # the submitter's own comments always reach them
            del self.fields["to_submitter"]


class ProcedureForm(forms.Form):
    prefix = "procedure"
    deadline = forms.DateTimeField(
        label=_("Deadline for positions"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("In your time zone. The procedure closes by itself at this moment."),
    )


class MeetingDecisionForm(DecisionForm):
    """The decision a meeting took, recorded with a link to its minutes."""

    prefix = "meeting"

    minutes_url = forms.URLField(
        label=_("Link to the meeting minutes"),
        max_length=500,
        assume_scheme="https",
    )


class DecisionRuleForm(forms.ModelForm):
    class Meta:
        model = DecisionRule
        fields = ["method", "quorum_percent", "publish_positions", "chair", "procedure_days"]
        widgets = {"method": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = CommitteeSeat.objects.current().select_related(
            "holder", "country", "stakeholder_type"
        )
