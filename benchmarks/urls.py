"""The portal's URLs plus the two baselines the benchmark compares against:
a bare view, and a bare view listing 20 rows from the database."""

from django.http import HttpResponse
from django.urls import path

from partnership.urls import urlpatterns as portal_urlpatterns
from stakeholders.models import Organisation


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


def twenty_rows(request):
    rows = Organisation.objects.order_by("pk").values_list("slug", "name")[:20]
    return HttpResponse(
        "\n".join(f"{slug}\t{name}" for slug, name in rows), content_type="text/plain"
    )


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/rows/", twenty_rows),
    *portal_urlpatterns,
]
