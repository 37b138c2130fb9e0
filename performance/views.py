"""Admin screens of quality objectives: the agency's list, one objective, the overviews.

Who sees what: the ISO secretary and the head keep their agency's objectives (another
agency's answer 404); auditors read them; supervisors read every agency's, write nothing.
Views stay thin: every change is a service (performance.services) behind a form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from performance import selectors
from performance.forms import ApproveForm, ChangeForm, MeasurementForm, ObjectiveForm
from performance.models import Measurement, QualityObjective
from performance.services import (
    CHANGEABLE,
    may_approve,
    may_edit,
    measurement_record,
    objective_approve,
    objective_change,
    objective_create,
    periods_of,
)
from qms.lib.admin import run_service
from qms.models import Agency, StaffProfile
from qms.roles import Role
from qms.scoping import agency_scope_for, may_read_register, register_readable_ids

READER_ROLES = frozenset(
    {Role.QUALITY_OFFICER, Role.HEAD, Role.AUDITOR, Role.SUPERVISOR}
)


def may_read(user: Any) -> bool:
    """Whether the user opens the objectives' screens at all (scope narrows the rows)."""
    # An inspection team reads the inspected agencies (qms.scoping read grants).
    return may_read_register(user, READER_ROLES)


def _check_reader(request: HttpRequest) -> None:
    if not may_read(request.user):
        raise PermissionDenied


def _own_agency_id(user: Any) -> int | None:
    return (
        StaffProfile.objects.filter(user=user, is_active=True)
        .values_list("agency_id", flat=True)
        .first()
    )


def _readable_agencies(user: Any) -> QuerySet[Agency]:
    readable = register_readable_ids(user, READER_ROLES)
    agencies = Agency.objects.order_by("name")
    return agencies if readable is None else agencies.filter(pk__in=readable)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _visible(request: HttpRequest, pk: int) -> QualityObjective:
    """The objective if the user may read it; 404 outside their scope (AC-03)."""
    _check_reader(request)
    queryset = QualityObjective.objects.select_related(
        "agency", "indicator", "owner__staff_profile", "owner_unit", "approved_by"
    )
    readable = register_readable_ids(request.user, READER_ROLES)
    if readable is not None:
        queryset = queryset.filter(agency_id__in=readable)
    return get_object_or_404(queryset, pk=pk)


def objectives_index(request: HttpRequest) -> HttpResponse:
    """ "Mục tiêu chất lượng": the agency's objectives of a year, their latest status."""
    _check_reader(request)
    year = _year(request)
    agencies = list(_readable_agencies(request.user).values_list("pk", "name"))
    ids = {pk for pk, _name in agencies}
    try:
        agency_id: int | None = int(request.GET.get("agency", ""))
    except ValueError:
        agency_id = None
    if agency_id not in ids:
        agency_id = _own_agency_id(request.user)
        if agency_id not in ids:
            agency_id = agencies[0][0] if agencies else None
    objectives = (
        selectors.agency_objectives(agency_id, year) if agency_id is not None else []
    )
    this_year = timezone.localdate().year
    return TemplateResponse(
        request,
        "performance/admin/index.html",
        {
            "year": year,
            "years": range(this_year + 1, this_year - 5, -1),
            "agencies": agencies,
            "agency_id": agency_id,
            "agency_name": dict(agencies).get(agency_id, "") if agency_id else "",
            "objectives": objectives,
            "tally": selectors.tally(objectives),
            "can_add": agency_id is not None and may_edit(request.user, agency_id),
            "is_province": register_readable_ids(request.user, READER_ROLES) is None,
        },
    )


def province_overview(request: HttpRequest) -> HttpResponse:
    """Every agency's objectives of a year by status (supervisors: the whole province)."""
    _check_reader(request)
    year = _year(request)
    readable = register_readable_ids(request.user, READER_ROLES)
    rows = selectors.province_overview(year, readable)
    this_year = timezone.localdate().year
    return TemplateResponse(
        request,
        "performance/admin/province.html",
        {
            "year": year,
            "years": range(this_year + 1, this_year - 5, -1),
            "rows": rows,
            "total": _total(rows),
        },
    )


def _total(rows: list[selectors.AgencyRow]) -> selectors.Tally:
    total = selectors.Tally()
    for row in rows:
        total.objectives += row.tally.objectives
        total.approved += row.tally.approved
        for status, count in row.tally.counts.items():
            total.counts[status] = total.counts.get(status, 0) + count
    return total


def _period_choices(objective: QualityObjective) -> list[tuple[str, str]]:
    return [
        (
            f"{start.isoformat()}_{end.isoformat()}",
            selectors.period_label(start, end, objective.frequency),
        )
        for start, end in periods_of(objective)
    ]


def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One objective: its plan, the measurements by period, the chart against the target."""
    objective = _visible(request, pk)
    return _detail(request, objective, _measurement_form(objective, None))


def _measurement_form(objective: QualityObjective, data: Any) -> MeasurementForm:
    return MeasurementForm(data, periods=_period_choices(objective))


def _detail(
    request: HttpRequest, objective: QualityObjective, form: MeasurementForm
) -> HttpResponse:
    measurements = list(
        Measurement.objects.filter(objective=objective).select_related(
            "recorded_by__staff_profile"
        )
    )
    rows = selectors.period_rows(objective, measurements)
    if not form.is_bound:
        # The form proposes the first period that has ended without a measurement.
        today = timezone.localdate()
        due = [r for r in rows if r.measurement is None and r.end < today]
        if due:
            form.initial["period"] = (
                f"{due[0].start.isoformat()}_{due[0].end.isoformat()}"
            )
    editable = may_edit(request.user, objective.agency_id)
    history = objective.history.select_related("history_user__staff_profile")[:20]
    return TemplateResponse(
        request,
        "performance/admin/objective.html",
        {
            "objective": objective,
            "rows": rows,
            "chart": selectors.objective_chart(objective, rows),
            "form": form,
            "can_edit": editable,
            "can_measure": editable
            and objective.status == QualityObjective.Status.APPROVED,
            "can_approve": objective.status == QualityObjective.Status.DRAFT
            and may_approve(request.user, objective.agency_id),
            "history": history,
        },
    )


def objective_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter (or correct) one period's value; the objective's page shows the form too."""
    objective = _visible(request, pk)
    if not may_edit(request.user, objective.agency_id):
        raise PermissionDenied
    form = _measurement_form(
        objective, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["period"].split("_")
        if run_service(
            request,
            lambda: measurement_record(
                objective=objective,
                period_start=dt.date.fromisoformat(start),
                period_end=dt.date.fromisoformat(end),
                value=form.cleaned_data["value"],
                source=Measurement.Source.ENTERED,
                user=request.user,
                note=form.cleaned_data["note"],
            ),
            form=form,
        ):
            messages.success(request, _("Measurement recorded."))
            return redirect("performance_objective", objective.pk)
    return _detail(request, objective, form)


def _writable_agency_id(request: HttpRequest) -> int:
    writable = agency_scope_for(request.user).writable
    try:
        agency_id: int | None = int(request.GET.get("agency", ""))
    except ValueError:
        agency_id = None
    if agency_id is None or (writable is not None and agency_id not in writable):
        agency_id = _own_agency_id(request.user)
    if agency_id is None or not may_edit(request.user, agency_id):
        raise PermissionDenied
    return agency_id


def objective_add(request: HttpRequest) -> HttpResponse:
    """Draft a new objective for the user's agency (ISO 9001:2015 6.2.1, 6.2.2)."""
    _check_reader(request)
    agency_id = _writable_agency_id(request)
    form = ObjectiveForm(
        request.POST if request.method == "POST" else None,
        agency_id=agency_id,
        initial={"year": _year(request)},
    )
    if request.method == "POST" and form.is_valid():
        objective = form.save(commit=False)
        objective.agency_id = agency_id
        if run_service(
            request,
            lambda: objective_create(objective=objective, user=request.user),
            form,
        ):
            messages.success(request, _("Objective drafted; the head approves it."))
            return redirect("performance_objective", objective.pk)
    return TemplateResponse(
        request,
        "performance/admin/form.html",
        {"form": form, "title": _("New quality objective"), "objective": None},
    )


def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an objective, giving the reason the history keeps (ISO 6.2.1 g, 6.3)."""
    objective = _visible(request, pk)
    if not may_edit(request.user, objective.agency_id):
        raise PermissionDenied
    # The form edits a copy: the service locks and saves the row itself.
    form = ChangeForm(
        request.POST if request.method == "POST" else None,
        instance=QualityObjective.objects.get(pk=objective.pk),
        agency_id=objective.agency_id,
    )
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in CHANGEABLE
            if name in form.changed_data
        }
        if run_service(
            request,
            lambda: objective_change(
                objective=objective,
                user=request.user,
                reason=form.cleaned_data["reason"],
                changes=changes,
            ),
            form,
        ):
            messages.success(request, _("Objective changed."))
            return redirect("performance_objective", objective.pk)
    return TemplateResponse(
        request,
        "performance/admin/form.html",
        {"form": form, "title": _("Change the objective"), "objective": objective},
    )


def objective_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The head approves a draft objective by re-entering the password."""
    objective = _visible(request, pk)
    if not may_approve(request.user, objective.agency_id):
        raise PermissionDenied
    form = ApproveForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            request,
            lambda: objective_approve(
                objective=objective,
                user=request.user,
                password=form.cleaned_data["password"],
                reason=form.cleaned_data["reason"],
            ),
            form,
        )
    ):
        messages.success(request, _("Objective approved."))
        return redirect("performance_objective", objective.pk)
    return TemplateResponse(
        request,
        "performance/admin/form.html",
        {
            "form": form,
            "title": _("Approve the objective"),
            "objective": objective,
            "submit_label": _("Approve"),
        },
    )
