"""The province overview screen "Tổng quan toàn tỉnh" and its XLSX export (issue 16, M28).

Who sees it: supervisors (Sở Nội vụ, Sở KH&CN: directive 09/CT-UBND item 7 makes them
compare the agencies) and superusers. An agency's own people compare nothing across the
province and already have their registers, so they are refused rather than shown a
one-row table. Views stay thin: the table is built in ``supervision.overview``.
"""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.export_jobs import export_or_defer
from qms.lib.exports import XLSX, write_rows
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles
from supervision.exports import OverviewExport
from supervision.overview import Overview, build_overview, overview_charts
from supervision.render import table_rows

EXPORT_FILENAME = "tong-quan-toan-tinh"


def may_view(user: Any) -> bool:
    """Supervisors and superusers open the province overview."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_superuser or Role.SUPERVISOR in user_roles(user))


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return this_year
    return year if 2000 <= year <= 2100 else this_year


def _area(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("area", ""))
    except ValueError:
        return None


def province_overview(request: HttpRequest) -> HttpResponseBase:
    """Tổng quan toàn tỉnh: one row per active agency, sortable, filtered, charted."""
    if not may_view(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    overview = build_overview(
        year=_year(request),
        today=today,
        kind=request.GET.get("kind", ""),
        area=_area(request),
        sort=request.GET.get("sort", "name"),
        readable=agency_scope_for(request.user).readable,
    )
    if request.GET.get("export") == XLSX:
        return _export(request, overview)
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("export", None)
    return TemplateResponse(
        request,
        "supervision/admin/overview.html",
        {
            "overview": overview,
            "headers": _headers(overview, query.urlencode()),
            "table": table_rows(overview),
            "charts": overview_charts(overview, today),
            "years": range(today.year + 1, today.year - 5, -1),
            "kind": request.GET.get("kind", ""),
            "area": _area(request),
            "query": query.urlencode(),
            "export_query": _with(request, export=XLSX),
        },
    )


def _headers(overview: Overview, query: str) -> list[dict[str, Any]]:
    """Each heading with the link that sorts by it (again: the other way round)."""
    own = [
        ("name", _("Agency"), ""),
        ("kind", _("Agency type"), ""),
        ("area", _("Area"), ""),
    ]
    specs = own + [(c.key, str(c.label), str(c.help)) for c in overview.columns]
    headers = []
    for key, label, help_text in specs:
        ascending = overview.sort == key
        descending = overview.sort == f"-{key}"
        target = f"-{key}" if ascending else key
        headers.append(
            {
                "key": key,
                "label": label,
                "help": help_text,
                "url": f"?{query}&sort={target}" if query else f"?sort={target}",
                "aria_sort": "ascending"
                if ascending
                else "descending"
                if descending
                else "none",
            }
        )
    return headers


def _with(request: HttpRequest, **params: str) -> str:
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


def _export(request: HttpRequest, overview: Overview) -> HttpResponseBase:
    view = OverviewExport(overview)

    def write(out: IO[bytes]) -> int:
        return write_rows(view, overview.rows, XLSX, out)

    def inline() -> HttpResponse:
        import io

        out = io.BytesIO()
        write(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{EXPORT_FILENAME}-{overview.year}.xlsx"'
        )
        return response

    # A province's 500 agencies go to a background job like every long export (issue 12).
    return export_or_defer(
        request,
        title=_("Province overview"),
        filename=f"{EXPORT_FILENAME}-{overview.year}",
        fmt=XLSX,
        count=lambda: len(overview.rows),
        write=write,
        inline=inline,
    )
