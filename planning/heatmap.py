"""The likelihood × impact grid of an agency's risks, counted in one query (ISO 9001:2015 6.1).

Rows run from the most likely level down, columns from the least impact up, as risk
matrices are read. Each cell carries its rating, its band on the agency's scale and the
number of open or treated records in it; the screen colours it by band and links it to the
register filtered to that cell, and the review input prints the same counts as a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse

from planning.models import Risk, RiskLevelScale

LIVE = (Risk.Status.OPEN, Risk.Status.TREATED)


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    rating: int
    band: str
    count: int
    url: str


@dataclass
class HeatMap:
    scale: RiskLevelScale
    residual: bool
    rows: list[list[HeatCell]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row)

    def counts(self) -> dict[tuple[int, int], int]:
        return {(c.likelihood, c.impact): c.count for row in self.rows for c in row}

    def as_table(self, corner: str) -> list[list[str]]:
        """Rows of text: the impact levels across, the likelihood levels down, counts in."""
        heading = [corner] + [
            f"{n}. {label}" for n, label in enumerate(self.scale.impact_labels, 1)
        ]
        body = [
            [
                f"{row[0].likelihood}. {self.scale.likelihood_labels[row[0].likelihood - 1]}"
            ]
            + [str(cell.count) for cell in row]
            for row in self.rows
        ]
        return [heading, *body]


def heat_map(
    risks: QuerySet[Risk], scale: RiskLevelScale, *, residual: bool = False
) -> HeatMap:
    """Count ``risks`` (one agency's) per cell of ``scale``; closed records are left out."""
    first, second = (
        ("residual_likelihood", "residual_impact")
        if residual
        else ("likelihood", "impact")
    )
    rows = (
        risks.filter(status__in=LIVE, **{f"{first}__isnull": False})
        .order_by()
        .values_list(first, second)
        .annotate(n=Count("pk"))
    )
    counts: dict[tuple[int, int], int] = {(lk, im): n for lk, im, n in rows}
    base = reverse("planning_risks:index")
    grid = HeatMap(scale=scale, residual=residual)
    for likelihood in range(scale.likelihood_levels, 0, -1):
        row = []
        for impact in range(1, scale.impact_levels + 1):
            rating = likelihood * impact
            query: dict[str, Any] = {
                "agency": scale.agency_id,
                "live": "true",
                first: likelihood,
                second: impact,
            }
            row.append(
                HeatCell(
                    likelihood=likelihood,
                    impact=impact,
                    rating=rating,
                    band=scale.band(rating),
                    count=counts.get((likelihood, impact), 0),
                    url=f"{base}?{urlencode(query)}",
                )
            )
        grid.rows.append(row)
    return grid
