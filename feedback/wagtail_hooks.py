"""Admin hooks of the feedback app: the register, its action screens, My work, log actions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from feedback import admin as _admin
from feedback.my_work import my_work_to_answer


@hooks.register("register_admin_viewset")
def register_feedback_viewset() -> Any:
    return _admin.FeedbackViewSet()


@hooks.register("register_admin_urls")
def register_feedback_urls() -> list[Any]:
    from django.urls import path

    return [
        path("feedback/<int:pk>/answer/", _admin.answer, name="feedback_answer"),
        path(
            "feedback/<int:pk>/raise-nonconformity/",
            _admin.raise_nonconformity,
            name="feedback_raise_nc",
        ),
        path("feedback/<int:pk>/reopen/", _admin.reopen, name="feedback_reopen"),
    ]


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions: Any) -> None:
    for action, label, message in (
        ("answer", _("Answer citizen feedback"), _("Citizen feedback answered")),
        (
            "raise_nonconformity",
            _("Raise a nonconformity from feedback"),
            _("Nonconformity raised from citizen feedback"),
        ),
        ("reopen", _("Reopen citizen feedback"), _("Citizen feedback reopened")),
    ):
        actions.register_action(f"feedback.feedback.{action}", label, message)


@hooks.register("audits_nonconformity_links")
def feedback_of_nonconformity(nc: Any, user: Any) -> list[dict[str, str]]:
    """The nonconformity's screen links back to the feedback it was raised from."""
    from feedback.models import Feedback

    feedback = Feedback.objects.filter(nonconformity_id=nc.pk).first()
    if feedback is None:
        return []
    return [
        {
            "label": str(_("Citizen feedback")),
            "text": feedback.tracking_code,
            "url": reverse("feedback_register:inspect", args=[feedback.pk]),
        }
    ]


hooks.register("qms_my_work", my_work_to_answer)
