"""Signed-only publishing: the one rule every door to "live" obeys (ISO 9001:2015 7.5.2(c)).

A controlled document goes live only as a revision that carries its complete signature chain —
a review and an approval over that exact revision, by people other than the submitter, with
hashes that still match — and leaves "live" only through the withdrawal service (password,
reason, recorded person). Wagtail has many doors to "live" (editor Publish, bulk actions,
revert-and-publish, scheduled go-live, copy with publish, unpublish, the workflow's finish);
the hooks in ``documents.wagtail_hooks`` close them with a Vietnamese message, and the checks
here sit below all of them in the page model, so a door nobody listed is refused too.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    # Imported lazily below: Wagtail imports this module (WAGTAIL_FINISH_WORKFLOW_ACTION)
    # while wagtail.models itself is still loading.
    from wagtail.models import Revision, WorkflowState

# Page ids whose unpublishing the withdrawal service has authorised in this context.
_withdrawals: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "documents_withdrawals", default=frozenset()
)


class UnsignedPublishError(PermissionDenied):
    """A controlled document was about to go live (or leave it) outside the signed workflow."""


def signature_chain_problems(revision: Revision) -> list[str]:
    """What is missing or wrong in the signature chain of ``revision`` (empty: complete)."""
    from documents.models import ElectronicSignature
    from documents.models.settings import DocumentSettings
    from documents.services.signing import revision_content_hash

    signatures = list(ElectronicSignature.objects.filter(revision_id=revision.pk))
    reviews = [s for s in signatures if s.meaning == ElectronicSignature.Meaning.REVIEW]
    approvals = [
        s for s in signatures if s.meaning == ElectronicSignature.Meaning.APPROVAL
    ]
    problems: list[str] = []
    if not reviews:
        problems.append(_("The revision has no review signature."))
    if not approvals:
        problems.append(_("The revision has no approval signature."))
    expected = revision_content_hash(revision)
    if any(s.content_hash != expected for s in signatures):
        problems.append(_("The signed content no longer matches the revision."))
    reviewers = {s.signer_id for s in reviews}
    approvers = {s.signer_id for s in approvals}
    if (
        reviewers
        and approvers
        and reviewers <= approvers
        and not DocumentSettings.load().allow_single_signer
    ):
        problems.append(_("The same person reviewed and approved the revision."))
    submitter = submitter_id(revision)
    if submitter is not None and submitter in reviewers | approvers:
        problems.append(_("The submitter signed their own revision."))
    return problems


def submitter_id(revision: Revision) -> int | None:
    """Who sent this revision into the workflow (Gửi duyệt), if it went through one."""
    from wagtail.models import WorkflowState

    state = (
        WorkflowState.objects.filter(task_states__revision_id=revision.pk)
        .order_by("-created_at")
        .values_list("requested_by_id", flat=True)
        .first()
    )
    return state


def require_signed(revision: Revision | None) -> None:
    """Refuse, with a Vietnamese reason, a revision that may not become the live one."""
    if revision is None:
        raise UnsignedPublishError(not_signed_message())
    problems = signature_chain_problems(revision)
    if problems:
        raise UnsignedPublishError(f"{not_signed_message()} {' '.join(problems)}")


def not_signed_message() -> str:
    return _(
        "A controlled document becomes effective only through review and approval with "
        "electronic signatures (Submit for review)."
    )


@contextlib.contextmanager
def withdrawal_authorised(page_id: int) -> Iterator[None]:
    """Let the withdrawal service (and only it) take this document offline."""
    token = _withdrawals.set(_withdrawals.get() | {page_id})
    try:
        yield
    finally:
        _withdrawals.reset(token)


def guard_live_change(page: Any, update_fields: Any = None) -> None:
    """Called by ControlledDocumentPage.save(): the last check below every door."""
    if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
        return
    from wagtail.models import Page

    if page.pk is None:
        # A new document always starts as a draft: Wagtail's create-and-publish and copy
        # build the page with live=True before any revision exists.
        if page.live:
            page.live = False
            page.has_unpublished_changes = True
        return
    stored = Page.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    if stored is None:
        return
    going_live = page.live and (
        not stored["live"] or page.live_revision_id != stored["live_revision_id"]
    )
    if going_live:
        require_signed(page.live_revision)
    if stored["live"] and not page.live and page.pk not in _withdrawals.get():
        raise UnsignedPublishError(
            _(
                "A controlled document leaves force only by withdrawal, with a reason and "
                "the signer's password (Withdraw)."
            )
        )


def publish_workflow_state(workflow_state: WorkflowState, user: Any = None) -> None:
    """WAGTAIL_FINISH_WORKFLOW_ACTION: publish exactly the revision that was signed.

    Wagtail's default publishes the page's *latest* revision, which an autosave or an edit
    during approval could have replaced; a controlled document publishes the revision of the
    approval step, and only if nothing newer was saved after it.
    """
    from wagtail.workflows import publish_workflow_state as wagtail_publish

    from documents.models import ControlledDocumentPage

    obj = workflow_state.content_object
    if not isinstance(getattr(obj, "specific", obj), ControlledDocumentPage):
        wagtail_publish(workflow_state, user=user)
        return
    revision = workflow_state.current_task_state.revision
    latest = obj.get_latest_revision()
    if latest is not None and latest.pk != revision.pk:
        raise UnsignedPublishError(
            _(
                "The document was changed after it was signed; submit the new version for "
                "review again."
            )
        )
    revision.publish(user=user, skip_permission_checks=True)
