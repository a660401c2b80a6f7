"""The annual report as headed sections of paragraphs and tables, in the
reader's language: the page, the print-ready page and the DOCX all render
this one structure, so they always show the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring import charts

from .selectors import figure_text


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns of figures


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    empty: str = ""  # said instead of tables when there is nothing to show
    # Server-drawn SVG charts (monitoring.charts), each beside a table with
    # the same figures; the DOCX draws them as images (monitoring.chart_images).
    charts: list[dict] = field(default_factory=list)


def figure(value) -> str:
    return "—" if value is None else figure_text(value)


def _membership(data) -> Section:
    section = Section(_("Membership"))
    joined, left = data["joined"], data["left"]
    section.paragraphs.append(
        ngettext(
            "%(count)s organisation joined the partnership.",
            "%(count)s organisations joined the partnership.",
            len(joined),
        )
        % {"count": figure(len(joined))}
        + " "
        + ngettext(
            "%(count)s organisation left it.",
            "%(count)s organisations left it.",
            len(left),
        )
        % {"count": figure(len(left))}
    )
    joined_by_country: dict[str, int] = {}
    for organisation in joined:
        country = str(organisation.country)
        joined_by_country[country] = joined_by_country.get(country, 0) + 1
    if joined_by_country:
        section.charts.append(
            charts.bar_chart(
                slug="chart-report-joined",
                title=_("Organisations that joined, by country"),
                desc=_(
                    "The number of organisations that joined in the year, one bar per "
                    "country. The table below gives the same figures by stakeholder type."
                ),
                bars=[(country, Decimal(n)) for country, n in joined_by_country.items()],
                y_label=_("organisations"),
            )
        )
    if data["by_country_and_type"]:
        section.tables.append(
            Table(
                _("Members joined and left, by country and stakeholder type"),
                [_("Country"), _("Stakeholder type"), _("Joined"), _("Left")],
                [
                    [row["country"], row["type"], figure(row["joined"]), figure(row["left"])]
                    for row in data["by_country_and_type"]
                ],
                {2, 3},
            )
        )
    if joined:
        section.tables.append(
            Table(
                _("Organisations that joined"),
                [_("Organisation"), _("Country"), _("Joined on")],
                [[str(o), str(o.country), date_format(o.joined_on, "DATE_FORMAT")] for o in joined],
            )
        )
    return section


def _committee(data) -> Section:
    section = Section(_("The coordination committee"))
    if data["seats"]:
        section.tables.append(
            Table(
                _("Seats held during the year"),
                [_("Stakeholder group"), _("Country"), _("Holder"), _("Term")],
                [
                    [
                        str(seat.stakeholder_type),
                        str(seat.country) if seat.country else _("International"),
                        f"{seat.holder.full_name}, {seat.holder.organisation}",
                        f"{date_format(seat.term_start, 'DATE_FORMAT')} – "
                        f"{date_format(seat.term_end, 'DATE_FORMAT')}",
                    ]
                    for seat in data["seats"]
                ],
            )
        )
    section.paragraphs.append(
        ngettext(
            "The committee met %(count)s time.",
            "The committee met %(count)s times.",
            len(data["meetings"]),
        )
        % {"count": figure(len(data["meetings"]))}
    )
    if data["meetings"]:
        section.tables.append(
            Table(
                _("Committee meetings"),
                [_("Meeting"), _("Date")],
                [[m.title, date_format(m.starts_at, "DATE_FORMAT")] for m in data["meetings"]],
            )
        )
    section.paragraphs.append(
        ngettext(
            "It took %(count)s decision.", "It took %(count)s decisions.", len(data["decisions"])
        )
        % {"count": figure(len(data["decisions"]))}
    )
    if data["decisions"]:
        section.tables.append(
            Table(
                _("Decisions: items the committee approved"),
                [_("Item"), _("Decided")],
                [
                    [request.title, date_format(request.decided_at, "DATE_FORMAT")]
                    for request in data["decisions"]
                ],
            )
        )
    return section


def _groups(rows) -> Section:
    section = Section(_("Working groups"))
    if not rows:
        section.empty = _("No working group yet.")
        return section
    section.tables.append(
        Table(
            _("Each working group's work plan, meetings and documents"),
            [
                _("Working group"),
                _("Work plan"),
                _("Items"),
                _("Items due by the end of the year"),
                _("Items due later"),
                _("Meetings"),
                _("Documents added"),
            ],
            [
                [
                    str(row["group"]),
                    row["plan_title"] if row["plan"] else _("no approved work plan"),
                    figure(row["items"]),
                    figure(row["items_due"]),
                    figure(row["items_later"]),
                    figure(row["meetings"]),
                    figure(row["documents"]),
                ]
                for row in rows
            ],
            {2, 3, 4, 5, 6},
        )
    )
    for row in rows:
        if row["summary"]:
            section.paragraphs.append(
                _("%(group)s, work plan “%(plan)s”: %(summary)s")
                % {"group": row["group"], "plan": row["plan_title"], "summary": row["summary"]}
            )
    return section


def _indicator_table(caption, first_header, rows) -> Table:
    return Table(
        caption,
        [first_header, _("Indicator"), _("Planned"), _("Achieved"), _("Unit")],
        [
            [
                row["label"],
                row["indicator"],
                figure(row["planned"]),
                figure(row["achieved"]),
                row["unit"],
            ]
            for row in rows
        ],
        {2, 3},
    )


def _activities(data) -> Section:
    section = Section(_("Activities and their indicators"))
    section.paragraphs.append(
        ngettext(
            "%(count)s approved activity ran during the year.",
            "%(count)s approved activities ran during the year.",
            len(data["activities"]),
        )
        % {"count": figure(len(data["activities"]))}
    )
    if data["total"]:
        section.tables.append(
            Table(
                _("Indicators, planned against achieved"),
                [_("Indicator"), _("Planned"), _("Achieved"), _("Unit")],
                [
                    [row["indicator"], figure(row["planned"]), figure(row["achieved"]), row["unit"]]
                    for row in data["total"]
                ],
                {1, 2},
            )
        )
    if data["by_country"]:
        section.tables.append(_indicator_table(_("By country"), _("Country"), data["by_country"]))
    if data["by_action_area"]:
        section.tables.append(
            _indicator_table(_("By action area"), _("Action area"), data["by_action_area"])
        )
    if data["by_pair"]:
        section.tables.append(
            _indicator_table(_("By cross-border pair"), _("Cross-border pair"), data["by_pair"])
        )
    if data["activities"]:
        section.tables.append(
            Table(
                _("The activities"),
                [_("Activity"), _("Status"), _("Start"), _("End")],
                [
                    [
                        a.local_name,
                        a.get_status_display(),
                        date_format(a.starts_on, "DATE_FORMAT"),
                        date_format(a.ends_on, "DATE_FORMAT"),
                    ]
                    for a in data["activities"]
                ],
            )
        )
    return section


def _place(estimate) -> str:
    if estimate.protected_area_id:
        return str(estimate.protected_area)
    if estimate.region:
        return f"{estimate.region}, {estimate.country}"
    return str(estimate.country)


def _monitoring(data) -> Section:
    section = Section(_("Patrol effort and population estimates"))
    if data["patrols"]:
        section.charts.append(
            charts.bar_chart(
                slug="chart-report-patrol-days",
                title=_("Patrol days by protected area"),
                desc=_(
                    "Patrol days recorded in the year, one bar per protected area. "
                    "The table below gives the same figures with their sources."
                ),
                bars=[(row["place"], Decimal(row["days"] or 0)) for row in data["patrols"]],
                y_label=_("patrol days"),
            )
        )
        section.tables.append(
            Table(
                _("Patrol effort"),
                [
                    _("Protected area"),
                    _("Patrol days"),
                    _("Kilometres patrolled"),
                    _("Snares removed"),
                    _("Violations recorded"),
                    _("Source"),
                ],
                [
                    [
                        row["place"],
                        figure(row["days"]),
                        figure(row["km"]),
                        figure(row["snares"]),
                        figure(row["violations"]),
                        "; ".join(row["sources"]),
                    ]
                    for row in data["patrols"]
                ],
                {1, 2, 3, 4},
            )
        )
    if data["estimates"]:
        section.tables.append(
            Table(
                _("Population estimates"),
                [_("Species"), _("Place"), _("Estimate"), _("Range"), _("Method"), _("Source")],
                [
                    [
                        e.get_species_display(),
                        _place(e),
                        e.estimate_text,
                        e.range_text,
                        e.get_method_display(),
                        e.source,
                    ]
                    for e in data["estimates"]
                ],
                {2},
            )
        )
    if not section.tables:
        section.empty = _("No patrol record or population estimate was published for this year.")
    if data["baseline"]:
        section.tables.append(
            Table(
                _("Baseline: figures from before the partnership, not counted as its achievements"),
                [_("Figure"), _("Place"), _("Year"), _("Source")],
                [
                    [row["what"], row["place"], str(row["year"]), row["source"]]
                    for row in data["baseline"]
                ],
            )
        )
    return section


def _news(articles) -> Section:
    section = Section(_("News from the information centres"))
    if not articles:
        section.empty = _("The information centres published no news this year.")
        return section
    section.tables.append(
        Table(
            _("Articles"),
            [_("Title"), _("Information centre"), _("Published")],
            [
                [a.title, str(a.author_centre), date_format(a.publish_at, "DATE_FORMAT")]
                for a in articles
            ],
        )
    )
    return section


def _still_open(data) -> Section:
    return Section(
        _("What is still open"),
        tables=[
            Table(
                _("Open at the end of the year and still open today"),
                [_("What"), _("Number")],
                [
                    [
                        _("Membership applications awaiting a decision"),
                        figure(data["applications"]),
                    ],
                    [_("Items awaiting the committee's review"), figure(data["reviews"])],
                    [_("Meeting actions past due"), figure(data["action_items"])],
                    [
                        _("Activities proposed, not yet decided"),
                        figure(data["proposed_activities"]),
                    ],
                ],
                {1},
            )
        ],
    )


def report_sections(report) -> list[Section]:
    """The report's sections between the introduction and the conclusions."""
    return [
        _membership(report["membership"]),
        _committee(report["committee"]),
        _groups(report["groups"]),
        _activities(report["activities"]),
        _monitoring(report["monitoring"]),
        _news(report["news"]),
        _still_open(report["open"]),
    ]


def report_title(year: int) -> str:
    return _("Annual report %(year)s to the Senior Officials Meeting") % {"year": year}
