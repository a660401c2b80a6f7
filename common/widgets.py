"""Form widgets shared by the apps.

`RichTextarea` is a plain <textarea> that `static/js/rich-editor.js` turns
into a rich-text editor (Quill, vendored in `static/vendor/quill/`): headings,
paragraphs, lists, links, bold and italic, quotes and simple tables; pasting
from a word processor or a web page keeps that structure and drops the rest.
Whatever reaches the server, from the editor or typed as plain text into the
textarea when scripts are off, goes through the same nh3 policy
(`common.sanitize`), which turns plain text into paragraphs.
"""

import json

from django import forms
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .sanitize import clean_minutes, clean_rich_text, has_markup

# The editor's controls, named for screen readers (and shown as tooltips).
EDITOR_LABELS = {
    "toolbar": _("Text formatting"),
    "heading": _("Heading"),
    "subheading": _("Subheading"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "link": _("Link"),
    "linkPrompt": _("Address of the link (leave empty to remove the link):"),
    "ordered": _("Numbered list"),
    "bullet": _("Bulleted list"),
    "blockquote": _("Quotation"),
    "table": _("Insert a table"),
    "tableRow": _("Add a table row"),
    "tableColumn": _("Add a table column"),
    "tableDelete": _("Delete the table"),
    "clean": _("Clear formatting"),
}


class RichTextarea(forms.Textarea):
    """`policy`: "rich" (articles, about pages, descriptions: h2 and h3
    headings) or "minutes" (h3 and h4), as the sanitiser of the field."""

    class Media:
        # The admin renders a form's media too; the script enhances each
        # textarea once, however often it is on the page.
        js = ["js/rich-editor.js"]

    def __init__(self, attrs=None, *, policy: str = "rich"):
        self.policy = policy
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        """The textarea, then the script that turns it into the editor (a
        file of the portal's, as the Content-Security-Policy wants; only the
        pages with an editor load it)."""
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '{}<script src="{}" defer></script>', textarea, static("js/rich-editor.js")
        )

    def value_from_datadict(self, data, files, name):
        """What the editor posts, sanitised as it arrives (and again when
        shown); plain text stays as typed, its paragraphs made when shown."""
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str) and has_markup(value):
            return clean_minutes(value) if self.policy == "minutes" else clean_rich_text(value)
        return value

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-rich-text": self.policy,
                "data-editor-script": static("vendor/quill/quill.js"),
                "data-editor-css": static("vendor/quill/quill.snow.css"),
                "data-editor-labels": json.dumps(
                    {key: str(label) for key, label in EDITOR_LABELS.items()},
                    ensure_ascii=False,
                ),
            }
        )
        return context
