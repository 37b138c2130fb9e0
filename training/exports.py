"""XLSX export of the training matrix (for auditors and the supervising departments)."""

from __future__ import annotations

from io import BytesIO
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import (  # type: ignore[import-untyped]
    Alignment,
    Font,
    PatternFill,
)

from qms.lib.dates import format_date
from training.services.matrix import CellState, Matrix

_FILLS = {
    CellState.CURRENT: "C6EFCE",
    CellState.PENDING: "FFEB9C",
    CellState.OVERDUE: "FFC7CE",
    CellState.EXPIRED: "FFC7CE",
    CellState.MISSING: "FFC7CE",
}


def matrix_workbook(matrix: Matrix) -> bytes:
    """The matrix as XLSX bytes (a short matrix, answered in the request)."""
    out = BytesIO()
    write_matrix_workbook(matrix, out)
    return out.getvalue()


def write_matrix_workbook(matrix: Matrix, out: IO[bytes]) -> int:
    """Write the matrix to ``out`` row by row (openpyxl write-only); return the rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Training matrix")[:31])
    # Names and units stay in view while scrolling through the columns.
    sheet.freeze_panes = "G2"
    header = [
        _("Full name"),
        _("Agency"),
        _("One-stop unit"),
        _("Position"),
        _("Competence"),
        _("Reasons"),
        *[column.label for column in matrix.columns],
    ]
    sheet.append([_heading(sheet, text) for text in header])
    for row in matrix.rows:
        staff = row.staff
        values: list[Any] = [
            staff.full_name,
            staff.agency.name,
            staff.receiving_unit.name if staff.receiving_unit else "",
            staff.position.name,
            row.competence_label,
            "; ".join(row.reasons),
        ]
        values += [_state_cell(sheet, cell) for cell in row.cells]
        sheet.append(values)
    book.save(out)
    return len(matrix.rows)


def _heading(sheet: Any, text: str) -> Any:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _state_cell(sheet: Any, cell: Any) -> Any:
    text = f"{cell.label} {format_date(cell.until)}" if cell.until else cell.label
    out = WriteOnlyCell(sheet, value=text)
    if cell.state in _FILLS:
        out.fill = PatternFill("solid", fgColor=_FILLS[CellState(cell.state)])
    return out
