"""Dashboard panels show at most a few rows and link to the full list (issue 12).

A province supervisor's dashboard listed hundreds of rows on every load. ``capped`` reads one
row more than it shows, and counts only when there are more: two queries at most, whatever
the size of the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PANEL_ROWS = 10


@dataclass(frozen=True)
class Capped:
    """The first rows of a list and the size of the whole list."""

    rows: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def capped(items: QuerySet[Any] | Sequence[Any], limit: int = PANEL_ROWS) -> Capped:
    """The first ``limit`` items of a queryset (or list) and their total number."""
    rows = list(items[: limit + 1])
    if len(rows) <= limit:
        return Capped(rows, len(rows))
    total = items.count() if isinstance(items, QuerySet) else len(items)
    return Capped(rows[:limit], total)
