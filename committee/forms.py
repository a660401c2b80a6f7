from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReviewDecision, ReviewRequest


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
