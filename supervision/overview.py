"""The province overview's table and charts (issue 16 part 6, M28; directive 09/CT-UBND item 7).

One row per active agency and one column per figure that an app registered through
``qms_province_overview_columns``, so the screen works with whatever columns exist. The cost
is one query for the agencies, each column's constant few, and two for the trend charts,
whatever the number of agencies (``bench/province_overview.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils.translation import gettext as _

from qms.lib.charts import Chart, bar_chart, line_chart
from qms.lib.province_overview import Cell, Column, columns
from qms.models import Agency

# Sort keys of the agency's own columns; every registered column's key sorts too.
AGENCY_KEYS = ("name", "kind", "area")
# The distribution charts' bands of a percentage, low to high.
BANDS = ((0, 20), (20, 40), (40, 60), (60, 80), (80, 101))


@dataclass
class Row:
    agency_id: int
    name: str
    kind: str
    kind_label: str
    area_id: int | None
    area_name: str
    cells: dict[str, Cell] = field(default_factory=dict)

    def cell_list(self, keys: Sequence[str]) -> list[Cell | None]:
        return [self.cells.get(key) for key in keys]


@dataclass
class Overview:
    year: int
    columns: list[Column]
    rows: list[Row]
    areas: list[tuple[int, str]]
    kinds: list[tuple[str, str]]
    sort: str
    flags: int = 0


def reference_day(year: int, today: dt.date) -> dt.date:
    """The day an agency must be active on to have a row: today, or the year's last day."""
    return today if year >= today.year else dt.date(year, 12, 31)


def _active(row: Mapping[str, Any], day: dt.date) -> bool:
    return row["valid_from"] <= day and (
        row["valid_to"] is None or day <= row["valid_to"]
    )


def _subtree(root: int, children: dict[int, list[int]]) -> set[int]:
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _agency_rows(
    year: int, today: dt.date, *, kind: str, area: int | None, readable: Any
) -> tuple[list[Row], list[tuple[int, str]]]:
    """The active agencies (filtered) as rows, and the areas offered by the filter.

    An agency's area is its parent agency (the superior body: the province committee, or a
    district before 1 July 2025); filtering by an area keeps its whole subtree.
    """
    day = reference_day(year, today)
    agencies = list(
        Agency.objects.values(
            "id", "name", "kind", "parent_id", "valid_from", "valid_to"
        )
    )
    names = {a["id"]: a["name"] for a in agencies}
    active = [a for a in agencies if _active(a, day)]
    children: dict[int, list[int]] = {}
    for agency in agencies:
        if agency["parent_id"] is not None:
            children.setdefault(agency["parent_id"], []).append(agency["id"])
    parents = {a["parent_id"] for a in active if a["parent_id"] is not None}
    areas = sorted(((pk, names[pk]) for pk in parents), key=lambda item: item[1])
    labels = {value: str(label) for value, label in Agency.Kind.choices}
    keep = _subtree(area, children) if area is not None else None
    rows = [
        Row(
            a["id"],
            a["name"],
            a["kind"],
            labels.get(a["kind"], a["kind"]),
            a["parent_id"],
            names.get(a["parent_id"], ""),
        )
        for a in active
        if (not kind or a["kind"] == kind)
        and (keep is None or a["id"] in keep)
        and (readable is None or a["id"] in readable)
    ]
    return rows, areas


def _sort_value(row: Row, key: str) -> Any:
    if key == "name":
        return row.name.casefold()
    if key == "kind":
        return row.kind_label.casefold()
    if key == "area":
        return row.area_name.casefold()
    cell = row.cells.get(key)
    return None if cell is None else cell.value


def sort_rows(rows: list[Row], sort: str, keys: Iterable[str]) -> str:
    """Sort ``rows`` in place by ``sort`` ("key" or "-key"); agencies without a figure last.

    Returns the sort actually applied (an unknown key sorts by name).
    """
    key = sort.removeprefix("-")
    if key not in (*AGENCY_KEYS, *keys):
        sort, key = "name", "name"
    rows.sort(key=lambda row: row.name.casefold())  # ties read by name
    known = [row for row in rows if _sort_value(row, key) is not None]
    unknown = [row for row in rows if _sort_value(row, key) is None]
    known.sort(key=lambda row: _sort_value(row, key), reverse=sort.startswith("-"))
    rows[:] = known + unknown
    return sort


def build_overview(
    *,
    year: int,
    today: dt.date,
    kind: str = "",
    area: int | None = None,
    sort: str = "name",
    readable: Any = None,
) -> Overview:
    """The table for ``year``: rows of the active agencies with every registered column."""
    rows, areas = _agency_rows(year, today, kind=kind, area=area, readable=readable)
    found = columns()
    ids = [row.agency_id for row in rows]
    for column in found:
        cells = column.cells(ids, year, today) if ids else {}
        for row in rows:
            cell = cells.get(row.agency_id)
            if cell is not None:
                row.cells[column.key] = cell
    applied = sort_rows(rows, sort, [column.key for column in found])
    kinds = [(str(value), str(label)) for value, label in Agency.Kind.choices]
    flags = sum(cell.flag for row in rows for cell in row.cells.values())
    return Overview(year, found, rows, areas, kinds, applied, flags)


def _band_label(low: int, high: int) -> str:
    return f"{low}–{min(high, 100)} %"


def distribution_chart(overview: Overview, column: Column) -> Chart:
    """How many agencies fall in each band of a percentage column."""
    counts = [0] * len(BANDS)
    missing = 0
    for row in overview.rows:
        cell = row.cells.get(column.key)
        value = None if cell is None else cell.value
        if not isinstance(value, int | float):
            missing += 1
            continue
        for index, (low, high) in enumerate(BANDS):
            if low <= value < high:
                counts[index] += 1
    labels = [_band_label(low, high) for low, high in BANDS]
    title = _("%(column)s: agencies by share") % {"column": column.label}
    description = _(
        "Number of agencies in each band of %(column)s in %(year)s; "
        "%(missing)s agencies have no figure."
    ) % {"column": column.label, "year": overview.year, "missing": missing}
    return bar_chart(
        title=title,
        labels=labels,
        values=counts,
        unit=_("agencies"),
        description=description,
    )


def _month_ends(year: int) -> list[dt.date]:
    return [
        (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        for month in range(1, 13)
    ]


def open_nonconformities_trend(ids: Sequence[int], year: int, today: dt.date) -> Chart:
    """Nonconformities open at the end of each month of the year (one aggregate query)."""
    from audits.models import Nonconformity

    ends = _month_ends(year)
    queryset = Nonconformity.objects.filter(agency_id__in=ids).exclude(
        status=Nonconformity.Status.CANCELLED
    )
    # Months not begun yet are left blank rather than drawn as today's figure.
    counts = {
        f"m{index}": Count(
            "pk",
            filter=Q(detected_on__lte=end)
            & (Q(closed_at__isnull=True) | Q(closed_at__date__gt=end)),
        )
        for index, end in enumerate(ends, start=1)
        if dt.date(year, index, 1) <= today
    }
    figures = queryset.aggregate(**counts) if counts and ids else {}
    if not ids:
        figures = dict.fromkeys(counts, 0)
    values = [figures.get(f"m{index}") for index in range(1, 13)]
    return line_chart(
        title=_("Open nonconformities at the end of each month"),
        labels=_month_labels(year),
        values=values,
        description=_(
            "Nonconformities of the listed agencies still open at the end of each month "
            "of %(year)s (months to come are blank)."
        )
        % {"year": year},
    )


def documents_issued_trend(ids: Sequence[int], year: int) -> Chart:
    """Releases issued each month of the year (by effective date), one grouped query."""
    from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease

    links = [m._meta.model_name for m in DOCUMENT_PAGE_MODELS]
    rows = (
        DocumentRelease.objects.annotate(
            agency_ref=Coalesce(*[f"page__{link}__agency_id" for link in links])
        )
        .filter(agency_ref__in=ids, effective_date__year=year)
        .annotate(month=ExtractMonth("effective_date"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts = {row["month"]: row["n"] for row in rows}
    return bar_chart(
        title=_("Documents issued each month"),
        labels=_month_labels(year),
        values=[counts.get(month, 0) for month in range(1, 13)],
        unit=_("releases"),
        description=_(
            "Releases of controlled documents of the listed agencies taking effect in "
            "each month of %(year)s."
        )
        % {"year": year},
    )


def _month_labels(year: int) -> list[str]:
    return [f"{month:02d}/{year}" for month in range(1, 13)]


def overview_charts(overview: Overview, today: dt.date) -> list[Chart]:
    """The distribution of each percentage column, then the two trends of the year."""
    charts = [distribution_chart(overview, c) for c in overview.columns if c.percent]
    ids = [row.agency_id for row in overview.rows]
    charts.append(open_nonconformities_trend(ids, overview.year, today))
    charts.append(documents_issued_trend(ids, overview.year))
    return charts
