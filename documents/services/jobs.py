"""Background jobs of a release: its controlled PDF and its announcement, visible and healing.

ISO 9001:2015 7.5.3.1 a): a released document must be available where it is needed, so a
release whose PDF or read-and-understood fan-out did not happen must never be forgotten. The
state of both lives on the release row (Postgres, not Redis): the PDF status with a human
reason, the time it last changed and the attempts, and whether the announcement ran. Tasks
are thin wrappers around the functions here; the sweeper hands back to the queue whatever a
lost message, a killed worker or a broker outage left behind.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.permission_policies.pages import PagePermissionPolicy

from documents.models import DocumentRelease
from documents.services.pdf import MissingFormFileError, release_pdf_bytes
from documents.signals import release_published
from qms.jobs import TRANSIENT_ERRORS, enqueue_on_commit

logger = logging.getLogger(__name__)
PdfStatus = DocumentRelease.PdfStatus

# A render is bounded by the task's hard time limit (180 s): "processing" for longer than
# this means its worker died without a word (killed, out of memory, host lost).
PROCESSING_LIMIT = dt.timedelta(minutes=10)
# Longer than the longest automatic retry wait (qms.jobs), so only a message that was really
# lost (broker down at publish, purged queue) is sent again.
QUEUED_LIMIT = dt.timedelta(minutes=3)
ANNOUNCE_LIMIT = dt.timedelta(minutes=3)
# A render that kills its worker this many times is a poison message: stop and say so.
MAX_RENDER_STARTS = 5
SWEEP_BATCH = 200


# --- reasons ------------------------------------------------------------------------------


def failure_reason(exc: BaseException) -> str:
    """A sentence in Vietnamese that says what went wrong and what to do about it."""
    with translation.override("vi"):
        return _reason(exc)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, MissingFormFileError):
        return _(
            "The file of form %(form)s is missing from storage. Upload the form's file "
            "again, then press “Regenerate PDF”."
        ) % {"form": exc.form}
    if isinstance(exc, SoftTimeLimitExceeded):
        return _(
            "Rendering took longer than the time limit. Shorten the document or split "
            "its attachments, then press “Regenerate PDF”."
        )
    if isinstance(exc, OSError):
        detail = exc.strerror or exc.__class__.__name__
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _(
                "The PDF could not be saved: the file storage is not writable. Ask the "
                "system administrator to check the media folder, then press "
                "“Regenerate PDF”."
            )
        if exc.errno == errno.ENOSPC:
            return _(
                "The PDF could not be saved: the file storage is full. Ask the system "
                "administrator to free space, then press “Regenerate PDF”."
            )
        return _(
            "The file storage could not be reached (%(detail)s). Press “Regenerate PDF” "
            "later; if it keeps failing, tell the system administrator."
        ) % {"detail": detail}
    if isinstance(exc, TRANSIENT_ERRORS):
        return _(
            "The database or the task queue could not be reached. Press “Regenerate "
            "PDF” later; if it keeps failing, tell the system administrator."
        )
    return _(
        "Rendering failed (%(detail)s). Tell the system administrator, then press "
        "“Regenerate PDF”."
    ) % {"detail": str(exc)[:300] or exc.__class__.__name__}


def _retrying_reason(attempt: int, exc: BaseException) -> str:
    with translation.override("vi"):
        return _("Attempt %(attempt)s failed; retrying automatically. %(reason)s") % {
            "attempt": attempt,
            "reason": _reason(exc),
        }


def _gave_up_reason() -> str:
    with translation.override("vi"):
        return _(
            "Rendering stopped %(count)s times before finishing (the worker was "
            "stopped or ran out of memory). Press “Regenerate PDF” to try again."
        ) % {"count": MAX_RENDER_STARTS}


# --- the PDF ------------------------------------------------------------------------------


def _set_status(release_id: int, status: str, error: str = "") -> None:
    DocumentRelease.objects.filter(pk=release_id).exclude(
        pdf_status=PdfStatus.READY
    ).update(pdf_status=status, pdf_error=error[:2000], pdf_status_at=timezone.now())


@transaction.atomic
def _start(release_id: int) -> DocumentRelease | None:
    """Mark the render started (committed, so the officer sees "processing")."""
    # skip_locked: a row locked by a render in progress belongs to that render.
    release = (
        DocumentRelease.objects.select_for_update(skip_locked=True)
        .filter(pk=release_id)
        .first()
    )
    if release is None or release.pdf_status == PdfStatus.READY:
        return None
    if (
        release.pdf_status == PdfStatus.PROCESSING
        and release.pdf_attempts >= MAX_RENDER_STARTS
    ):
        # The previous starts died without an outcome (out of memory, hard time limit) and
        # acks_late keeps bringing the message back: stop the loop and say so.
        release.pdf_status = PdfStatus.FAILED
        release.pdf_error = _gave_up_reason()
        release.pdf_status_at = timezone.now()
        release.save(update_fields=["pdf_status", "pdf_error", "pdf_status_at"])
        return None
    release.pdf_status = PdfStatus.PROCESSING
    release.pdf_status_at = timezone.now()
    release.pdf_attempts = F("pdf_attempts") + 1
    release.save(update_fields=["pdf_status", "pdf_status_at", "pdf_attempts"])
    release.refresh_from_db(fields=["pdf_attempts"])
    return release


@transaction.atomic
def _render_and_store(release_id: int) -> str:
    # The row stays locked while rendering: a second delivery of the same job skips it
    # instead of rendering twice, and if this worker dies the database drops the lock, so a
    # redelivered message (acks_late) can take over at once.
    release = (
        DocumentRelease.objects.select_for_update(skip_locked=True)
        .filter(pk=release_id)
        .first()
    )
    if release is None:
        return PdfStatus.PROCESSING  # another delivery holds it
    if release.pdf_status == PdfStatus.READY:
        return PdfStatus.READY
    data = release_pdf_bytes(release)
    # Files are never replaced in place: each render is a new stored object.
    release.pdf.save(
        f"{release.code}-{release.number_label}.pdf", ContentFile(data), save=False
    )
    release.pdf_sha256 = hashlib.sha256(data).hexdigest()
    release.pdf_status = PdfStatus.READY
    release.pdf_status_at = timezone.now()
    release.pdf_error = ""
    release.save(
        update_fields=["pdf", "pdf_sha256", "pdf_status", "pdf_status_at", "pdf_error"]
    )
    return PdfStatus.READY


def release_render_pdf(*, release_id: int, final: bool = True) -> str:
    """Render and store the controlled PDF of a release once; return its PDF status.

    A transient error (storage, database) is recorded and raised again so the task retries
    it, unless ``final``: then, like every other error, it ends ``failed`` with its reason and
    nothing is raised, so neither a worker nor a publishing request sees an exception.
    """
    started = _start(release_id)
    if started is None:
        current = DocumentRelease.objects.filter(pk=release_id).first()
        return current.pdf_status if current else "missing"
    try:
        return _render_and_store(release_id)
    except TRANSIENT_ERRORS as exc:
        if final:
            _set_status(release_id, PdfStatus.FAILED, failure_reason(exc))
            logger.warning("PDF of release %s failed: %r", release_id, exc)
            return PdfStatus.FAILED
        _set_status(
            release_id,
            PdfStatus.QUEUED,
            _retrying_reason(started.pdf_attempts, exc),
        )
        raise
    except Exception as exc:
        logger.exception("PDF of release %s failed", release_id)
        _set_status(release_id, PdfStatus.FAILED, failure_reason(exc))
        return PdfStatus.FAILED


def user_can_regenerate(*, user: Any, release: DocumentRelease) -> bool:
    """Whoever may edit the document (in their agency) may ask for its PDF again."""
    return (
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "change")
        .filter(pk=release.page_id)
        .exists()
    )


def pdf_is_stale(release: DocumentRelease, limit: dt.timedelta) -> bool:
    since = release.pdf_status_at or release.published_at
    return since < timezone.now() - limit


@transaction.atomic
def release_pdf_regenerate(*, release: DocumentRelease, user: Any) -> DocumentRelease:
    """Tạo lại PDF: queue a failed (or lost) render again; a ready PDF is left as it is."""
    if not user_can_regenerate(user=user, release=release):
        raise PermissionDenied(_("You may not do this on this document."))
    locked = DocumentRelease.objects.select_for_update().get(pk=release.pk)
    if locked.pdf_status == PdfStatus.READY:
        raise ValidationError(_("The PDF of this release is ready already."))
    if locked.pdf_status == PdfStatus.PROCESSING and not pdf_is_stale(
        locked, PROCESSING_LIMIT
    ):
        raise ValidationError(_("The PDF is being rendered now; wait a moment."))
    locked.pdf_status = PdfStatus.QUEUED
    locked.pdf_status_at = timezone.now()
    locked.pdf_error = ""
    locked.pdf_attempts = 0
    locked.save(
        update_fields=["pdf_status", "pdf_status_at", "pdf_error", "pdf_attempts"]
    )
    log(
        instance=locked.page.specific,
        action="documents.release.pdf_regenerate",
        user=user,
        data={"release": locked.number},
    )
    from documents.tasks import announce_release, render_release_pdf

    enqueue_on_commit(render_release_pdf, locked.pk)
    if locked.announced_at is None:
        # The fan-out is independent of the PDF; if it is still owed, owe it no longer.
        enqueue_on_commit(announce_release, locked.pk)
    return locked


# --- the announcement ---------------------------------------------------------------------


def release_announce(*, release_id: int) -> bool:
    """Send ``release_published`` for a release once and record that its receivers finished.

    The receivers (the read-and-understood fan-out) run inside this transaction and must be
    idempotent: if one fails, nothing is recorded and the task or the sweeper sends it again.
    Returns whether this call announced the release.
    """
    with transaction.atomic():
        release = (
            DocumentRelease.objects.select_for_update().filter(pk=release_id).first()
        )
        if release is None or release.announced_at is not None:
            return False
        release_published.send(sender=DocumentRelease, release=release)
        release.announced_at = timezone.now()
        release.save(update_fields=["announced_at"])
    return True


def release_jobs_enqueue(release_id: int) -> None:
    """Queue the PDF and the announcement of a new release after commit, never raising."""
    from documents.tasks import announce_release, render_release_pdf

    # Announce first: staff must be told of the release even if its PDF fails.
    enqueue_on_commit(announce_release, release_id)
    enqueue_on_commit(render_release_pdf, release_id)


# --- the sweeper --------------------------------------------------------------------------


@dataclass
class SweepResult:
    """What one sweep handed back to the queue (release ids)."""

    renders: list[int] = field(default_factory=list)
    gave_up: list[int] = field(default_factory=list)
    announcements: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.renders or self.gave_up or self.announcements)


def _stuck_renders(now: dt.datetime) -> tuple[list[int], list[int]]:
    since = Coalesce("pdf_status_at", "published_at")
    # A render in progress holds its row lock: skip_locked leaves it alone however long.
    stuck = list(
        DocumentRelease.objects.select_for_update(skip_locked=True)
        .alias(since=since)
        .filter(
            Q(pdf_status=PdfStatus.PROCESSING, since__lt=now - PROCESSING_LIMIT)
            | Q(pdf_status=PdfStatus.QUEUED, since__lt=now - QUEUED_LIMIT)
        )
        .order_by("pk")
        .values_list("pk", "pdf_attempts")[:SWEEP_BATCH]
    )
    gave_up = [pk for pk, attempts in stuck if attempts >= MAX_RENDER_STARTS]
    requeue = [pk for pk, attempts in stuck if attempts < MAX_RENDER_STARTS]
    return requeue, gave_up


@transaction.atomic
def release_jobs_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Hand back to the queue renders stuck in processing or queued, and owed announcements."""
    now = now or timezone.now()
    requeue, gave_up = _stuck_renders(now)
    if gave_up:
        DocumentRelease.objects.filter(pk__in=gave_up).update(
            pdf_status=PdfStatus.FAILED, pdf_error=_gave_up_reason(), pdf_status_at=now
        )
    # Restart the clock, so the next sweep waits for this message before sending another.
    DocumentRelease.objects.filter(pk__in=requeue).update(
        pdf_status=PdfStatus.QUEUED, pdf_status_at=now
    )
    announcements = list(
        DocumentRelease.objects.filter(
            announced_at__isnull=True, published_at__lt=now - ANNOUNCE_LIMIT
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    from documents.tasks import announce_release, render_release_pdf

    for pk in requeue:
        enqueue_on_commit(render_release_pdf, pk)
    for pk in announcements:
        enqueue_on_commit(announce_release, pk)
    if requeue or gave_up or announcements:
        logger.warning(
            "Release sweep: %s renders queued again, %s given up, %s announcements",
            len(requeue),
            len(gave_up),
            len(announcements),
        )
    return SweepResult(renders=requeue, gave_up=gave_up, announcements=announcements)


def releases_pdf_failed_queryset(*, agency_ids: Any) -> QuerySet[DocumentRelease]:
    """Releases whose PDF failed, in the given agencies (None: all), newest first."""
    from documents.models import DOCUMENT_PAGE_MODELS

    queryset = DocumentRelease.objects.filter(pdf_status=PdfStatus.FAILED)
    if agency_ids is not None:
        in_scope = Q()
        for model in DOCUMENT_PAGE_MODELS:
            in_scope |= Q(
                page_id__in=model.objects.filter(agency_id__in=agency_ids).values("pk")
            )
        queryset = queryset.filter(in_scope)
    return queryset.select_related("page").order_by("-pdf_status_at")


def releases_pdf_failed(*, agency_ids: Any, limit: int = 20) -> list[DocumentRelease]:
    """The newest ``limit`` releases whose PDF failed, in the given agencies."""
    return list(releases_pdf_failed_queryset(agency_ids=agency_ids)[:limit])
