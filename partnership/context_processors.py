"""Values every template may use."""

from django.conf import settings


def portal(request):
    return {
        "PORTAL_NAME": "Partnership Portal",
        "DEBUG": settings.DEBUG,
    }
