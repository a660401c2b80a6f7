"""The unread count in the page header. Only call it for signed-in users:
anonymous visitors (whose pages the public cache serves) cost no query."""

from django import template

from notifications.unread import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_unread_notification_count", None)
    if cached is None:
        cached = request._unread_notification_count = unread_count(user)
    return cached
