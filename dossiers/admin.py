"""Admin of the dossier statistics register: who reads it, the list by period, its filters.

The ISO secretary, the head and the internal auditors read their agency's statistics; the
supervisors every agency's. Nobody adds, edits or deletes a row by hand: rows come only from
an import (admin_views), which replaces a month's figures with history.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from dossiers.models import DossierImport, DossierStatistic
from qms.admin_viewsets import RefusedDeleteView, ScopedIndexView, ScopedModelViewSet
from qms.lib.columns import EMPTY
from qms.models import Agency
from qms.roles import Role
from qms.scoping import (
    AgencyScopedPermissionPolicy,
    may_read_register,
    register_readable_ids,
)

READER_ROLES = frozenset(
    {Role.QUALITY_OFFICER, Role.HEAD, Role.AUDITOR, Role.SUPERVISOR}
)


def may_read(user: Any) -> bool:
    # An inspection team reads the inspected agencies' statistics (qms.scoping grants).
    return may_read_register(user, READER_ROLES)


class ReadOnlyPolicy(AgencyScopedPermissionPolicy):
    """Read by role within the agency scope; every write goes through the import service."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action == "view" and may_read(user)

    def scope_ids(self, user: Any, action: str) -> frozenset[int] | None:
        return register_readable_ids(user, READER_ROLES)


def statistics_policy() -> ReadOnlyPolicy:
    return ReadOnlyPolicy(DossierStatistic, agency_lookups=("agency",))


def imports_policy() -> ReadOnlyPolicy:
    return ReadOnlyPolicy(DossierImport, agency_lookups=("agency",))


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - 6, -1)]


def _months() -> list[tuple[int, str]]:
    return [(month, f"{month:02d}") for month in range(1, 13)]


class StatisticFilterSet(WagtailFilterSet):
    year = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Year"),
        choices=_years,
        coerce=int,
        field_name="period_start__year",
    )
    month = django_filters.TypedChoiceFilter(
        label=gettext_lazy("Month"),
        choices=_months,
        coerce=int,
        field_name="period_start__month",
    )
    agency = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Agency"), queryset=Agency.objects.all()
    )
    national_code = django_filters.CharFilter(
        label=gettext_lazy("National procedure code"), lookup_expr="istartswith"
    )

    class Meta:
        model = DossierStatistic
        fields = ["agency", "national_code"]


class StatisticIndexView(ScopedIndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        return super().get_base_queryset().select_related("agency", "procedure")


def _period(stat: DossierStatistic) -> str:
    return f"{stat.period_start:%m/%Y}"


def _rate(stat: DossierStatistic) -> str:
    rate = stat.late_rate
    if rate is None:
        return EMPTY
    return f"{rate:.1f} %".replace(".", ",")


class DossierStatisticViewSet(ScopedModelViewSet):
    """ "Thống kê hồ sơ": the imported figures by procedure and month."""

    model = DossierStatistic
    name = "dossier_statistics"
    url_prefix = "dossiers/statistics"
    icon = "table"
    add_to_admin_menu = False
    index_view_class = StatisticIndexView
    delete_view_class = RefusedDeleteView
    filterset_class = StatisticFilterSet
    list_per_page = 50
    list_display = [
        "national_code",
        Column("procedure_name", label=gettext_lazy("Procedure name")),
        Column("period", label=gettext_lazy("Period"), accessor=_period),
        Column("agency", label=gettext_lazy("Agency"), accessor="agency"),
        Column("received", label=gettext_lazy("Dossiers received")),
        Column("resolved_early", label=gettext_lazy("Early")),
        Column("resolved_on_time", label=gettext_lazy("On time")),
        Column("resolved_late", label=gettext_lazy("Late")),
        Column("pending", label=gettext_lazy("Being processed")),
        Column("apology_letters", label=gettext_lazy("Apology letters")),
        Column("late_rate", label=gettext_lazy("Late rate"), accessor=_rate),
    ]
    search_fields = ["national_code", "procedure_name"]
    list_export = [
        "agency",
        "national_code",
        "procedure_name",
        "period_start",
        "received",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending",
        "returned",
        "apology_letters",
        "online",
    ]
    export_filename = "thong-ke-ho-so"
    inspect_view_fields = [
        "agency",
        "national_code",
        "procedure_name",
        "procedure",
        "period_start",
        "period_end",
        "carried_over",
        "received",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending",
        "returned",
        "apology_letters",
        "online",
        "import_batch",
    ]
    form_fields: list[str] = []

    @property
    def permission_policy(self) -> ReadOnlyPolicy:
        return statistics_policy()
