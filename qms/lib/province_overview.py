"""The columns of the province overview (issue 16 part 6, M28), contributed by each app.

The supervisors' overview draws one row per agency and one column per figure without
knowing every register: each app registers a ``qms_province_overview_columns`` Wagtail hook
returning its ``Column`` objects. A column's ``cells`` function receives every listed
agency id at once and must cost a constant number of queries (one aggregate per column,
never one per agency); each cell links to the register's list filtered for that agency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wagtail import hooks

HOOK = "qms_province_overview_columns"


@dataclass(frozen=True)
class Cell:
    """One agency's figure: the value sorted and exported, the text shown, the list it opens."""

    value: int | float | bool | dt.date | None
    text: str
    url: str = ""
    flag: bool = False  # needs the supervisor's attention (shown highlighted, counted)


# (agency ids, year, today) -> {agency id: Cell}; agencies with nothing may be left out.
CellsFunction = Callable[[Sequence[int], int, dt.date], dict[int, Cell]]


@dataclass(frozen=True)
class Column:
    key: str  # stable, used in URLs (?sort=) and export headers
    label: str  # translated, short
    order: int  # left to right: see ORDER
    cells: CellsFunction
    help: str = ""  # translated: what is counted and over which period
    percent: bool = False


# The column order; apps use these positions so the table reads the same everywhere.
ORDER = {
    "documents_in_force": 10,
    "reviews_overdue": 20,
    "reading_completion": 30,
    "competence_gaps": 40,
    "internal_audit": 50,
    "nonconformities_open": 60,
    "nonconformities_overdue": 65,
    "objectives_on_track": 70,
    "management_review": 80,
    "announcement_current": 90,
    "annual_report": 100,
}


def columns() -> list[Column]:
    """Every app's columns, left to right."""
    found: list[Column] = []
    for contribute in hooks.get_hooks(HOOK):
        found.extend(contribute())
    return sorted(found, key=lambda column: (column.order, column.key))
