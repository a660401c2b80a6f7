"""A cross-border pair's page (/protected-areas/pairs/<slug>/): the two areas
facing each other across the border on one map, their joint activities, the
patrol effort on each side over time, the population estimates of each side,
and the documents and news that name them.

It lives here, not in `activities`, because it reads the monitoring figures
(and documents and news, below this app); the pair itself is modelled in
activities (`CrossBorderPair`)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from activities.models import CrossBorderPair
from activities.selectors import activities_visible_to
from documents import rules as document_rules
from documents.models import Document
from news.models import Article

from . import charts, selectors

MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 360, 40


def _area_shapes(area) -> list[list[tuple[float, float]]]:
    """The area's outline rings as (longitude, latitude), if recorded."""
    outline = area.outline or {}
    geometry = outline.get("geometry", outline) if isinstance(outline, dict) else {}
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    rings = []
    for polygon in polygons:
        if polygon and isinstance(polygon[0], list):
            rings.append([(float(x), float(y)) for x, y, *_rest in polygon[0]])
    return rings


def pair_map(pair) -> dict:
    """Both areas on one map, drawn on the server (SVG, no tiles): outlines
    where recorded, otherwise a point; a dashed line joins their centres."""
    areas = [pair.first, pair.second]
    shapes = {area.pk: _area_shapes(area) for area in areas}
    points = [
        (float(area.longitude), float(area.latitude))
        for area in areas
        if area.latitude is not None and area.longitude is not None
    ]
    every = points + [p for rings in shapes.values() for ring in rings for p in ring]
    if not every:
        return {}
    west, east = min(p[0] for p in every), max(p[0] for p in every)
    south, north = min(p[1] for p in every), max(p[1] for p in every)
    span = max(east - west, north - south, 0.2)
    scale = min(MAP_WIDTH - 2 * MAP_MARGIN, MAP_HEIGHT - 2 * MAP_MARGIN) / span
    middle_x, middle_y = (west + east) / 2, (south + north) / 2

    def project(lon, lat):
        return MAP_WIDTH / 2 + (lon - middle_x) * scale, MAP_HEIGHT / 2 - (lat - middle_y) * scale

    parts = []
    for index, area in enumerate(areas):
        colour = charts.PALETTE[index]
        for ring in shapes[area.pk]:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (project(*p) for p in ring))
            parts.append(
                charts._svg(
                    '<polygon points="{}" fill="{}" fill-opacity="0.25" stroke="{}"'
                    ' stroke-width="2"><title>{}</title></polygon>',
                    path,
                    colour,
                    colour,
                    area.name,
                )
            )
        if area.latitude is not None and area.longitude is not None:
            x, y = project(float(area.longitude), float(area.latitude))
            parts.append(
                charts._svg(
                    '<circle cx="{}" cy="{}" r="7" fill="{}"><title>{}</title></circle>'
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    x,
                    y,
                    colour,
                    area.name,
                    x,
                    y - 12 if index == 0 else y + 22,
                    f"{area.name} ({area.country})",
                )
            )
    if len(points) == 2:
        (x1, y1), (x2, y2) = (project(*p) for p in points)
        parts.insert(
            0,
            charts._svg(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#37474f" stroke-dasharray="6 4"/>',
                x1,
                y1,
                x2,
                y2,
            ),
        )
    title = _("%(first)s and %(second)s on one map") % {
        "first": pair.first.name,
        "second": pair.second.name,
    }
    desc = _(
        "%(first)s (%(first_country)s) and %(second)s (%(second_country)s), facing each "
        "other across the border; a dashed line joins them."
    ) % {
        "first": pair.first.name,
        "first_country": pair.first.country,
        "second": pair.second.name,
        "second_country": pair.second.country,
    }
    svg = charts._svg(
        '<svg class="chart pair-map" viewBox="0 0 {} {}" role="img"'
        ' aria-labelledby="pair-map-title pair-map-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="pair-map-title">{}</title><desc id="pair-map-desc">{}</desc>{}</svg>',
        MAP_WIDTH,
        MAP_HEIGHT,
        title,
        desc,
        charts._join(parts),
    )
    return {"svg": svg, "title": title}


def patrols_by_side(pair, patrols) -> tuple[list[dict], dict | None]:
    """Patrol effort by year on each side (rows for the table) and its chart."""
    rows: dict[tuple[int, int], dict] = {}
    for patrol in patrols:
        key = (patrol.period_end.year, patrol.protected_area_id)
        row = rows.setdefault(
            key,
            {
                "year": key[0],
                "area": patrol.protected_area,
                "patrol_days": 0,
                "km_patrolled": Decimal(0),
                "snares_removed": 0,
                "sources": set(),
                "baseline": patrol.is_baseline,
            },
        )
        row["patrol_days"] += patrol.patrol_days
        row["km_patrolled"] += patrol.km_patrolled
        row["snares_removed"] += patrol.snares_removed
        row["sources"].add(patrol.source)
    ordered = [rows[key] for key in sorted(rows)]
    series = []
    for area in (pair.first, pair.second):
        line = charts.Series(f"{area.name} ({area.country})")
        line.points = [
            (row["year"], Decimal(row["patrol_days"]), None, None)
            for row in ordered
            if row["area"].pk == area.pk
        ]
        if line.points:
            series.append(line)
    chart = None
    if series:
        years = sorted({row["year"] for row in ordered})
        chart = charts.line_chart(
            slug="chart-pair-patrol-days",
            title=_("Patrol days on each side, by year"),
            desc=_(
                "Patrol days by the year each period ends, %(first)s–%(last)s, one line per "
                "protected area. The table below gives the same figures."
            )
            % {"first": years[0], "last": years[-1]},
            series=series,
            y_label=_("patrol days"),
        )
    for row in ordered:
        row["sources"] = "; ".join(sorted(row["sources"]))
    return ordered, chart


def _naming(areas, *fields) -> Q:
    condition = Q(pk__in=[])
    for area in areas:
        for name in fields:
            condition |= Q(**{f"{name}__icontains": area.name})
    return condition


@require_GET
def pair_detail(request, slug):
    pair = get_object_or_404(
        CrossBorderPair.objects.select_related("first__country", "second__country"), slug=slug
    )
    areas = [pair.first, pair.second]
    activities = list(
        activities_visible_to(request.user)
        .filter(protected_areas__in=areas)
        .distinct()
        .select_related("lead_organisation")
        .prefetch_related("protected_areas")
        .order_by("-starts_on", "title")
    )
    for activity in activities:
        activity.sides = {a.pk for a in activity.protected_areas.all()} & {a.pk for a in areas}
    estimates = list(
        selectors.estimates_visible_to(request.user)
        .filter(protected_area__in=areas)
        .select_related("country", "protected_area", "centre")
        .order_by("protected_area__name", "species", "year")
    )
    patrols = list(
        selectors.patrols_visible_to(request.user)
        .filter(protected_area__in=areas)
        .select_related("protected_area__country")
        .order_by("period_end", "pk")
    )
    patrol_rows, patrol_chart = patrols_by_side(pair, patrols)
    visible_documents = document_rules.visible_to(request.user)
    documents = Document.objects.filter(_naming(areas, "title", "description"))
    if visible_documents is not None:
        documents = documents.filter(visible_documents)
    articles = (
        Article.objects.visible()
        .filter(_naming(areas, "title", "summary"))
        .order_by("-publish_at")[:10]
    )
    return render(
        request,
        "monitoring/pair.html",
        {
            "pair": pair,
            "areas": areas,
            "map": pair_map(pair),
            "activities": activities,
            "joint": [a for a in activities if len(a.sides) == 2],
            "estimates": estimates,
            "population_charts": charts.population_charts(estimates),
            "patrol_rows": patrol_rows,
            "patrol_chart": patrol_chart,
            "documents": list(documents.order_by("-created_at")[:10]),
            "articles": list(articles),
        },
    )
