"""XLSX export of the training matrix (for auditors and the supervising departments)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Font,
    PatternFill,
)

from training.services.matrix import CellState, Matrix

_FILLS = {
    CellState.CURRENT: "C6EFCE",
    CellState.PENDING: "FFEB9C",
    CellState.OVERDUE: "FFC7CE",
    CellState.EXPIRED: "FFC7CE",
    CellState.MISSING: "FFC7CE",
}


def matrix_workbook(matrix: Matrix) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Training matrix")[:31]
    header = [
        _("Full name"),
        _("Agency"),
        _("One-stop unit"),
        _("Position"),
        _("Competence"),
        _("Reasons"),
        *[column.label for column in matrix.columns],
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in matrix.rows:
        staff = row.staff
        values = [
            staff.full_name,
            staff.agency.name,
            staff.receiving_unit.name if staff.receiving_unit else "",
            staff.position.name,
            row.competence_label,
            "; ".join(row.reasons),
        ]
        values += [
            f"{c.label} {c.until:%d/%m/%Y}" if c.until else c.label for c in row.cells
        ]
        sheet.append(values)
        for cell, state in zip(
            sheet[sheet.max_row][6:], [c.state for c in row.cells], strict=True
        ):
            if state in _FILLS:
                cell.fill = PatternFill("solid", fgColor=_FILLS[CellState(state)])
    sheet.freeze_panes = "G2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
