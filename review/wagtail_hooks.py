"""Admin hooks of the review app: register, screens, dashboard alert, My work, inputs."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from qms.lib.capped import capped
from qms.lib.review_inputs import HOOK as REVIEW_INPUTS
from review.inputs import review_inputs
from review.my_work import my_work_review_actions

LOG_ACTIONS = [
    ("review.pack.generate", _("Generate input pack"), _("Input pack requested")),
    ("review.minutes.sign", _("Sign minutes"), _("Management review minutes signed")),
    (
        "review.minutes.sign_failed",
        _("Failed signature"),
        _("Signing refused: wrong password"),
    ),
]


@hooks.register("register_log_actions")
def register_review_log_actions(actions: Any) -> None:
    for name, label, message in LOG_ACTIONS:
        actions.register_action(name, label, message)


@hooks.register("register_admin_viewset")
def register_review_viewset() -> Any:
    from review.admin import ManagementReviewViewSet

    return ManagementReviewViewSet()


@hooks.register("register_admin_urls")
def register_review_urls() -> list[Any]:
    from review.admin import review_urls

    return review_urls()


class UnreviewedAgenciesPanel(Component):
    """Agencies with no management review held this year (QĐ 19/2014: once a year, R5)."""

    name = "review_unreviewed"
    template_name = "review/admin/unreviewed_panel.html"
    order = 135

    def __init__(self, agencies: list[Any], year: int) -> None:
        self.agencies, self.year = capped(agencies), year

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        from django.urls import reverse

        return {
            "agencies": self.agencies.rows,
            "capped": self.agencies,
            "year": self.year,
            "all_url": reverse("management_review:index"),
        }


def panel_agencies(user: Any, year: int) -> list[Any]:
    """The agencies a quality officer, head or supervisor is alerted about (none otherwise)."""
    from qms.roles import Role
    from qms.scoping import agency_scope_for, user_roles
    from review.services import agencies_without_review

    roles = user_roles(user)
    watchers = {Role.QUALITY_OFFICER, Role.HEAD, Role.SUPERVISOR}
    if not (user.is_superuser or roles & watchers):
        return []
    readable = agency_scope_for(user).readable
    return [
        a
        for a in agencies_without_review(year=year)
        if readable is None or a.pk in readable
    ]


@hooks.register("construct_homepage_panels")
def add_review_panel(request: Any, panels: list[Any]) -> None:
    from django.utils import timezone

    year = timezone.localdate().year
    missing = panel_agencies(request.user, year)
    if missing:
        panels.append(UnreviewedAgenciesPanel(missing, year))


hooks.register("qms_my_work", my_work_review_actions)
hooks.register(REVIEW_INPUTS, review_inputs)
