"""In-app twins of the e-mails Wagtail sends about workflows (submitted, approved, rejected).

Wagtail's own notifiers e-mail the approvers and the submitter. These subclasses are
connected beside them to the same signals and pick the same recipients (active, with an
e-mail address, wanting that notification), but instead of e-mailing they create, for each,
the in-app notification with the same subject and a link to the object's edit screen.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import override
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from qms.lib.notify import notify_in_app, target_path
from qms.models import Notification


class InAppTwinMixin:
    """Replace the sending of a Wagtail e-mail notifier by the in-app notification."""

    def send_notifications(
        self,
        template_set: dict[str, str],
        context: dict[str, Any],
        recipients: Any,
        **kwargs: Any,
    ) -> bool:
        url = target_path(context["object"])
        for recipient in recipients:
            context["user"] = recipient
            # The very language Wagtail renders the e-mail in, so the subjects match.
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = render_to_string(template_set["subject"], context)
                body = render_to_string(template_set["text"], context)
            notify_in_app(
                recipient,
                kind=Notification.Kind.WORKFLOW,
                subject=" ".join(subject.split()),
                body=body.strip(),
                url=url,
                key=None,
            )
        return True


class TaskSubmittedTwin(InAppTwinMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    pass


class WorkflowSubmittedTwin(InAppTwinMixin, WorkflowStateSubmissionEmailNotifier):
    pass


class WorkflowApprovedTwin(InAppTwinMixin, WorkflowStateApprovalEmailNotifier):
    pass


class WorkflowRejectedTwin(InAppTwinMixin, WorkflowStateRejectionEmailNotifier):
    pass


def connect() -> None:
    """Connect the twins to Wagtail's workflow signals (called once, from QmsConfig.ready)."""
    # weak=False: the instances live only in the signal's receiver list.
    task_submitted.connect(
        TaskSubmittedTwin(),
        sender=TaskState,
        dispatch_uid="qms_twin_task_submitted",
        weak=False,
    )
    for signal, twin in [
        (workflow_submitted, WorkflowSubmittedTwin()),
        (workflow_approved, WorkflowApprovedTwin()),
        (workflow_rejected, WorkflowRejectedTwin()),
    ]:
        signal.connect(
            twin,
            sender=WorkflowState,
            dispatch_uid=f"qms_twin_{type(twin).__name__}",
            weak=False,
        )
