"""Forms for the library: they check input and hand over to the services.

Plain forms, not model forms: the services build and validate the rows, and
their errors are shown on the fields they concern."""

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from common.forms import add_model_errors
from workinggroups.models import WorkingGroup

from .models import Document
from .selectors import groups_for_upload
from .validation import ACCEPT_ATTRIBUTE, validate_document_upload

ACCESS_CHOICES = [
    (Document.Access.PUBLIC, _("Public — everyone, also visitors who are not signed in")),
    (
        Document.Access.MEMBERS,
        _("Partnership members — people who work for a member organisation"),
    ),
    (Document.Access.GROUP, _("Group members only — the members of the chosen working group")),
]


def _languages():
    return settings.DOCUMENT_LANGUAGES


class DocumentFileField(forms.FileField):
    """A file checked by size and by content (see `validation.py`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("File"))
        kwargs.setdefault(
            "help_text",
            _("PDF, Word, Excel, PowerPoint, OpenDocument, CSV, PNG or JPEG; at most %(limit)s."),
        )
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            # Checked here for a field error next to the file; the service checks again.
            validate_document_upload(upload)
        return upload


def _limit_help(field):
    field.help_text = field.help_text % {"limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


class DocumentDetailsForm(forms.Form):
    """What describes a document: shared by the upload and edit forms."""

    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(label=_("Language of the document"), choices=_languages)
    access = forms.ChoiceField(
        label=_("Who may see and download it"),
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect,
        initial=Document.Access.MEMBERS,
    )
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=None,
        required=False,
        empty_label=_("No group"),
        help_text=_(
            "Needed for a group-only document. Only the groups you may add documents to are listed."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["group"].queryset = groups_for_upload(user)
        self.may_add_without_group = user.has_perm("documents.add_document")
        if not self.may_add_without_group:
            self.fields["group"].required = True
            self.fields["group"].empty_label = None

    def clean(self):
        data = super().clean()
        document = Document(access=data.get("access"), group=data.get("group"))
        add_model_errors(self, document, depends={"group": ("access",)})
        return data


class DocumentCreateForm(DocumentDetailsForm):
    file = DocumentFileField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_help(self.fields["file"])


class DocumentEditForm(DocumentDetailsForm):
    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        if document.group_id is not None:
            # The current group stays listed even for an editor who may not add to it.
            field.queryset = WorkingGroup.objects.filter(
                Q(pk__in=field.queryset.values("pk")) | Q(pk=document.group_id)
            ).order_by("name")
        else:
            field.required = False
            field.empty_label = _("No group")


class VersionForm(forms.Form):
    file = DocumentFileField(label=_("New version of the file"))
    note = forms.CharField(
        label=_("What changed"),
        max_length=300,
        required=False,
        help_text=_("A line for readers, such as “Figures for 2025 added”."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_help(self.fields["file"])
