"""The site form centre staff write articles with. Thin: it checks the input
(the image's real content, the alternative text, the centre) and the
services do the rest (permissions, publication rules, sanitising)."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.singleline import validate_single_line
from common.uploads import validate_image_upload
from common.widgets import RichTextarea
from stakeholders.models import Country

from .models import Article, Topic

DEFAULT_IMAGE_MAX_BYTES = 5 * 1024 * 1024


class ArticleForm(forms.ModelForm):
    author_centre = forms.ModelChoiceField(
        label=_("Information centre"), queryset=None, empty_label=None
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        help_text=_(
            "For “Scheduled”: when the article appears, in your time zone. "
            "For “Published”: leave empty for now."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "summary",
            "body",
            "lead_image",
            "lead_image_alt",
            "author_centre",
            "countries",
            "topics",
            "status",
            "publish_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": RichTextarea(attrs={"rows": 16}),
            "lead_image": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp,image/gif"}
            ),
        }
        help_texts = {
            "body": _(
                "Headings, paragraphs, lists, links, bold and italics, quotations and simple "
                "tables. Without the editor, write plain text: a blank line starts a new "
                "paragraph."
            ),
        }

    def __init__(self, *args, centres, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author_centre"].queryset = centres
        if self.instance.pk and self.instance.publish_at:
            # shown to the minute, so an untouched time is not a change
            self.initial["publish_at"] = self.instance.publish_at.replace(second=0, microsecond=0)

    def _post_clean(self):
        # The model is checked by the service (after the permission checks),
        # not by the form, so its errors come back through add_service_errors.
        pass

    def clean_lead_image(self):
        image = self.cleaned_data.get("lead_image")
        if isinstance(image, UploadedFile):
            max_bytes = getattr(settings, "NEWS_MAX_IMAGE_BYTES", DEFAULT_IMAGE_MAX_BYTES)
            validate_image_upload(image, max_bytes=max_bytes)
        return image

    def clean(self):
        data = super().clean()
        image = data.get("lead_image")
        keeps_image = image is not False and (image or self.instance.lead_image)
        if keeps_image and not (data.get("lead_image_alt") or "").strip():
            self.add_error(
                "lead_image_alt",
                _("Describe the image for readers who cannot see it (alternative text)."),
            )
        if data.get("status") == Article.Status.SCHEDULED and not data.get("publish_at"):
            self.add_error("publish_at", _("Give the time a scheduled article appears."))
        return data

    def article_fields(self, *, changed_only: bool = False) -> dict:
        """The model fields to hand to the service (m2m apart)."""
        names = [
            name
            for name in self.Meta.fields
            if name not in ("countries", "topics")
            and (not changed_only or name in self.changed_data)
        ]
        fields = {name: self.cleaned_data[name] for name in names}
        if "lead_image" in fields and not fields["lead_image"]:
            if fields["lead_image"] is False:  # "clear" ticked: the text goes with the image
                fields["lead_image_alt"] = ""
            fields["lead_image"] = ""
        return fields


class TranslationForm(forms.Form):
    """A translation of one original, field by field (the original's fields:
    title, summary and text of an article; the one text of a mandate...)."""

    LIMITS = {"title": 200, "summary": 600, "body": 50_000}

    def __init__(self, *args, kind, original, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in kind.fields:
            source_field = original._meta.get_field(name)
            label = capfirst(_("%(field)s, translated") % {"field": source_field.verbose_name})
            if name == "title":
                field = forms.CharField(
                    label=label, max_length=200, validators=[validate_single_line]
                )
            else:
                field = forms.CharField(
                    label=label,
                    max_length=self.LIMITS.get(name, 10_000),
                    required=name != "summary" or not source_field.blank,
                    strip=True,
                    widget=forms.Textarea(
                        attrs={"rows": 16 if name in kind.rich else 6}
                        | ({"data-rich-text": ""} if name in kind.rich else {})
                    ),
                )
                if name in kind.rich:
                    field.help_text = _(
                        "Paragraphs, lists, headings and links, as in the original; "
                        "anything else is removed when you save."
                    )
            self.fields[name] = field

    def texts(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.kind.fields}
