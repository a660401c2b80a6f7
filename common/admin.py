"""Admin helpers every app's admin may use: the inline that edits the
translations of a model's text fields (a working group's mandate, an
organisation's description) on that model's own admin page."""

from django import forms
from django.apps import apps
from django.contrib.contenttypes.admin import BaseGenericInlineFormSet, GenericStackedInline
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .translations import FIELD_TRANSLATION_MODEL


class InlineFieldTranslationFormSet(BaseGenericInlineFormSet):
    """The translations of one object's fields. The generic relation is only
    set when a new row is saved, so the model's own checks cannot see it:
    the row is tied to its object before validation here, and one language
    per field is checked across the rows (the unique constraint would
    otherwise surface as a database error)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance is not None and self.instance.pk is not None:
            form.instance.content_type = ContentType.objects.get_for_model(self.instance)
            form.instance.object_id = self.instance.pk
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            key = (form.cleaned_data.get("field"), form.cleaned_data.get("language"))
            if key in seen:
                raise ValidationError(_("Each field has at most one translation per language."))
            seen.add(key)


def field_translation_inline(model_label: str) -> type[GenericStackedInline]:
    """An inline for the admin page of the model `model_label` ("app.model",
    a key of the translation model's `translatable_fields`): its fields'
    translations, edited there."""
    FieldTranslation = apps.get_model(FIELD_TRANSLATION_MODEL)
    field_names = FieldTranslation.translatable_fields[model_label]

    class InlineFieldTranslationForm(forms.ModelForm):
        field = forms.ChoiceField(
            label=_("field"),
            choices=[(name, name) for name in field_names],
            initial=field_names[0],
        )

        class Meta:
            model = FieldTranslation
            fields = ["field", "language", "source_language", "status", "text"]

    class FieldTranslationInline(GenericStackedInline):
        model = FieldTranslation
        form = InlineFieldTranslationForm
        formset = InlineFieldTranslationFormSet
        extra = 0
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    return FieldTranslationInline
