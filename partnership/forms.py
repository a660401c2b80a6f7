"""Account forms: sign-up with a name, and the profile."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from common.singleline import validate_single_line
from common.translations import LANGUAGES as CONTENT_LANGUAGES

from .models import User


class SignupForm(AllauthSignupForm):
    # not a ModelForm: the model's one-line rule is asked for by name
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, validators=[validate_single_line]
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def save(self, request):
        user = super().save(request)
        user.full_name = self.cleaned_data["full_name"].strip()
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        user.save(update_fields=["full_name", "language"])
        return user


class ProfileForm(forms.ModelForm):
    translation_languages = forms.MultipleChoiceField(
        label=_("Languages I translate into"),
        choices=CONTENT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The translation workspace lists what still needs translating into these languages."
        ),
    )

    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone", "translation_languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["translation_languages"] = self.instance.translates_into

    def clean_translation_languages(self):
        chosen = set(self.cleaned_data["translation_languages"])
        return ",".join(code for code, _name in CONTENT_LANGUAGES if code in chosen)


class PositionForm(forms.Form):
    """The user's position in each organisation they belong to."""

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            self.fields[f"position_{person.pk}"] = forms.CharField(
                label=_("Position at %(org)s") % {"org": person.organisation.local_name},
                max_length=150,
                required=False,
                initial=person.position,
                validators=[validate_single_line],  # Person.position is one line
            )

    def changed_positions(self):
        for person in self.people:
            value = self.cleaned_data.get(f"position_{person.pk}", "").strip()
            if value != person.position:
                yield person, value
