"""The annual report as an editable Word document (python-docx), to finish in
an office program: the title, the secretariat's introduction, the sections
with their tables, the conclusions."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .sections import report_sections, report_title

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _paragraphs(document, text: str) -> None:
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())


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
