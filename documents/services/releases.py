"""Releases: created when an approved revision is published, superseded, withdrawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history
from wagtail.log_actions import log
from wagtail.models import Page, Revision

from documents.models import (
    ControlledDocumentPage,
    DocumentRelease,
    ElectronicSignature,
    ReviewFlag,
    default_review_months,
)
from documents.models.releases import amendment_summary_error
from documents.services.change_requests import (
    change_requests_answer,
    requests_answered_by,
    summary_with_answers,
)
from documents.services.form_freeze import release_forms_freeze
from documents.services.portal_lists import list_entries_refresh
from documents.services.signing import revision_content_hash
from documents.signals import release_withdrawn
from qms.lib.text import is_blank


def _effective_date(revision: Revision) -> dt.date:
    """The day this revision itself goes live (ISO 9001:2015 7.5.3.2), never inherited.

    A release is created when its revision really goes live: today, or — when the scheduler
    runs late — the go-live date chosen for *this* revision. A go-live date left in the page
    content by an earlier release is ignored, and a release never starts before its approval.
    """
    today = timezone.localdate()
    go_live = revision.approved_go_live_at
    effective = (
        timezone.localtime(go_live).date()
        if go_live is not None and go_live <= timezone.now()
        else today
    )
    approved = (
        ElectronicSignature.objects.filter(
            revision=revision, meaning=ElectronicSignature.Meaning.APPROVAL
        )
        .order_by("-signed_at")
        .values_list("signed_at", flat=True)
        .first()
    )
    if approved is not None:
        effective = max(effective, timezone.localtime(approved).date())
    return effective


@transaction.atomic
def release_publish(
    *, page: ControlledDocumentPage, revision: Revision, user: Any = None
) -> DocumentRelease:
    """Freeze a published revision as the next release and supersede the previous one.

    Idempotent: publishing the same revision twice yields the same release.
    """
    existing = DocumentRelease.objects.filter(revision=revision).first()
    if existing is not None:
        return existing
    previous = (
        DocumentRelease.objects.select_for_update()
        .filter(page_id=page.pk, superseded_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    last_number = (
        DocumentRelease.objects.filter(page_id=page.pk)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )
    document = revision.as_object()
    error = amendment_summary_error(page.pk, document.amendment_summary)
    if error:
        raise ValidationError(error)
    if user is None:
        # Published by the workflow: the publisher is whoever signed the approval.
        approval = (
            ElectronicSignature.objects.filter(
                revision=revision, meaning=ElectronicSignature.Meaning.APPROVAL
            )
            .select_related("signer")
            .first()
        )
        user = approval.signer if approval else revision.user
    now = timezone.now()
    if previous is not None:
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at"])
    # The change requests this release carries are named in its summary (issue 13 part 4);
    # releases are append-only, so the summary is complete when the row is created.
    answered = requests_answered_by(page.pk, revision)
    release = DocumentRelease.objects.create(
        page_id=page.pk,
        number=last_number + 1,
        amendment_summary=summary_with_answers(
            document.amendment_summary if last_number else _("First release"),
            answered,
        ),
        effective_date=_effective_date(revision),
        revision=revision,
        content_hash=revision_content_hash(revision),
        code=document.code,
        title=document.title,
        published_by=user,
    )
    # The forms published with this release are frozen with it (issue 13 part 2).
    release_forms_freeze(release=release, document=document)
    if previous is not None:
        previous.superseded_by = release
        previous.save(update_fields=["superseded_by"])
    ElectronicSignature.objects.filter(revision=revision, release__isnull=True).update(
        release=release
    )
    change_requests_answer(requests=answered, release=release, user=user)
    # A new release answers the "cần rà soát" flags raised by changes in its legal bases;
    # each flag keeps a history row saying which release answered it (ISO 7.5.3.2 c).
    flags = list(ReviewFlag.objects.filter(page_id=page.pk, resolved_at__isnull=True))
    for flag in flags:
        flag.resolved_at = now
    bulk_update_with_history(
        flags,
        ReviewFlag,
        ["resolved_at"],
        default_user=user,
        default_change_reason=_("Answered by release %(number)s")
        % {"number": release.number_label},
        default_date=now,
    )
    due = _schedule_review(page, release.effective_date)
    # The portal's lists show the new release in force (issue 14 part 6).
    list_entries_refresh(pages=[page.pk])
    log(
        instance=page,
        action="documents.release.publish",
        user=user,
        revision=revision,
        data={"release": release.number, "next_review_date": due.isoformat()},
    )

    # The PDF and the announcement (fan-out) are queued on commit and never raise into the
    # publish; their state on the release lets the sweeper finish them (documents/services/jobs).
    from documents.services.jobs import release_jobs_enqueue

    release_jobs_enqueue(release.pk)
    return release


def _schedule_review(page: ControlledDocumentPage, start: dt.date) -> dt.date:
    # Stored on the row directly: a review date is not content and must not create a revision.
    # Pages keep no simple-history; the date is traced by the publish log entry that carries
    # it (and by the release's effective date it derives from).
    due = page.review_due_from(start, default_review_months())
    type(page).objects.filter(pk=page.pk).update(next_review_date=due)
    return due


@transaction.atomic
def release_withdraw(*, page: Page, user: Any, reason: str) -> DocumentRelease | None:
    """Mark the release in force as withdrawn (Thu hồi); the page is unpublished by Wagtail."""
    if is_blank(reason):
        raise ValidationError(_("A withdrawal needs a reason."))
    current = (
        DocumentRelease.objects.select_for_update()
        .filter(page_id=page.pk, superseded_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    if current is None:
        return None
    current.withdrawn_at = timezone.now()
    current.withdrawn_by = user
    current.withdrawal_reason = reason
    current.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    list_entries_refresh(pages=[page.pk])  # and no longer list it
    log(
        instance=page,
        action="documents.release.withdraw",
        user=user,
        data={"reason": reason},
    )
    transaction.on_commit(
        lambda: release_withdrawn.send(sender=DocumentRelease, release=current)
    )
    return current
