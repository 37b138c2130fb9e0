"""Admin wiring of external inspections: menu, screens, log actions, links and report."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from inspections.report import inspections_section


@hooks.register("register_admin_viewset")
def register_inspections() -> Any:
    from inspections.admin import InspectionsGroup

    return InspectionsGroup()


@hooks.register("register_admin_urls")
def register_inspection_urls() -> list[Any]:
    from inspections import admin as v

    return [
        path("kiem-tra/<int:pk>/", v.inspection_screen, name="inspections_screen"),
        path(
            "kiem-tra/ket-luan/<int:pk>/raise/",
            v.finding_raise,
            name="inspections_finding_raise",
        ),
    ]


@hooks.register("register_log_actions")
def register_inspection_log_actions(actions: Any) -> None:
    actions.register_action(
        "inspections.finding.raise_nonconformity",
        gettext_lazy("Raise a nonconformity from an inspection finding"),
        gettext_lazy("Nonconformity raised from an inspection finding"),
    )


@hooks.register("audits_nonconformity_links")
def inspection_of_nonconformity(nc: Any, user: Any) -> list[dict[str, str]]:
    """The nonconformity's screen links back to the inspection it was raised from."""
    from inspections.models import InspectionFinding
    from inspections.policies import INSPECTION_POLICY

    finding = (
        InspectionFinding.objects.filter(nonconformity_id=nc.pk)
        .select_related("inspection")
        .first()
    )
    if finding is None:
        return []
    inspection = finding.inspection
    link = {"label": str(_("External inspection")), "text": str(inspection), "url": ""}
    if INSPECTION_POLICY.user_has_permission_for_instance(user, "view", inspection):
        link["url"] = reverse("inspections_screen", args=[inspection.pk])
    return [link]


hooks.register("qms_annual_report_sections", inspections_section)
