"""Inline SVG charts, drawn on the server: no script, no remote asset, no
charting library. Each chart carries a <title> and a <desc> (read by screen
readers through role="img" and aria-labelledby) and sits next to a data
table with the same figures, which is the accessible alternative."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common.numbers import format_lower_bound, format_number, format_range, is_lower_bound

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
# Dark enough for 3:1 against white (WCAG non-text contrast), told apart by
# marker shape as well as by colour.
PALETTE = ["#1f5f8b", "#b3541e", "#2e7d32", "#6a1b9a", "#8d6e00", "#c2185b", "#37474f"]
MARKERS = ["circle", "square", "diamond", "triangle"]


@dataclass
class Series:
    label: str
    points: list[tuple[int, Decimal, Decimal | None, Decimal | None]] = field(default_factory=list)


def _svg(template: str, *args) -> SafeString:
    """format_html with coordinates (floats) written to one decimal."""
    return format_html(template, *(f"{a:.1f}" if isinstance(a, float) else a for a in args))


def _join(parts) -> SafeString:
    """Concatenate parts; each is escaped unless it is already safe markup."""
    return format_html_join("", "{}", ((part,) for part in parts))


def nice_ceiling(value: float) -> float:
    """A round upper bound for the y axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value) -> str:
    """A figure as the tables show it: "1,250.5", "120" (common.numbers)."""
    return format_number(value, 1)


def _point_text(value, low, high) -> str:
    """ "over 120" for a lower bound, else "12 (10–14)", "40 (from 30)", "80"."""
    if is_lower_bound(value, low, high):
        return format_lower_bound(value, 1)
    bounds = format_range(low, high, 1)
    return f"{_number(value)} ({bounds})" if bounds else _number(value)


def _frame(title: str, desc: str, slug: str, body: SafeString) -> SafeString:
    return _svg(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc"'
        ' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        slug,
        slug,
        slug,
        title,
        slug,
        desc,
        body,
    )


def _axes(top_value: float, y_label: str) -> SafeString:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = []
    for i in range(5):
        value = top_value * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            _svg(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                LEFT - 6,
                y + 4,
                _number(value),
            )
        )
    parts.append(
        _svg(
            '<text class="axis-label" x="12" y="{}" transform="rotate(-90 12 {})"'
            ' text-anchor="middle">{}</text>',
            TOP + plot_h / 2,
            TOP + plot_h / 2,
            y_label,
        )
    )
    return _join(parts)


def _marker(shape: str, x: float, y: float, colour: str, label: str) -> SafeString:
    if shape == "square":
        return _svg(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"><title>{}</title></rect>',
            x - 4,
            y - 4,
            colour,
            label,
        )
    if shape == "diamond":
        return _svg(
            '<path d="M{} {}l5 5l-5 5l-5 -5z" fill="{}"><title>{}</title></path>',
            x,
            y - 5,
            colour,
            label,
        )
    if shape == "triangle":
        return _svg(
            '<path d="M{} {}l5 9h-10z" fill="{}"><title>{}</title></path>',
            x,
            y - 5,
            colour,
            label,
        )
    return _svg(
        '<circle cx="{}" cy="{}" r="4.5" fill="{}"><title>{}</title></circle>',
        x,
        y,
        colour,
        label,
    )


# An upward arrow above a point: the figure is a lower bound ("over 120").
ARROW_LENGTH = 22


def _lower_bound(x: float, y: float, colour: str, label: str) -> SafeString:
    """A hollow marker with an arrow pointing up from it: the real figure is
    somewhere above, the point only marks where it starts."""
    return _svg(
        '<g class="lower-bound"><title>{}</title>'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"/>'
        '<path d="M{} {}l-5 8h10z" fill="{}"/>'
        '<circle cx="{}" cy="{}" r="4.5" fill="#fff" stroke="{}" stroke-width="2"/></g>',
        label,
        x,
        x,
        y - 5,
        y - ARROW_LENGTH + 6,
        colour,
        x,
        y - ARROW_LENGTH,
        colour,
        x,
        y,
        colour,
    )


def line_chart(
    *,
    slug: str,
    title: str,
    desc: str,
    series: list[Series],
    y_label: str,
    baseline_until: int | None = None,
):
    """Lines over years, one per series, with low–high bounds as whiskers and
    an arrow pointing up from a lower bound ("over 120"), which is not an
    exact value; the legend then has an entry for the arrow. Years before
    `baseline_until` (the partnership's first year) are its baseline: drawn on
    a shaded band marked "baseline", their points titled so."""
    points = [p for s in series for p in s.points]
    if not points:
        return None
    years = sorted({p[0] for p in points})
    first, last = years[0], years[-1]
    has_lower_bounds = any(is_lower_bound(*p[1:]) for p in points)
    highest = float(max(max(p[1], p[3] or 0) for p in points))
    # Room above the highest point for its arrow when some point has one.
    top_value = nice_ceiling(highest * 1.15 if has_lower_bounds else highest)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(year):
        return LEFT + (plot_w / 2 if first == last else plot_w * (year - first) / (last - first))

    def y_of(value):
        return TOP + plot_h - plot_h * float(value) / top_value

    parts = [_axes(top_value, y_label)]
    baseline_years = [year for year in years if baseline_until and year < baseline_until]
    if baseline_years:
        later = [year for year in years if year >= baseline_until]
        edge = (x_of(baseline_years[-1]) + x_of(later[0])) / 2 if later else float(WIDTH - RIGHT)
        parts.append(
            _svg(
                '<rect class="baseline-zone" x="{}" y="{}" width="{}" height="{}"/>'
                '<line class="baseline-edge" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="tick tick-baseline" x="{}" y="{}">{}</text>',
                float(LEFT),
                float(TOP),
                max(edge - LEFT, 0.0),
                float(plot_h),
                edge,
                edge,
                float(TOP),
                float(TOP + plot_h),
                float(LEFT + 6),
                float(TOP + 14),
                _("baseline"),
            )
        )
    last_label_x = -math.inf
    for year in years:
        if x_of(year) - last_label_x < 36:
            continue  # too close to the previous label to read
        last_label_x = x_of(year)
        parts.append(
            _svg(
                '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                x_of(year),
                HEIGHT - BOTTOM + 18,
                year,
            )
        )
    styles = itertools.cycle(itertools.product(MARKERS, PALETTE))
    legend = []
    for line in series:
        shape, colour = next(styles)
        ordered = sorted(line.points, key=lambda p: p[0])
        path = " ".join(f"{x_of(p[0]):.1f},{y_of(p[1]):.1f}" for p in ordered)
        parts.append(
            _svg('<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>', path, colour)
        )
        for year, value, low, high in ordered:
            point_label = f"{line.label}, {year}: {_point_text(value, low, high)}"
            if year in baseline_years:
                point_label += f" ({_('baseline')})"
            if is_lower_bound(value, low, high):
                parts.append(_lower_bound(x_of(year), y_of(value), colour, point_label))
                continue
            if low is not None or high is not None:
                parts.append(
                    _svg(
                        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>',
                        x_of(year),
                        x_of(year),
                        y_of(low if low is not None else value),
                        y_of(high if high is not None else value),
                        colour,
                    )
                )
            parts.append(_marker(shape, x_of(year), y_of(value), colour, point_label))
        legend.append((shape, colour, line.label))
    if has_lower_bounds:
        legend.append(
            (
                "lower-bound",
                "#333333",
                _("Arrow pointing up: a lower bound (“over …”); the real figure is higher"),
            )
        )
    svg = _frame(title, desc, slug, _join(parts))
    return {"svg": svg, "legend": legend, "has_baseline": bool(baseline_years)}


def bar_chart(*, slug: str, title: str, desc: str, bars: list[tuple], y_label: str):
    """One bar per label (a year, a place): `bars` holds `(label, value)` or
    `(label, value, is_baseline)`. A baseline bar (a figure from before the
    partnership started) is drawn outlined and dashed, marked "baseline"
    under its label, so that it never reads as one of the partnership's.

    Returns the SVG and the chart's data (`title`, `desc`, `bars` as
    `(label, value, is_baseline)`, `y_label`), from which the DOCX draws the
    same chart as an image (monitoring.chart_images)."""
    if not bars:
        return None
    bars = [(bar[0], bar[1], bool(bar[2]) if len(bar) > 2 else False) for bar in bars]
    top_value = nice_ceiling(float(max(value for _label, value, _baseline in bars)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(bars)
    width = min(64.0, max(2.0, slot * 0.7))
    parts = [_axes(top_value, y_label)]
    step = max(1, math.ceil(len(bars) / 12))
    for index, (label, value, baseline) in enumerate(bars):
        height = plot_h * float(value) / top_value
        x = LEFT + slot * index + (slot - width) / 2
        parts.append(
            _svg(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}{}</title></rect>",
                "bar bar-baseline" if baseline else "bar",
                x,
                TOP + plot_h - height,
                width,
                height,
                label,
                _number(value),
                f" ({_('baseline')})" if baseline else "",
            )
        )
        if index % step == 0:
            parts.append(
                _svg(
                    '<text class="tick" x="{}" y="{}" text-anchor="middle">{}</text>',
                    x + width / 2,
                    HEIGHT - BOTTOM + 18,
                    label,
                )
            )
        if baseline:
            parts.append(
                _svg(
                    '<text class="tick tick-baseline" x="{}" y="{}" text-anchor="middle">{}</text>',
                    x + width / 2,
                    HEIGHT - BOTTOM + 32,
                    _("baseline"),
                )
            )
    return {
        "svg": _frame(title, desc, slug, _join(parts)),
        "legend": [],
        "title": title,
        "desc": desc,
        "bars": bars,
        "y_label": y_label,
        "has_baseline": any(baseline for _label, _value, baseline in bars),
    }


def population_charts(estimates) -> list[dict]:
    """One chart per species: a line per place (country, area or region)."""
    by_species: dict[str, dict[str, Series]] = defaultdict(dict)
    names = {}
    for estimate in estimates:
        names[estimate.species] = estimate.get_species_display()
        place = str(estimate.country)
        if estimate.protected_area_id or estimate.region:
            place = f"{estimate.country} – {estimate.place_name}"
        label = f"{place} ({estimate.get_method_display()})"
        series = by_species[estimate.species].setdefault(label, Series(label))
        series.points.append((estimate.year, estimate.estimate, estimate.low, estimate.high))
    from common.provenance import partnership_started_on

    started = partnership_started_on().year  # earlier years: the baseline (baseline_q)
    charts = []
    for species, series in by_species.items():
        points = [p for s in series.values() for p in s.points]
        years = sorted({p[0] for p in points})
        desc = _(
            "Estimated number of individuals by year, %(first)s–%(last)s, for %(count)s "
            "places; vertical lines show the low and high bounds. The table below gives "
            "the same figures."
        ) % {"first": years[0], "last": years[-1], "count": len(series)}
        if years[0] < started:
            desc += f" {baseline_note()}"
        lower_bounds = [
            f"{s.label}, {p[0]}: {format_lower_bound(p[1], 1)}"
            for s in series.values()
            for p in s.points
            if is_lower_bound(*p[1:])
        ]
        if lower_bounds:
            desc += " " + _(
                "An arrow pointing up marks a lower bound, not an exact figure: %(points)s."
            ) % {"points": "; ".join(lower_bounds)}
        chart = line_chart(
            slug=f"chart-{species}",
            title=_("%(species)s: population estimates") % {"species": names[species]},
            desc=desc,
            series=list(series.values()),
            y_label=_("individuals"),
            baseline_until=started,
        )
        chart["heading"] = names[species]
        charts.append(chart)
    return charts


def patrol_totals_by_year(patrols) -> list[dict]:
    """Patrol effort summed by the year each period ends in; the baseline
    (periods ending before the partnership started) apart from the
    partnership's own figures, with the sources of each row."""
    totals: dict[tuple[int, bool], dict] = {}
    for patrol in patrols:
        baseline = patrol.is_baseline
        row = totals.setdefault(
            (patrol.period_end.year, baseline),
            {
                "year": patrol.period_end.year,
                "baseline": baseline,
                "patrol_days": 0,
                "km_patrolled": Decimal(0),
                "snares_removed": 0,
                "violations_recorded": 0,
                "sources": set(),
            },
        )
        row["patrol_days"] += patrol.patrol_days
        row["km_patrolled"] += patrol.km_patrolled
        row["snares_removed"] += patrol.snares_removed
        row["violations_recorded"] += patrol.violations_recorded
        row["sources"].add(patrol.source)
    rows = [totals[key] for key in sorted(totals)]
    for row in rows:
        row["sources"] = sorted(row["sources"])
    return rows


def partnership_totals(yearly: list[dict]) -> dict | None:
    """The sums of the partnership's own years (the baseline not counted),
    None when there are none."""
    own = [row for row in yearly if not row["baseline"]]
    if not own:
        return None
    return {
        name: sum((row[name] for row in own), Decimal(0) if name == "km_patrolled" else 0)
        for name in ("patrol_days", "km_patrolled", "snares_removed", "violations_recorded")
    } | {"first": own[0]["year"], "last": own[-1]["year"]}


def patrol_charts(yearly: list[dict]) -> list[dict]:
    if not yearly:
        return []
    span = {"first": yearly[0]["year"], "last": yearly[-1]["year"]}
    # A chart with baseline years says what its outlined bars are.
    note = f" {baseline_note()}" if any(row["baseline"] for row in yearly) else ""
    days = bar_chart(
        slug="chart-patrol-days",
        title=_("Patrol days by year"),
        desc=_(
            "Patrol days summed over the protected areas shown, by the year each period "
            "ends, %(first)s–%(last)s. The table below gives the same figures."
        )
        % span
        + note,
        bars=[(str(row["year"]), Decimal(row["patrol_days"]), row["baseline"]) for row in yearly],
        y_label=_("patrol days"),
    )
    km = bar_chart(
        slug="chart-patrol-km",
        title=_("Kilometres patrolled by year"),
        desc=_(
            "Kilometres patrolled, summed over the protected areas shown, by the year each "
            "period ends, %(first)s–%(last)s. The table below gives the same figures."
        )
        % span
        + note,
        bars=[(str(row["year"]), row["km_patrolled"], row["baseline"]) for row in yearly],
        y_label=_("km"),
    )
    days["heading"] = _("Patrol days")
    km["heading"] = _("Kilometres patrolled")
    return [days, km]


def baseline_note() -> str:
    """What the baseline marks mean, said beside a chart that has them."""
    from django.utils.formats import date_format

    from common.provenance import partnership_started_on

    return _(
        "Outlined, dashed bars and shaded years marked “baseline” are figures from before "
        "the partnership started on %(date)s: shown for comparison, not counted in the "
        "partnership's totals."
    ) % {"date": date_format(partnership_started_on(), "DATE_FORMAT")}
