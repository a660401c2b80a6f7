"""The annual report as an editable Word document (python-docx), to finish in
an office program: the title, the secretariat's introduction, the sections
with their charts (PNG images of the page's SVG charts, with the chart in
words as their alternative text) and tables, the conclusions."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from monitoring.chart_images import alt_text, bar_chart_png

from .sections import report_sections, report_title

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraphs(document, text: str) -> None:
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())


def _chart(document, chart: dict) -> None:
    """The chart as an image 16 cm wide under its caption; its description
    and figures are the image's alternative text (Word's "descr")."""
    from docx.shared import Cm

    document.add_paragraph(chart["title"], style="Caption")
    shape = document.add_picture(io.BytesIO(bar_chart_png(chart)), width=Cm(16))
    properties = shape._inline.docPr  # python-docx has no API for the alt text yet
    properties.set("descr", alt_text(chart))
    properties.set("title", chart["title"])


def report_document(report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    document.core_properties.title = report_title(report["year"])
    document.add_heading(report_title(report["year"]), level=0)
    document.add_heading(_("Introduction"), level=1)
    _paragraphs(document, str(report["introduction"] or ""))
    if not report["has_data"]:
        document.add_paragraph(
            _("The portal holds no data for %(year)s.") % {"year": report["year"]}
        )
    else:
        for section in report_sections(report):
            document.add_heading(section.title, level=1)
            for paragraph in section.paragraphs:
                document.add_paragraph(paragraph)
            if section.empty:
                document.add_paragraph(section.empty)
            for chart in section.charts:
                if chart and chart.get("bars"):
                    _chart(document, chart)
            for table in section.tables:
                document.add_paragraph(table.caption, style="Caption")
                grid = document.add_table(rows=1, cols=len(table.headers))
                grid.style = "Table Grid"
                for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                    cell.text = header
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in table.rows:
                    cells = grid.add_row().cells
                    for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                        cell.text = value
                        if index in table.numeric:
                            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_heading(_("Conclusions"), level=1)
    _paragraphs(document, str(report["conclusions"] or ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
