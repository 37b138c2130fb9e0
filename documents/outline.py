"""The public procedure page's sections, numbered from what it actually has (issue 14 part 2).

QĐ 101/QĐ-BKHCN and the TTHC posting rules give the order: purpose, scope, legal basis,
definitions, the procedure itself (dossier, steps, fees), forms, records. A section with
nothing in it is left out, and the numbers follow what is shown: the page used to print
empty headings and jump from 5 to 7.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from documents.models.blocks import TimeUnit, to_working_hours

SECTION_ORDER = (
    "purpose",
    "scope",
    "legal_basis",
    "definitions",
    "procedure",
    "forms",
    "records",
)


_TAG = re.compile(r"<[^>]*>")


def _has_text(value: Any) -> bool:
    # Rich text left "empty" by the editor ("<p><br/></p>") has markup and no text.
    return bool(_TAG.sub("", str(value or "")).strip())


def section_numbers(
    page: Any, *, legal_bases: list[Any], forms: list[Any]
) -> dict[str, int]:
    """``{"purpose": 1, "scope": 2, ...}`` for the sections the page will show."""
    present = {
        "purpose": _has_text(page.purpose),
        "scope": _has_text(page.scope),
        "legal_basis": bool(legal_bases) or _has_text(page.references),
        "definitions": _has_text(page.definitions),
        "procedure": bool(page.body) or _has_text(getattr(page, "dossier", "")),
        "forms": bool(forms),
        "records": bool(page.records),
    }
    shown = [name for name in SECTION_ORDER if present[name]]
    return {name: number for number, name in enumerate(shown, start=1)}


@dataclass(frozen=True)
class TimeCheck:
    """The steps' total time set against the legal processing time limit."""

    total_hours: Decimal
    limit_hours: Decimal | None

    @property
    def total_days(self) -> Decimal:
        return (self.total_hours / TimeUnit.HOURS_PER_DAY).quantize(Decimal("0.01"))

    @property
    def over_limit(self) -> bool:
        return self.limit_hours is not None and self.total_hours > self.limit_hours


def steps_time(page: Any) -> TimeCheck | None:
    """Sum of the step tables' time limits, in working hours; None without any timed step."""
    total = Decimal(0)
    timed = False
    for block in page.body or []:
        if block.block_type != "steps":
            continue
        for row in block.value["steps"]:
            if row.get("time_limit") is not None:
                timed = True
                total += to_working_hours(Decimal(row["time_limit"]), row["time_unit"])
    if not timed:
        return None
    limit = getattr(page, "legal_time_limit", None)
    limit_hours = (
        to_working_hours(Decimal(limit), page.legal_time_unit) if limit else None
    )
    return TimeCheck(total_hours=total, limit_hours=limit_hours)
