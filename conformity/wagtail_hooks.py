"""Admin hooks of the conformity app: screens, menu, logs, My work, portal, overview, report."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from conformity import admin_views
from conformity.my_work import my_work_conformity
from conformity.public import announcement_section
from conformity.reports import annual_report_sections, overview_columns
from conformity.services import APPROVE_FAILED, SIGN_FAILED
from qms.lib.annual_report import HOOK as ANNUAL_REPORT
from qms.lib.province_overview import HOOK as PROVINCE_OVERVIEW
from qms.selectors import PUBLIC_SECTIONS_HOOK

LOG_ACTIONS = [
    ("conformity.scope.approve", _("Approve an ISO scope"), _("ISO scope approved")),
    (
        APPROVE_FAILED,
        _("Failed approval of an ISO scope"),
        _("Approval of an ISO scope refused: wrong password"),
    ),
    (
        "conformity.announcement.create",
        _("Announce the QMS"),
        _("ISO announcement recorded"),
    ),
    (
        SIGN_FAILED,
        _("Failed signature of an ISO announcement"),
        _("Signing of an ISO announcement refused: wrong password"),
    ),
    (
        "conformity.announcement.withdraw",
        _("Withdraw an ISO announcement"),
        _("ISO announcement withdrawn"),
    ),
]


@hooks.register("register_log_actions")
def register_conformity_log_actions(actions: Any) -> None:
    for name, label, message in LOG_ACTIONS:
        actions.register_action(name, label, message)


@hooks.register("register_admin_urls")
def register_conformity_urls() -> list[Any]:
    return admin_views.admin_urls()


class ConformityMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.may_read(request.user)


@hooks.register("register_admin_menu_item")
def register_conformity_menu_item() -> MenuItem:
    # "Phạm vi và công bố HTQLCL" (ISO 4.3, QĐ 19/2014): beside the other ISO 4 registers.
    return ConformityMenuItem(
        _("ISO scope and announcement"),
        reverse("conformity_index"),
        name="iso-scope-announcement",
        icon_name="tasks",
        order=161,
    )


hooks.register("qms_my_work", my_work_conformity)
hooks.register(PUBLIC_SECTIONS_HOOK, announcement_section)
hooks.register(PROVINCE_OVERVIEW, overview_columns)
hooks.register(ANNUAL_REPORT, annual_report_sections)
