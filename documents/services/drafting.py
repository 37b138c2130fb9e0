"""Drafting and submitting documents outside the admin forms (demo data, scripts, tests)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from documents.editor import require_distribution
from documents.forms import agency_for_parent
from documents.models import ControlledDocumentPage
from documents.selectors import document_code_taken
from documents.services.signing import task_sign


@transaction.atomic
def document_draft(
    *, parent: Page, page: ControlledDocumentPage, user: Any
) -> ControlledDocumentPage:
    """Add a new document under an index as a draft, validated like the admin form does."""
    agency = agency_for_parent(parent)
    if agency is None:
        raise ValidationError(
            _("A controlled document must be placed under an agency's page.")
        )
    if document_code_taken(agency=agency, code=page.code, exclude_page_id=None):
        raise ValidationError(
            {
                "code": _("Another document of this agency already uses code %(code)s.")
                % {"code": page.code}
            }
        )
    page.agency = agency
    page.live = False
    page.owner = user
    parent.add_child(instance=page)
    page.save_revision(user=user)
    return page


@transaction.atomic
def document_submit(*, page: ControlledDocumentPage, user: Any) -> WorkflowState:
    """Send the latest revision into the page's workflow (Gửi duyệt).

    Refused while the revision names no unit or position to receive the document.
    """
    require_distribution(page)
    workflow = page.get_workflow()
    if workflow is None:
        raise ValueError("no workflow assigned")
    return workflow.start(page, user)


def document_sign_current_step(
    *, page: ControlledDocumentPage, user: Any, password: str, comment: str = ""
) -> None:
    """Sign the step the document is waiting on, as ``user``."""
    state = page.current_workflow_task_state.specific
    task_sign(
        task=state.task.specific,
        task_state=state,
        user=user,
        password=password,
        comment=comment,
    )
