"""`{% load richtext %}` `{{ text|rich_text }}`: a description, mandate,
narrative or summary as sanitised HTML, whether it was written in the editor
(HTML) or as plain text (blank lines make paragraphs), as
`common.sanitize.clean_rich_text` has it."""

from django import template

from common.sanitize import rich_text as _rich_text

register = template.Library()


@register.filter
def rich_text(text):
    return _rich_text(text)
