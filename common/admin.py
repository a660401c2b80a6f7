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
from .widgets import RichTextarea


class RichTextAdminMixin:
    """Edit the model's rich-text fields (`rich_text_fields`) with the editor."""

    rich_text_fields = ("body",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            kwargs["widget"] = RichTextarea(attrs={"rows": 16})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


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


class _Refused(Exception):
    def __init__(self, error: ValidationError):
        super().__init__(error)
        self.error = error


class ServiceAdminMixin:
    """For a ModelAdmin whose saves go through the services (as the site's
    pages and the API do): call `self.refuse_unless(...)` around a service in
    save_model, delete_model or save_formset, and a ValidationError it raises
    comes back as errors on the form, with what was typed kept, not as a 500.

    The admin's transaction is rolled back first; the form is then shown once
    more, its fields checked again and the service's messages added (each
    under the field it names, else above the form)."""

    def refuse_unless(self, service, /, **kwargs):
        try:
            return service(**kwargs)
        except ValidationError as error:
            raise _Refused(error) from None

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            if request.method != "POST":
                raise
            request._service_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        if refusal is None:
            return form

        class RefusedForm(form):
            def _post_clean(self):
                super()._post_clean()
                from .forms import add_service_errors

                add_service_errors(self, refusal, skip_repeats=True)

        return RefusedForm
