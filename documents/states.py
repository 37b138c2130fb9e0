"""A controlled document's state in its own words, from its releases and workflow (issue 13).

Wagtail's page status ("live", "draft", "scheduled") says what the page row holds; it calls a
withdrawn procedure a "draft" and knows nothing of review and approval. ISO 9001:2015 7.5.3.2
asks which version is in force. So the state is read from our own records, in this order:

1. a release in force (not superseded, not withdrawn): **In force**, or **Awaiting effect**
   while its effective date is still ahead;
2. an approved revision waiting for its go-live date (Wagtail's scheduled publishing, set
   only by the signed workflow): **Awaiting effect**;
3. a last release that was withdrawn: **Withdrawn**;
4. never released: **Awaiting review** / **Awaiting approval** while the signing workflow is
   at that step, otherwise **Draft** (not yet submitted, returned for changes, or cancelled).

A document with a release also carries a second fact, the *pending* draft: a draft in the
review or approval step, a newer approved release waiting for its date, a draft returned
for changes, or an unsubmitted draft (a revision newer than the one released or scheduled).
A draft that was returned for changes carries it too.

Both are SQL expressions (``with_document_state``), so a listing filters and pages on them
and a page of rows costs the same few queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision, WorkflowState

from documents.models import DocumentRelease, ElectronicSignature


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Awaiting review")
    IN_APPROVAL = "in_approval", _("Awaiting approval")
    SCHEDULED = "scheduled", _("Awaiting effect")
    IN_FORCE = "in_force", _("In force")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PendingDraft(models.TextChoices):
    IN_REVIEW = "in_review", _("Has a draft awaiting review")
    IN_APPROVAL = "in_approval", _("Has a draft awaiting approval")
    SCHEDULED = "scheduled", _("Has a new release awaiting effect")
    RETURNED = "returned", _("Draft returned for changes")
    DRAFT = "draft", _("Has a draft amendment")


# States that come from a release (or an approved, scheduled revision): the document has
# been issued, so a newer draft is a second fact, not its state.
ISSUED = (DocumentState.IN_FORCE, DocumentState.SCHEDULED, DocumentState.WITHDRAWN)


def _object_id() -> Cast:
    # Revisions and workflow states name their object by a text id.
    return Cast(OuterRef("pk"), output_field=CharField())


def _workflow_states() -> QuerySet[WorkflowState]:
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=_object_id(),
    )


def _annotate_facts(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The facts both expressions read: one correlated subquery each, on indexed columns."""
    in_force = DocumentRelease.objects.filter(
        page_id=OuterRef("pk"), superseded_at__isnull=True, withdrawn_at__isnull=True
    )
    last = DocumentRelease.objects.filter(page_id=OuterRef("pk")).order_by("-number")
    scheduled = Revision.page_revisions.filter(
        object_id=_object_id(), approved_go_live_at__isnull=False
    ).order_by("-pk")
    running = _workflow_states().filter(status=WorkflowState.STATUS_IN_PROGRESS)
    return queryset.annotate(
        release_number=Subquery(in_force.values("number")[:1]),
        release_effective_date=Subquery(in_force.values("effective_date")[:1]),
        last_withdrawn_at=Subquery(last.values("withdrawn_at")[:1]),
        last_release_revision=Subquery(last.values("revision_id")[:1]),
        scheduled_revision=Subquery(scheduled.values("pk")[:1]),
        workflow_running=Exists(running),
        workflow_meaning=Subquery(
            running.values("current_task_state__task__signingtask__meaning")[:1]
        ),
        workflow_last_status=Subquery(
            _workflow_states().order_by("-pk").values("status")[:1]
        ),
    )


def _state_expression() -> Case:
    today = timezone.localdate()
    released = Q(release_number__isnull=False)
    approval = Q(workflow_meaning=ElectronicSignature.Meaning.APPROVAL)
    return Case(
        When(
            released & Q(release_effective_date__gt=today),
            then=Value(DocumentState.SCHEDULED.value),
        ),
        When(released, then=Value(DocumentState.IN_FORCE.value)),
        When(scheduled_revision__isnull=False, then=Value("scheduled")),
        When(last_withdrawn_at__isnull=False, then=Value("withdrawn")),
        When(Q(workflow_running=True) & approval, then=Value("in_approval")),
        When(workflow_running=True, then=Value("in_review")),
        default=Value(DocumentState.DRAFT.value),
        output_field=CharField(),
    )


def _pending_expression() -> Case:
    issued = Q(document_state__in=[s.value for s in ISSUED])
    running = Q(workflow_running=True)
    approval = Q(workflow_meaning=ElectronicSignature.Meaning.APPROVAL)
    returned = Q(workflow_last_status=WorkflowState.STATUS_NEEDS_CHANGES)
    newer_draft = ~Q(latest_revision_id=F("issued_revision"))
    return Case(
        When(issued & running & approval, then=Value("in_approval")),
        When(issued & running, then=Value("in_review")),
        When(
            Q(release_number__isnull=False, scheduled_revision__isnull=False),
            then=Value("scheduled"),
        ),
        When(returned & ~running, then=Value("returned")),
        When(issued & newer_draft, then=Value("draft")),
        default=Value(""),
        output_field=CharField(),
    )


def with_document_state(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Annotate ``document_state`` and ``document_pending`` (codes of the two choices above).

    Also annotates the release in force (``release_number``, ``release_effective_date``),
    which every list of documents shows beside the state.
    """
    return (
        _annotate_facts(queryset)
        .annotate(
            document_state=_state_expression(),
            issued_revision=Coalesce(
                "scheduled_revision",
                "last_release_revision",
                output_field=models.IntegerField(),
            ),
        )
        .annotate(document_pending=_pending_expression())
    )


def state_label(code: str) -> str:
    return str(DocumentState(code).label) if code else ""


def pending_label(code: str) -> str:
    return str(PendingDraft(code).label) if code else ""


def document_state(page: Page) -> tuple[DocumentState, PendingDraft | None]:
    """The state of one document, and its pending draft if any (one query if not annotated)."""
    if not hasattr(page, "document_state"):
        row = (
            with_document_state(Page.objects.filter(pk=page.pk))
            .values("document_state", "document_pending")
            .get()
        )
        page.document_state = row["document_state"]
        page.document_pending = row["document_pending"]
    pending = page.document_pending
    return DocumentState(page.document_state), PendingDraft(
        pending
    ) if pending else None
