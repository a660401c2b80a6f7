"""Rich text through one nh3 allow-list: simple tables are kept (without
attributes), whatever a word processor adds is dropped, and plain text (typed
into the text area without the editor) becomes paragraphs. The editor's
widget is a plain textarea that names its script and labels."""

import json

import pytest

from common.sanitize import clean_minutes, clean_rich_text, text_to_html
from common.widgets import RichTextarea
from meetings.forms import MinutesForm
from news.forms import ArticleForm


def test_plain_text_becomes_paragraphs_and_line_breaks():
    text = "First paragraph.\r\n\r\nSecond paragraph,\nsecond line.\n\n\n  Third: 3 < 4  "
    assert clean_rich_text(text) == (
        "<p>First paragraph.</p><p>Second paragraph,<br>second line.</p><p>Third: 3 &lt; 4</p>"
    )
    assert clean_minutes("a < b\n\nc > d") == "<p>a &lt; b</p><p>c &gt; d</p>"
    assert text_to_html("") == ""
    assert clean_rich_text("   ") == ""


def test_html_is_kept_as_html():
    assert clean_rich_text("<p>One</p>\n\n<p>Two</p>") == "<p>One</p>\n\n<p>Two</p>"
    # Inline tags only: a paragraph of text, its tags kept.
    assert clean_rich_text("Text with <em>emphasis</em>") == "<p>Text with <em>emphasis</em></p>"


def test_simple_tables_keep_their_structure_and_lose_the_rest():
    pasted = (
        '<table class="MsoTableGrid" border="1" style="width:100%">'
        '<tbody><tr><th colspan="2" style="color:red">Year</th></tr>'
        '<tr><td data-row="row-1"><span style="font-family:Calibri">2025</span></td>'
        '<td onclick="alert(1)">70</td></tr></tbody></table>'
    )
    expected = (
        "<table><tbody><tr><th>Year</th></tr><tr><td>2025</td><td>70</td></tr></tbody></table>"
    )
    assert clean_rich_text(pasted) == expected
    assert clean_minutes(pasted) == expected


@pytest.mark.parametrize(
    ("form", "field", "policy"),
    [(ArticleForm, "body", "rich"), (MinutesForm, "minutes", "minutes")],
)
def test_the_editor_fields_render_a_plain_textarea_for_the_script(form, field, policy):
    widget = form.base_fields[field].widget
    assert isinstance(widget, RichTextarea)
    html = widget.render(field, "<p>Hello</p>", attrs={"id": f"id_{field}"})
    assert html.startswith("<textarea")
    assert html.endswith('<script src="/static/js/rich-editor.js" defer></script>')
    assert f'data-rich-text="{policy}"' in html
    assert "vendor/quill/quill.js" in html and "vendor/quill/quill.snow.css" in html
    labels = json.loads(html.split('data-editor-labels="')[1].split('"')[0].replace("&quot;", '"'))
    assert labels["bold"] == "Bold" and labels["table"] == "Insert a table"
    assert "&lt;p&gt;Hello&lt;/p&gt;" in html  # the value, escaped, for the editor to load
    assert "js/rich-editor.js" in str(widget.media)
