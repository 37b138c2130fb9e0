"""The inputs of a management review (ISO 9001:2015 9.3.2), contributed by each app.

The review app compiles the input pack from live data without knowing every app: each app
registers a ``qms_review_inputs`` Wagtail hook, a function ``(agency, start, end) ->
list[ReviewInput]`` that reports its part for the period (objectives, risks, dossier
statistics, audits, nonconformities, feedback, training...). ``collect`` gathers and orders
them by clause. The same values print in the pack's PDF and show on its screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

from qms.lib.charts import Chart

HOOK = "qms_review_inputs"

# ISO 9001:2015 9.3.2, in the order the pack prints them.
CLAUSES = (
    "a",  # status of actions from previous management reviews
    "b",  # changes in external and internal issues
    "c1",  # customer satisfaction and feedback from interested parties
    "c2",  # extent to which quality objectives have been met
    "c3",  # process performance and conformity of services
    "c4",  # nonconformities and corrective actions
    "c5",  # monitoring and measurement results
    "c6",  # audit results
    "c7",  # performance of external providers
    "d",  # adequacy of resources
    "e",  # effectiveness of actions taken to address risks and opportunities
    "f",  # opportunities for improvement
)


@dataclass
class ReviewInput:
    """One section of the pack: what it covers, over which data range, and the figures."""

    clause: str  # one of CLAUSES
    title: str  # translated heading, e.g. "Mức độ đạt mục tiêu chất lượng"
    data_range: str  # translated, e.g. "Dữ liệu từ 01/01/2026 đến 31/10/2026"
    summary: list[str] = field(default_factory=list)  # plain-text paragraphs
    table: list[list[str]] = field(default_factory=list)  # first row is the heading
    charts: list[Chart] = field(default_factory=list)


def collect(agency: Any, start: dt.date, end: dt.date) -> list[ReviewInput]:
    """Every app's inputs for ``agency`` over ``start``–``end``, in 9.3.2 order."""
    inputs: list[ReviewInput] = []
    for contribute in hooks.get_hooks(HOOK):
        inputs.extend(contribute(agency, start, end))
    order = {clause: rank for rank, clause in enumerate(CLAUSES)}
    return sorted(inputs, key=lambda item: order.get(item.clause, len(order)))
