"""The input pack (ISO 9001:2015 9.3.2): compiled from live data in the background.

``pack_request`` marks the review's pack as being generated and enqueues the task; the task
(``pack_build``) compiles every app's ``qms_review_inputs`` for the review's data range,
renders the PDF, stores it with its SHA-256 and what it printed (sections, tables, chart
SVGs) for the review screen. A failure is recorded on the review (never left "being
generated"): the screen shows it and offers to try again; a request older than
``STUCK_AFTER`` may be repeated, in case its message was lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from qms.exceptions import TransitionError
from qms.jobs import TRANSIENT_ERRORS, enqueue_on_commit
from qms.lib.changes import record_change
from qms.lib.dates import format_date
from qms.lib.review_inputs import ReviewInput, collect
from review.inputs import complete_pack
from review.models import ManagementReview
from review.services import may_manage

logger = logging.getLogger(__name__)
STUCK_AFTER = dt.timedelta(minutes=10)
Pack = ManagementReview.PackStatus


def may_request(review: ManagementReview, now: dt.datetime | None = None) -> bool:
    """Not while a recent request is being generated, nor once the minutes are signed."""
    if review.status == ManagementReview.Status.CLOSED:
        return False
    if review.pack_status != Pack.PENDING or review.pack_requested_at is None:
        return True
    return (now or timezone.now()) - review.pack_requested_at > STUCK_AFTER


def pack_request(*, review: ManagementReview, user: Any) -> ManagementReview:
    """Ask for the pack to be (re)generated from today's data."""
    from review.tasks import build_pack

    if not may_manage(user, review.agency_id):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        review = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if not may_request(review):
            raise TransitionError(_("The input pack is already being generated."))
        review.pack_status = Pack.PENDING
        review.pack_requested_at = timezone.now()
        review.pack_error = ""
        record_change(
            review,
            user=user,
            reason=_("Input pack requested"),
            action="review.pack.generate",
        )
        enqueue_on_commit(build_pack, review.pk)
    return review


def sections_data(sections: list[ReviewInput]) -> list[dict[str, Any]]:
    """What the screen shows: the same text, tables and charts (as SVG) as the PDF."""
    return [
        {
            "clause": s.clause,
            "title": s.title,
            "data_range": s.data_range,
            "summary": list(s.summary),
            "table": [list(map(str, row)) for row in s.table],
            "charts": [
                {
                    "title": c.title,
                    "description": c.description,
                    "svg": str(c.svg()),
                    "points": [list(p) for p in c.points],
                }
                for c in s.charts
            ],
        }
        for s in sections
    ]


def pack_data_range(
    review: ManagementReview, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The range the pack states and reads: the planned range, cut at the day it is drawn.

    A pack prepared before the meeting holds data up to today, not up to the meeting date
    it cannot know yet; each section says so (9.3.2 inputs from live data).
    """
    start, end = review.data_start, review.data_end
    assert start is not None and end is not None  # noqa: S101 - set by review_save
    end = min(end, today)
    return min(start, end), end


def render_pack(review: ManagementReview) -> tuple[bytes, list[dict[str, Any]]]:
    """Compile the inputs and render the PDF, in Vietnamese (an administrative document)."""
    from review.pdf import pack_pdf

    start, end = pack_data_range(review, timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        sections = complete_pack(collect(review.agency, start, end), start, end)
        content = pack_pdf(
            agency=review.agency.name,
            title=_("Input pack of the management review %(year)s")
            % {"year": review.year},
            lines=[
                _("Meeting planned on %(date)s")
                % {"date": format_date(review.planned_on)},
                _("Generated on %(date)s")
                % {"date": format_date(timezone.localdate())},
            ],
            sections=sections,
        )
        return content, sections_data(sections)


def pack_build(review_id: int, *, final: bool = True) -> bool:
    """The task's body: store the pack, or record why it failed; True when stored."""
    review = ManagementReview.objects.select_related("agency").get(pk=review_id)
    if review.pack_status != Pack.PENDING:
        return False  # a redelivered message: already done
    try:
        content, data = render_pack(review)
    except TRANSIENT_ERRORS:
        if not final:
            raise  # Celery retries; the review stays pending meanwhile
        logger.exception("Input pack of review %s failed", review_id)
        _record_failure(review_id, _("The input pack could not be generated."))
        return False
    except Exception:
        logger.exception("Input pack of review %s failed", review_id)
        _record_failure(review_id, _("The input pack could not be generated."))
        return False
    with transaction.atomic():
        review = ManagementReview.objects.select_for_update().get(pk=review_id)
        review.pack_pdf.save(
            f"ho-so-dau-vao-{review.agency_id}-{review.pk}.pdf",
            ContentFile(content),
            save=False,
        )
        review.pack_sha256 = hashlib.sha256(content).hexdigest()
        review.pack_data = data
        review.pack_status = Pack.READY
        review.pack_generated_at = timezone.now()
        record_change(
            review, user=None, reason=_("Input pack generated"), validate=False
        )
    return True


def _record_failure(review_id: int, message: str) -> None:
    with transaction.atomic():
        review = ManagementReview.objects.select_for_update().get(pk=review_id)
        review.pack_status = Pack.FAILED
        review.pack_error = message
        record_change(review, user=None, reason=_("Input pack failed"), validate=False)
