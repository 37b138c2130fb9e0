"""The approval workflow "Soát xét → Phê duyệt" on every document index (ISO 9001:2015 7.5.2(c))."""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

from documents.models import ElectronicSignature, SigningTask

WORKFLOW_NAME = "Soát xét → Phê duyệt"


@transaction.atomic
def workflow_ensure() -> Workflow:
    """Create the two-step signing workflow once (idempotent)."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    for order, (name, meaning) in enumerate(
        [
            ("Soát xét", ElectronicSignature.Meaning.REVIEW),
            ("Phê duyệt", ElectronicSignature.Meaning.APPROVAL),
        ]
    ):
        task = SigningTask.objects.create(name=name, meaning=meaning)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


def workflow_assign(*, page: Page) -> None:
    """Make every document under this index go through the signing workflow."""
    WorkflowPage.objects.get_or_create(
        page=page, defaults={"workflow": workflow_ensure()}
    )
