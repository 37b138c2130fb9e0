"""The annual report and the province summary as DOCX (python-docx), for editing in Word.

Agencies often finish a report in Word before the office registers it; the DOCX carries
the same text as the PDF (``reporting.texts.Printed``) in the administrative layout of
Nghị định 30/2020/NĐ-CP: Times New Roman 13, agency and motto side by side, title centred.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.table import _Cell

from qms.lib.pdf.report import COUNTRY, MOTTO
from reporting.texts import Printed, roman

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER


def _new_document() -> Document:
    document = docx.Document()
    normal: Any = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    # The template's headings are blue Calibri; an administrative report is black Times.
    for name in ("Heading 1", "Heading 2"):
        heading: Any = document.styles[name]
        heading.font.name = FONT
        heading.font.color.rgb = RGBColor(0, 0, 0)
    return document


def _cell_text(cell: _Cell, lines: Sequence[tuple[str, bool]]) -> None:
    first = True
    for text, bold in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = CENTER
        paragraph.add_run(text).bold = bold
        first = False


def _header(document: Document, doc: Printed) -> None:
    grid = document.add_table(rows=2, cols=2)
    left = [(doc.parent.upper(), False)] if doc.parent else []
    _cell_text(grid.cell(0, 0), [*left, (doc.agency.upper(), True)])
    _cell_text(grid.cell(0, 1), [(COUNTRY, True), (MOTTO, True)])
    _cell_text(grid.cell(1, 0), [(doc.number_line, False)])
    _cell_text(grid.cell(1, 1), [(doc.place_date, False)])
    grid.cell(1, 1).paragraphs[0].runs[0].italic = True


def _centred(document: Document, text: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = CENTER
    paragraph.add_run(text).bold = bold


def _table(document: Document, rows: list[list[str]]) -> None:
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))
    grid.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = grid.cell(r, c)
            cell.text = str(value)
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def report_docx(doc: Printed) -> bytes:
    document = _new_document()
    _header(document, doc)
    if doc.draft_mark:
        _centred(document, doc.draft_mark)
    _centred(document, doc.title, bold=True)
    _centred(document, doc.subtitle, bold=True)
    _centred(document, doc.recipient)
    document.add_heading(f"{roman(1)}. {doc.part_one}", level=1)
    for number, section in enumerate(doc.sections, start=1):
        document.add_heading(f"{number}. {section['title']}", level=2)
        for text in section["summary"]:
            document.add_paragraph(text)
        if len(section["table"]) >= 2:
            _table(document, section["table"])
    for offset, (heading, text) in enumerate(doc.narrative, start=2):
        document.add_heading(f"{roman(offset)}. {heading}", level=1)
        document.add_paragraph(text)
    sign = document.add_table(rows=1, cols=2)
    left = [(doc.recipients_heading, True), *[(line, False) for line in doc.recipients]]
    _cell_text(sign.cell(0, 0), left)
    right = [(doc.signer_role.upper(), True)]
    if doc.signed_note:
        right.append((doc.signed_note, False))
    right += [(doc.signer_name, True), (doc.signer_position, False)]
    _cell_text(sign.cell(0, 1), [line for line in right if line[0]])
    document.add_paragraph(f"(*) {doc.footnote}").runs[0].italic = True
    document.core_properties.title = doc.subtitle
    document.core_properties.author = doc.agency
    return _save(document)


def table_docx(*, title: str, subtitle: str, rows: list[list[str]], note: str) -> bytes:
    """A titled table (the province summary), landscape-wide columns left to Word."""
    document = _new_document()
    _centred(document, title, bold=True)
    _centred(document, subtitle)
    _table(document, rows)
    if note:
        document.add_paragraph(note).runs[0].italic = True
    return _save(document)


def _save(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
