"""The /data/ filters (a GET form, so a filtered view has an address to share)
and the import upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import ProtectedArea
from common import textfiles
from common.names import LocalisedModelChoiceField
from stakeholders.models import Country

from .models import FIRST_YEAR, LAST_YEAR, ImportJob, Species
from .selectors import DataFilter


class DataFilterForm(forms.Form):
    species = forms.ChoiceField(
        label=_("Species"), required=False, choices=[("", _("All species")), *Species.choices]
    )
    country = LocalisedModelChoiceField(
        label=_("Country"),
        required=False,
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    area = LocalisedModelChoiceField(
        label=_("Protected area"),
        required=False,
        queryset=ProtectedArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All protected areas"),
    )
    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, countries=None, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices loaded once by the view (also shown as the form's options).
        if countries is not None:
            self.fields["country"].queryset = countries
        if areas is not None:
            self.fields["area"].queryset = areas
        for name in ("year_from", "year_to"):
            # a year is four digits: a narrow field (`size` is not allowed on a number)
            self.fields[name].widget.attrs.update(inputmode="numeric", **{"class": "input-year"})

    def clean(self):
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("The last year must not be before the first."))
        return data

    def to_filter(self) -> DataFilter:
        data = self.cleaned_data
        return DataFilter(
            species=data.get("species") or "",
            country=data["country"].pk if data.get("country") else None,
            area=data["area"].pk if data.get("area") else None,
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )


class ImportForm(forms.Form):
    centre = forms.ModelChoiceField(label=_("Publishing centre"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("The file holds"), choices=ImportJob.Kind.choices)
    file_format = forms.ChoiceField(label=_("Format"), choices=ImportJob.Format.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A CSV or XLSX file made from the template, or a SMART export."),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV files)"),
        choices=textfiles.ENCODING_CHOICES,
        initial=textfiles.AUTO,
        required=False,
        help_text=_(
            "How the CSV file was saved. Leave “Detect automatically” unless the preview "
            "shows garbled text."
        ),
    )

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        from activities.models import InformationCentre

        self.fields["centre"].queryset = InformationCentre.objects.filter(
            pk__in=[centre.pk for centre in centres]
        )
        self.fields["file"].widget.attrs["accept"] = (
            ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    def clean_encoding(self):
        return self.cleaned_data.get("encoding") or textfiles.AUTO
