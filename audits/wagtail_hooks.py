"""Admin of the audits app: viewsets, menu, reports, dashboard panels and log actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from qms.lib.capped import Capped, capped

LOG_ACTIONS = [
    ("audits.audit.start", _("Start audit"), _("Audit started")),
    ("audits.audit.report", _("Finish fieldwork"), _("Fieldwork finished")),
    ("audits.audit.close", _("Close audit"), _("Audit closed")),
    ("audits.programme.approve", _("Approve programme"), _("Audit programme approved")),
    ("audits.signature.sign", _("Sign report"), _("Audit report signed")),
    (
        "audits.signature.failed",
        _("Failed signature"),
        _("Signing refused: wrong password"),
    ),
    (
        "audits.nonconformity.create",
        _("Register nonconformity"),
        _("Nonconformity registered"),
    ),
    ("audits.nonconformity.edit", _("Edit nonconformity"), _("Nonconformity edited")),
    ("audits.nonconformity.analyse", _("Analyse cause"), _("Cause analysed")),
    ("audits.nonconformity.plan", _("Plan actions"), _("Corrective actions planned")),
    (
        "audits.nonconformity.implement",
        _("Implement actions"),
        _("Corrective actions implemented"),
    ),
    ("audits.nonconformity.verify", _("Verify"), _("Effectiveness verified")),
    ("audits.nonconformity.ineffective", _("Not effective"), _("Found not effective")),
    ("audits.nonconformity.close", _("Close nonconformity"), _("Nonconformity closed")),
    (
        "audits.nonconformity.cancel",
        _("Cancel nonconformity"),
        _("Nonconformity cancelled"),
    ),
    (
        "audits.nonconformity.reopen",
        _("Reopen nonconformity"),
        _("Nonconformity reopened"),
    ),
    (
        "audits.action.cancel",
        _("Cancel corrective action"),
        _("Corrective action cancelled"),
    ),
]


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for name, label, message in LOG_ACTIONS:
        actions.register_action(name, label, message)


@hooks.register("register_admin_viewset")
def register_audits() -> Any:
    from audits.viewsets import AuditsGroup

    return AuditsGroup()


@hooks.register("register_admin_urls")
def register_audit_urls() -> list[Any]:
    from django.urls import path

    from audits import admin_views as v

    return [
        path("audits/<int:pk>/workspace/", v.audit_workspace, name="audits_workspace"),
        path("audits/<int:pk>/start/", v.audit_start, name="audits_start"),
        path("audits/<int:pk>/finish/", v.audit_finish, name="audits_finish"),
        path("audits/<int:pk>/sign/", v.audit_sign, name="audits_sign"),
        path("audits/<int:pk>/close/", v.audit_close, name="audits_close"),
        path(
            "audits/<int:pk>/report.pdf", v.audit_report_pdf, name="audits_report_pdf"
        ),
        path(
            "audits/<int:pk>/checklist.pdf",
            v.audit_checklist_pdf,
            name="audits_checklist_pdf",
        ),
        path("audits/items/<int:pk>/record/", v.item_record, name="audits_item_record"),
        path("audits/items/<int:pk>/raise/", v.item_raise, name="audits_item_raise"),
        path(
            "audits/evidence/<int:pk>/",
            v.attachment_download,
            name="audits_attachment_download",
        ),
        path(
            "audits/templates/<int:pk>/checklist.pdf",
            v.template_checklist_pdf,
            name="audits_template_pdf",
        ),
        path(
            "audits/templates/<int:pk>/new-version/",
            v.template_new_version,
            name="audits_template_new_version",
        ),
        path(
            "audits/programmes/<int:pk>/calendar/",
            v.programme_calendar,
            name="audits_programme_calendar",
        ),
        path(
            "audits/programmes/<int:pk>/approve/",
            v.programme_approve,
            name="audits_programme_approve",
        ),
        path("skph/<int:pk>/", v.nc_workflow, name="audits_nc_workflow"),
        path("skph/<int:pk>/analyse/", v.nc_analyse, name="audits_nc_analyse"),
        path("skph/<int:pk>/plan/", v.nc_plan, name="audits_nc_plan"),
        path("skph/<int:pk>/verify/", v.nc_verify, name="audits_nc_verify"),
        path("skph/<int:pk>/close/", v.nc_close, name="audits_nc_close"),
        path("skph/<int:pk>/cancel/", v.nc_cancel, name="audits_nc_cancel"),
        path("skph/<int:pk>/reopen/", v.nc_reopen, name="audits_nc_reopen"),
        path("skph/actions/<int:pk>/", v.action_nc, name="audits_action_nc"),
        path("skph/actions/<int:pk>/done/", v.action_done, name="audits_action_done"),
        path(
            "skph/actions/<int:pk>/cancel/",
            v.action_cancel,
            name="audits_action_cancel",
        ),
    ]


class OverdueActionsPanel(Component):
    """Dashboard panel "SKPH quá hạn": open corrective actions past their due date."""

    name = "audits_overdue"
    template_name = "audits/admin/overdue_panel.html"
    order = 120

    def __init__(self, actions: Capped, today: dt.date) -> None:
        self.actions, self.today = actions, today  # first rows and total (issue 12)

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from django.urls import reverse

        # The corrective-action register, open and due before today.
        yesterday = self.today - dt.timedelta(days=1)
        query = f"?status=open&due_date_to={yesterday.isoformat()}"
        return {
            "actions": self.actions.rows,
            "capped": self.actions,
            "all_url": reverse("correctiveaction:index") + query,
        }


class UnauditedAgenciesPanel(Component):
    """Agencies that owe an internal audit this year and have completed none (9.2.1).

    Every active agency of a type QĐ 19/2014 obliges, and any agency a programme named.
    """

    name = "audits_unaudited"
    template_name = "audits/admin/unaudited_panel.html"
    order = 130

    def __init__(self, agencies: list[Any], year: int) -> None:
        self.agencies, self.year = (
            capped(agencies),
            year,
        )  # a province has 100+ (issue 12)

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from django.urls import reverse

        return {
            "agencies": self.agencies.rows,
            "capped": self.agencies,
            "year": self.year,
            "all_url": reverse("auditprogramme:index") + f"?year={self.year}",
        }


@hooks.register("construct_homepage_panels")
def add_audit_panels(request: Any, panels: list[Any]) -> None:
    from django.utils import timezone

    from audits.policies import NC_POLICY
    from audits.services.audits import agencies_without_completed_audit
    from audits.services.reminders import overdue_actions
    from qms.scoping import agency_scope_for

    user = request.user
    if not user.has_perm("audits.view_nonconformity"):
        return
    today = timezone.localdate()
    visible = NC_POLICY.instances_user_has_permission_for(user, "view")
    actions = capped(overdue_actions(on=today).filter(nonconformity__in=visible))
    if actions:
        panels.append(OverdueActionsPanel(actions, today))
    # Quality officers plan audits; supervisors oversee every agency (9.2.1: once a year).
    if user.has_perm("audits.add_audit") or user.is_superuser or readable_all(user):
        readable = agency_scope_for(user).readable
        missing = [
            a
            for a in agencies_without_completed_audit(year=today.year)
            if readable is None or a.pk in readable
        ]
        if missing:
            panels.append(UnauditedAgenciesPanel(missing, today.year))


def readable_all(user: Any) -> bool:
    from qms.scoping import agency_scope_for

    return agency_scope_for(user).readable is None


# Việc của tôi (issue 13): actions owned, nonconformities to analyse or verify, audits led
# or joined (audits.my_work), and the full list behind each group.
@hooks.register("qms_my_work")
def my_work_audits(user: Any) -> list[dict[str, Any]]:
    from audits.my_work import my_work_groups

    return my_work_groups(user)


@hooks.register("register_admin_urls")
def register_my_work_urls() -> list[Any]:
    from django.urls import path

    from audits.my_work import my_work_list_view

    return [
        path("audits/my-work/<slug:kind>/", my_work_list_view, name="audits_my_work")
    ]


@hooks.register("construct_homepage_panels")
def keep_audit_panels_for_those_who_act(request: Any, panels: list[Any]) -> None:
    """Dashboards per role (issue 13): overdue actions are followed up by the agency's
    managers and overseen by supervisors; an owner sees his own in My work, an auditor none.
    """
    from audits.services.common import MANAGER_ROLES
    from qms.roles import Role
    from qms.scoping import user_roles

    user = request.user
    roles = user_roles(user)
    if user.is_superuser or roles & (MANAGER_ROLES | {Role.SUPERVISOR}):
        return
    panels[:] = [panel for panel in panels if panel.name != "audits_overdue"]
