"""The overview's table rows as HTML, each row one string (issue 16 part 8).

A template loop with tags per cell cost most of the page at 500 agencies × 11 columns, as it
did for the training matrix (issue 12): the cells are formatted here, escaped, in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qms.lib.province_overview import Cell
from supervision.overview import Overview, Row


def _cell_html(cell: Cell | None, attention: str) -> str:
    if cell is None:
        return "<td>—</td>"
    text = str(escape(cell.text))
    if cell.url:
        text = f'<a href="{escape(cell.url)}">{text}</a>'
    if not cell.flag:
        return f"<td>{text}</td>"
    return (
        f'<td class="qms-flag">{text} <span aria-hidden="true">⚠</span>'
        f'<span class="w-sr-only">{attention}</span></td>'
    )


def _row_html(row: Row, keys: Sequence[str], attention: str) -> str:
    cells = "".join(_cell_html(row.cells.get(key), attention) for key in keys)
    return (
        f'<tr data-agency="{row.agency_id}"><th scope="row">{escape(row.name)}</th>'
        f"<td>{escape(row.kind_label)}</td><td>{escape(row.area_name or '—')}</td>"
        f"{cells}</tr>"
    )


def table_rows(overview: Overview) -> SafeString:
    """Every row of the table body, escaped."""
    keys = [column.key for column in overview.columns]
    attention = escape(_("needs attention"))  # translated once, not once per cell
    html = "".join(_row_html(row, keys, attention) for row in overview.rows)
    return mark_safe(html)  # noqa: S308 - every value escaped above
