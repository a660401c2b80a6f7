"""The notification preferences form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_REMINDER_OFFSETS,
    REMINDER_OFFSET_CHOICES,
    AlertDelivery,
    AlertKind,
    NotificationPreference,
)


class PreferenceForm(forms.ModelForm):
    reminder_offsets = forms.TypedMultipleChoiceField(
        label=_("Remind me before a meeting"),
        choices=REMINDER_OFFSET_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose up to %(n)d times; none for no reminders.")
        % {"n": MAX_REMINDER_OFFSETS},
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Digest hour"),
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        coerce=int,
        help_text=_("In your time zone."),
    )

    class Meta:
        model = NotificationPreference
        fields = [
            "digest_frequency",
            "digest_hour",
            "email_digest",
            "email_reminders",
            "email_meeting_updates",
            "reminder_offsets",
        ]
        widgets = {"digest_frequency": forms.RadioSelect}

    def clean_reminder_offsets(self):
        offsets = sorted(set(self.cleaned_data["reminder_offsets"]), reverse=True)
        if len(offsets) > MAX_REMINDER_OFFSETS:
            raise forms.ValidationError(
                _("Choose at most %(n)d reminder times.") % {"n": MAX_REMINDER_OFFSETS}
            )
        return offsets


class AlertPreferenceForm(forms.Form):
    """For each kind of notice: at once by email, in the digest, or off (one
    group of radio buttons per kind, each a fieldset with its legend)."""

    def __init__(self, *args, choices: dict[str, str], **kwargs):
        kwargs.setdefault("prefix", "alerts")
        super().__init__(*args, **kwargs)
        for kind in AlertKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=AlertDelivery.choices,
                initial=choices[kind.value],
                widget=forms.RadioSelect,
                required=False,  # a kind left out keeps its choice
            )

    def chosen(self) -> dict[str, str]:
        return {kind: delivery for kind, delivery in self.cleaned_data.items() if delivery}
