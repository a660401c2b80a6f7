"""Browsing activities: the list with filters and totals, the map and its
data, CSV and XLSX exports.

Every page here starts from `selectors.activities_visible_to(user)` narrowed
by `ActivityFilter` (the same filters, in the address, for all five), and
every point comes from `selectors.points_for` (bulk `Activity.point_for`), so
a sensitive location reaches only those entitled to it.
"""

import functools
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.forms import paginate
from common.fragments import Deferred, deferred_pair
from common.pagecache import cache_public_page

from . import exports, selectors
from .filters import ActivityFilter
from .models import Activity, IndicatorType
from .totals import achieved_totals

PER_PAGE = 20


def _filtered(request):
    """The filter set and the activities it selects (none if a value is invalid)."""
    filterset = ActivityFilter(
        request.GET, queryset=selectors.activities_visible_to(request.user), request=request
    )
    activities = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, activities


def _query(request) -> str:
    """The filters as a query string (without the page), for links that keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@cache_public_page
def activity_list(request):
    # The filters (their choices and the reader's visibility rule, worked
    # into a query), the page and the totals: worked out only when the
    # filters' and the list's content blocks are rendered, not when they come
    # from the cache (templates/activities/list.html).
    filterset, activities = deferred_pair(lambda: _filtered(request))
    page = Deferred(
        lambda: paginate(request, selectors.activities_for_list(activities()), PER_PAGE)[0]
    )
    return render(
        request,
        "activities/list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query(request),
            "totals": Deferred(lambda: achieved_totals(activities())),
            "pairs": Deferred(selectors.cross_border_pairs),
        },
    )


def _tile_origin(url):
    """The scheme and host of an XYZ tile URL as a CSP source ({s} subdomains: *),
    or None when the map has no tiles or they come from the portal itself."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    host = re.sub(r"\{[a-z]\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}"


def _allows_map_tiles(view):
    """Let the page's Content-Security-Policy load images from MAP_TILE_URL's
    origin (the page cache keeps the header with the page it stores)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origin = _tile_origin(settings.MAP_TILE_URL)
        if origin:
            response._csp_update = {"img-src": [origin]}
        return response

    return wrapper


@_allows_map_tiles
@cache_public_page
def activity_map(request):
    filterset, activities = _filtered(request)
    markers = list(selectors.activities_for_map(activities))
    points = selectors.points_for(request.user, markers)
    areas, pairs = selectors.protected_areas_for_map()
    by_id = {area.pk: area for area in areas}
    query = _query(request)
    data_url = reverse("activities:map_data") + (f"?{query}" if query else "")
    return render(
        request,
        "activities/map.html",
        {
            "filter": filterset,
            "query": query,
            "markers": [(activity, points[activity.pk]) for activity in markers],
            "areas": areas,
            "pairs": [
                (pair.name, by_id[pair.first_id], by_id[pair.second_id], pair.get_absolute_url())
                for pair in pairs
                if pair.first_id in by_id and pair.second_id in by_id
            ],
            "map_config": {
                "dataUrl": data_url,
                "tileUrl": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
                "activityUrl": reverse("activities:activity", kwargs={"pk": 0}),
                "areaUrl": reverse("activities:protected_area", kwargs={"slug": "SLUG"}),
                "labels": {
                    "exact": _("Exact location"),
                    "generalised": _("Approximate location (about 10 km)"),
                    "protectedArea": _("Protected area"),
                    "failed": _("The map data could not be loaded; the list below has it all."),
                    "tilesFailed": _(
                        "The background map could not be loaded; the markers are still shown."
                    ),
                    "shown": ngettext(
                        "%(count)s activity shown on the map.",
                        "%(count)s activities shown on the map.",
                        len(markers),
                    ),
                },
            },
        },
    )


@cache_public_page
def map_data(request):
    """Every marker of the map in one compact answer:
    activities [id, latitude, longitude, title, status, exact 1/0],
    areas [id, latitude, longitude, name, slug], pairs [first id, second id, name]."""
    filterset, activities = _filtered(request)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    markers = list(selectors.activities_for_map(activities))
    points = selectors.points_for(request.user, markers)
    areas, pairs = selectors.protected_areas_for_map()
    by_id = {area.pk: area for area in areas}
    return JsonResponse(
        {
            "activities": [
                [
                    activity.pk,
                    float(points[activity.pk][0]),
                    float(points[activity.pk][1]),
                    activity.local_name,
                    activity.status,
                    int(points[activity.pk][2]),
                ]
                for activity in markers
            ],
            "areas": [
                [area.pk, float(area.latitude), float(area.longitude), area.local_name, area.slug]
                for area in areas
            ],
            "pairs": [
                [pair.first_id, pair.second_id, _pair_name(pair, by_id)]
                for pair in pairs
                if pair.first_id in by_id and pair.second_id in by_id
            ],
            "statuses": {value: str(label) for value, label in Activity.Status.choices},
        },
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


def _pair_name(pair, areas_by_id) -> str:
    first, second = areas_by_id[pair.first_id], areas_by_id[pair.second_id]
    return pair.name or f"{first.name} – {second.name}"


def _export(request):
    _, activities = _filtered(request)
    types = list(IndicatorType.objects.all())
    listed = selectors.activities_for_list(activities, with_protected_areas=True)
    body = exports.rows(listed, request.user, types)
    return exports.header(types), body, exports.totals_blocks(achieved_totals(activities))


def export_csv(request):
    return exports.as_csv(*_export(request))


def export_xlsx(request):
    return exports.as_xlsx(*_export(request))
