"""The training matrix screen, bounded (issue 12): a page of staff, or a page of agencies.

Readers of one agency open on their agency's matrix, 50 staff a page, with only the columns
that apply to those staff. Readers whose scope spans many agencies (supervisors, a province
committee) first get a per-agency summary and drill down. The cells of a row are rendered
here to one string, each distinct cell once: a template loop with tags per cell was most of
the time of a ward's page (issue 12: 87 % of 1.35–2.0 s).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from qms.models import StaffProfile
from qms.scoping import agency_scope_for
from training.scoping import sees_only_own
from training.services.matrix import Cell, CellState, Matrix, training_matrix
from training.services.matrix_summary import agencies_with_staff, agency_summaries

STAFF_PER_PAGE = 50
AGENCIES_PER_PAGE = 50


def own_agency_id(user: Any) -> int | None:
    """The agency of the user's active staff profile (the matrix's default filter)."""
    return (
        StaffProfile.objects.filter(user_id=user.pk, is_active=True)
        .values_list("agency_id", flat=True)
        .first()
    )


def spans_many_agencies(user: Any) -> bool:
    """Supervisors, superusers and members of an agency with sub-agencies see a summary."""
    if sees_only_own(user):
        return False  # plain staff read only their own row, wherever they work
    scope = agency_scope_for(user)
    return scope.readable is None or len(scope.writable or ()) > 1


def _page(request: HttpRequest, queryset: QuerySet[Any], per_page: int) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("p"))


def _cell_html(cell: Cell) -> str:
    if cell.state == CellState.CURRENT:
        text = "✓"
    elif cell.state == CellState.NOT_REQUIRED:
        return '<td class="matrix-cell matrix-not_required">—</td>'
    else:
        text = escape(cell.label)
    if cell.until:
        text += f"<br><small>{date_format(cell.until, 'SHORT_DATE_FORMAT')}</small>"
    return f'<td class="matrix-cell matrix-{cell.state}">{text}</td>'


def rendered_rows(matrix: Matrix) -> list[tuple[Any, SafeString]]:
    """Each row with its cells as one safe HTML string; each distinct cell formatted once."""
    # Cells are shared immutable objects (a few dozen distinct ones): format each once.
    seen: dict[Cell, str] = {}
    rows = []
    for row in matrix.rows:
        parts = []
        for cell in row.cells:
            html = seen.get(cell)
            if html is None:
                html = seen[cell] = _cell_html(cell)
            parts.append(html)
        rows.append((row, mark_safe("".join(parts))))  # noqa: S308 - escaped above
    return rows


def staff_page_context(
    request: HttpRequest, staff: QuerySet[StaffProfile]
) -> dict[str, Any]:
    """One page of staff rows and the matrix of just those staff."""
    ordered = staff.order_by("agency__name", "receiving_unit__name", "full_name", "pk")
    page = _page(request, ordered.values_list("pk", flat=True), STAFF_PER_PAGE)
    matrix = training_matrix(StaffProfile.objects.filter(pk__in=list(page)))
    return {
        "matrix": matrix,
        "rows": rendered_rows(matrix),
        "page_obj": page,
        "elided_page_range": page.paginator.get_elided_page_range(page.number),
    }


def summary_context(
    request: HttpRequest, staff: QuerySet[StaffProfile]
) -> dict[str, Any]:
    """One page of agencies with their aggregate figures."""
    page = _page(request, agencies_with_staff(staff), AGENCIES_PER_PAGE)
    query = request.GET.copy()
    for name in ("p", "agency", "export"):
        query.pop(name, None)
    return {
        "summaries": agency_summaries(list(page), staff, timezone.localdate()),
        "page_obj": page,
        "elided_page_range": page.paginator.get_elided_page_range(page.number),
        "drill_query": query.urlencode(),
    }
