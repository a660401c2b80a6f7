"""Template helpers used by the base layout."""

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every interface language: (code, name, url, current)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    path = request.get_full_path()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(path, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary lookup with a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None
