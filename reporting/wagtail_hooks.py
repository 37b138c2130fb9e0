"""Admin hooks of the reporting app: screens, menu, log actions, sections, overview column."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from qms.lib.annual_report import HOOK as REPORT_SECTIONS
from qms.lib.province_overview import HOOK as OVERVIEW_COLUMNS
from reporting.my_work import my_work_reports
from reporting.sections import annual_report_sections
from reporting.summary import overview_columns

LOG_ACTIONS = [
    (
        "reporting.report.submit",
        _("Sign and submit"),
        _("Annual report signed and submitted"),
    ),
    ("reporting.report.receive", _("Mark received"), _("Annual report received")),
    (
        "reporting.report.sign_failed",
        _("Failed signature"),
        _("Signing refused: wrong password"),
    ),
]


@hooks.register("register_log_actions")
def register_reporting_log_actions(actions: Any) -> None:
    for name, label, message in LOG_ACTIONS:
        actions.register_action(name, label, message)


@hooks.register("register_admin_urls")
def register_reporting_urls() -> list[Any]:
    from reporting.admin_views import reporting_urls

    return reporting_urls()


class ReaderMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        from reporting.services import may_read_reports

        return may_read_reports(request.user)


class SummaryMenuItem(MenuItem):
    def is_shown(self, request: Any) -> bool:
        from reporting.admin_views import _may_summarise

        return _may_summarise(request.user)


class ReportingSubmenu(SubmenuMenuItem):
    def is_shown(self, request: Any) -> bool:
        from reporting.services import may_read_reports

        return may_read_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reporting_menu() -> Any:
    menu = Menu(
        items=[
            ReaderMenuItem(
                _("Reports"),
                reverse("reporting_index"),
                name="annual-reports",
                icon_name="doc-full",
                order=10,
            ),
            SummaryMenuItem(
                _("Province summary"),
                reverse("reporting_summary"),
                name="annual-reports-summary",
                icon_name="table",
                order=20,
            ),
        ]
    )
    return ReportingSubmenu(
        _("Annual ISO report"),
        menu,
        name="annual-report-menu",
        icon_name="doc-full",
        order=175,
    )


hooks.register(REPORT_SECTIONS, annual_report_sections)
hooks.register(OVERVIEW_COLUMNS, overview_columns)
hooks.register("qms_my_work", my_work_reports)
