"""Admin hooks of the planning app: menu, action screens, My work, review inputs, logs."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from planning.my_work import my_work_treatment_actions
from planning.review import review_inputs


@hooks.register("register_admin_viewset")
def register_planning() -> Any:
    from planning.menu import PlanningGroup

    return PlanningGroup()


@hooks.register("register_admin_urls")
def register_planning_urls() -> list[Any]:
    from planning import views

    return [
        path(
            "planning/actions/<int:pk>/complete/",
            views.complete,
            name="planning_action_complete",
        ),
        path(
            "planning/actions/<int:pk>/cancel/",
            views.cancel,
            name="planning_action_cancel",
        ),
    ]


@hooks.register("register_log_actions")
def register_planning_log_actions(actions: Any) -> None:
    actions.register_action(
        "planning.treatmentaction.complete",
        _("Record a treatment action done"),
        _("Treatment action done"),
    )
    actions.register_action(
        "planning.treatmentaction.cancel",
        _("Cancel a treatment action"),
        _("Treatment action cancelled"),
    )


@hooks.register("insert_global_admin_css")
def planning_css() -> str:
    return format_html(
        '<link rel="stylesheet" href="{}">', static("planning/planning.css")
    )


hooks.register("qms_my_work", my_work_treatment_actions)
hooks.register("qms_review_inputs", review_inputs)
