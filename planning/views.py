"""Admin screens of the planning app beyond the registers: the heat map, action screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSet

from planning import services
from planning.admin import PlanningPolicy
from planning.forms import CompleteForm, ReasonForm
from planning.heatmap import heat_map
from planning.models import Risk, TreatmentAction
from qms.lib.admin import run_service
from qms.models import Agency
from qms.scoping import agency_scope_for


def _agencies(request: HttpRequest) -> Any:
    """Agencies whose register the user reads, by name."""
    readable = agency_scope_for(request.user).readable
    agencies = Agency.objects.order_by("name")
    return agencies if readable is None else agencies.filter(pk__in=readable)


def heat_map_view(request: HttpRequest) -> HttpResponse:
    """Likelihood × impact grid of one agency's open records; ``?residual=1`` after treatment."""
    if not PlanningPolicy(Risk).user_has_permission(request.user, "view"):
        raise PermissionDenied
    agencies = _agencies(request)
    wanted = request.GET.get("agency", "")
    agency = None
    if wanted.isdigit():
        agency = agencies.filter(pk=int(wanted)).first()
        if agency is None:
            raise Http404
    elif not wanted:
        own = (
            request.user.staff_profile.agency_id
            if hasattr(request.user, "staff_profile")
            else None
        )
        agency = agencies.filter(pk=own).first() if own else None
        agency = agency or agencies.first()
    if agency is None:
        raise Http404
    residual = request.GET.get("residual") == "1"
    grid = heat_map(
        Risk.objects.filter(agency=agency),
        services.scale_for(agency.pk),
        residual=residual,
    )
    return TemplateResponse(
        request,
        "planning/admin/heat_map.html",
        {
            "title": _("Heat map of risks and opportunities"),
            "agency": agency,
            "agencies": agencies if agencies.count() > 1 else None,
            "grid": grid,
            "residual": residual,
            "register_url": reverse("planning_risks:index") + f"?agency={agency.pk}",
        },
    )


class HeatMapViewSet(ViewSet):
    """The heat map as an item of the "Risks and opportunities" menu."""

    name = "planning_heat"
    url_prefix = "planning/heat-map"
    icon = "table"
    menu_label = gettext_lazy("Heat map")

    def get_urlpatterns(self) -> list[Any]:
        return [path("", heat_map_view, name="index")]


# --- Action screens: record done, cancel --------------------------------------------------


def _visible_action(request: HttpRequest, pk: int) -> TreatmentAction:
    """404 outside what the user may read (AC-03)."""
    visible = PlanningPolicy(TreatmentAction).instances_user_has_permission_for(
        request.user, "view"
    )
    return get_object_or_404(visible.select_related("risk"), pk=pk)


def _action_screen(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    act: Callable[[TreatmentAction, dict[str, Any]], Any],
    allowed: Callable[[Any, TreatmentAction], bool],
    texts: tuple[str, str, str],
) -> HttpResponse:
    action = _visible_action(request, pk)
    if not allowed(request.user, action):
        raise PermissionDenied
    title, submit_label, done = texts
    form = form_class(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(request, lambda: act(action, form.cleaned_data), form=form)
    ):
        messages.success(request, done)
        return redirect("planning_actions:inspect", action.pk)
    return TemplateResponse(
        request,
        "planning/admin/action_screen.html",
        {
            "action": action,
            "form": form,
            "title": title,
            "submit_label": submit_label,
        },
    )


def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner (or the ISO secretary) records the action done, with its evidence."""
    return _action_screen(
        request,
        pk,
        CompleteForm,
        lambda a, data: services.action_complete(
            action=a,
            user=request.user,
            evidence=data["evidence"],
            completed_on=data["completed_on"],
        ),
        services.may_complete,
        (
            _("Record the action as done"),
            _("Record as done"),
            _("The action was recorded as done."),
        ),
    )


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The ISO secretary cancels an action no longer needed, with the reason."""
    return _action_screen(
        request,
        pk,
        ReasonForm,
        lambda a, data: services.action_cancel(
            action=a, user=request.user, reason=data["reason"]
        ),
        lambda user, a: services.may_edit(user, a.agency_id),
        (
            _("Cancel the action"),
            _("Cancel the action"),
            _("The action was cancelled."),
        ),
    )
