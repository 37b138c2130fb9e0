"""Admin hooks of quality objectives: menu, screens, log actions, review inputs, My work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from performance import views
from performance.my_work import my_work_measurements_due
from performance.review_input import objectives_review_inputs
from performance.services import SIGN_FAILED


@hooks.register("register_admin_urls")
def register_performance_urls() -> list[Any]:
    return [
        path("objectives/", views.objectives_index, name="performance_objectives"),
        path(
            "objectives/overview/",
            views.province_overview,
            name="performance_province",
        ),
        path("objectives/add/", views.objective_add, name="performance_objective_add"),
        path(
            "objectives/<int:pk>/",
            views.objective_detail,
            name="performance_objective",
        ),
        path(
            "objectives/<int:pk>/edit/",
            views.objective_edit,
            name="performance_objective_edit",
        ),
        path(
            "objectives/<int:pk>/approve/",
            views.objective_approve_view,
            name="performance_objective_approve",
        ),
        path(
            "objectives/<int:pk>/measure/",
            views.objective_measure,
            name="performance_objective_measure",
        ),
    ]


class ObjectivesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return views.may_read(request.user)


@hooks.register("register_admin_menu_item")
def register_objectives_menu_item() -> MenuItem:
    # "Mục tiêu chất lượng" (issue 15): the secretary, the head, auditors, supervisors.
    return ObjectivesMenuItem(
        _("Quality objectives"),
        reverse("performance_objectives"),
        name="quality-objectives",
        icon_name="pick",
        order=170,
    )


@hooks.register("register_log_actions")
def register_performance_log_actions(actions: Any) -> None:
    actions.register_action(
        "performance.qualityobjective.approve",
        _("Approve a quality objective"),
        _("Quality objective approved"),
    )
    actions.register_action(
        SIGN_FAILED,
        _("Failed approval of a quality objective"),
        _("Approval of a quality objective refused: wrong password"),
    )


hooks.register("qms_review_inputs", objectives_review_inputs)
hooks.register("qms_my_work", my_work_measurements_due)
