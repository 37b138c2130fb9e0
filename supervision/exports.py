"""The province overview as a spreadsheet, written by ``qms.lib.exports`` like every list.

``write_rows`` takes a view with Wagtail's spreadsheet mixin (typed cells, formula escaping,
yes/no and dates as Vietnamese read them); this adapter is that view for the overview's rows.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.utils.translation import gettext as _
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from supervision.overview import Overview, Row


class OverviewExport(SpreadsheetExportMixin):
    """Columns: the agency, its type and area, then each figure's value (its text if none)."""

    def __init__(self, overview: Overview) -> None:
        self.overview = overview
        self.keys = [column.key for column in overview.columns]
        self.list_export = ["agency", "kind", "area", *self.keys]
        self.export_headings = {
            "agency": _("Agency"),
            "kind": _("Agency type"),
            "area": _("Area"),
            **{column.key: str(column.label) for column in overview.columns},
        }

    def to_row_dict(self, item: Row) -> OrderedDict[str, Any]:
        row: OrderedDict[str, Any] = OrderedDict(
            agency=item.name, kind=item.kind_label, area=item.area_name
        )
        for key in self.keys:
            cell = item.cells.get(key)
            if cell is None:
                row[key] = ""
            else:
                value = cell.value if cell.value is not None else cell.text
                row[key] = round(value, 1) if isinstance(value, float) else value
        return row
