"""Query expressions the ORM lacks, for reads whose plan must not depend on planner costs."""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup


class InSubquery(Lookup):
    """``column IN (subquery)``, written ``column = ANY(ARRAY(subquery))`` on PostgreSQL.

    Use as a filter: ``queryset.filter(InSubquery(F("page_id"), pages.values("pk")))``.
    Issue 14 part 6: with a plain ``IN`` (or a join) PostgreSQL's default costs hash-joined
    a few hundred page ids against every release of the province, a sequential scan that
    grows with the province. ``ARRAY(subquery)`` runs the subquery once and probes the
    column's index with the result, whatever the table's size.
    """

    lookup_name = "in_subquery"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]
