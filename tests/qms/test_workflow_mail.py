"""Wagtail's workflow e-mails get their in-app twin too."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState

from qms.lib.workflow_mail import WorkflowApprovedTwin
from qms.models import Notification
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_approval_email_of_wagtail_has_its_twin():
    requester = UserFactory(email="thuky@example.vn")
    page = Page.objects.get(depth=2)
    workflow = Workflow.objects.create(name="Phê duyệt")
    state = WorkflowState.objects.create(
        content_object=page,
        base_content_type=page.content_type,
        content_type=page.content_type,
        workflow=workflow,
        requested_by=requester,
        status=WorkflowState.STATUS_APPROVED,
    )

    WorkflowApprovedTwin()(state)

    notification = Notification.objects.get(recipient=requester)
    assert notification.kind == Notification.Kind.WORKFLOW
    assert notification.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert mail.outbox == []  # the twin does not e-mail: Wagtail's own notifier does
    assert page.title in notification.subject
