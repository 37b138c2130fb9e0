"""Records list, holdings and disposal (ISO 9001:2015 7.5.3.2 retention and disposition; M40).

The quality officer keeps the agency's list of records and drafts a disposal minute; only
the agency's head, re-entering the password, signs it, and only then are the batches marked
destroyed. A signed minute is kept permanently with its PDF and SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from documents.models import DisposalMinute, RecordBatch, RecordSeries
from documents.records_pdf import BatchRow, MinuteData, render_disposal_minute
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.dates import format_date, format_datetime
from qms.models import StaffProfile
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

logger = logging.getLogger(__name__)


# --- who may do what ----------------------------------------------------------------------


def can_maintain(user: Any, agency_id: int | None) -> bool:
    """The agency's quality officer (or a superuser) keeps its list, batches and minutes."""
    if not getattr(user, "is_authenticated", False) or agency_id is None:
        return False
    if not (user.is_superuser or Role.QUALITY_OFFICER in user_roles(user)):
        return False
    writable = agency_scope_for(user).writable
    return writable is None or agency_id in writable


def _check_maintain(user: Any, agency_id: int | None) -> None:
    if not can_maintain(user, agency_id):
        raise PermissionDenied(
            _("Only the agency's ISO secretary keeps its records list and disposals.")
        )


def _head_profile(user: Any, agency_id: int) -> StaffProfile | None:
    """The signer's profile if they are a head of this very agency, in service."""
    if Role.HEAD not in user_roles(user):
        return None
    return (
        StaffProfile.objects.filter(user=user, agency_id=agency_id, is_active=True)
        .select_related("position")
        .first()
    )


# --- reads --------------------------------------------------------------------------------


def due_batches(
    queryset: QuerySet[RecordBatch], today: dt.date
) -> QuerySet[RecordBatch]:
    """Batches whose retention has run out and that are not yet destroyed (never permanent).

    A batch of year Y kept N years may go from 1 January of Y + N + 1 (``RecordBatch.due_year``).
    """
    return queryset.filter(
        series__permanent=False,
        disposed_at__isnull=True,
        year__lte=today.year - 1 - F("series__retention_years"),
    )


# --- the list and the holdings ------------------------------------------------------------


@transaction.atomic
def record_series_save(
    *, series: RecordSeries, user: Any, reason: str = ""
) -> RecordSeries:
    """Add or change a line of the agency's records list."""
    _check_maintain(user, series.agency_id)
    return record_change(series, user=user, reason=reason)


@transaction.atomic
def record_batch_save(
    *, batch: RecordBatch, user: Any, reason: str = ""
) -> RecordBatch:
    """Add or change a batch of holdings; a destroyed batch is never changed again."""
    series = RecordSeries.objects.filter(pk=batch.series_id).first()
    _check_maintain(user, series.agency_id if series else None)
    if batch.pk and batch.disposed_at is not None:
        raise TransitionError(_("This batch has been destroyed and cannot be changed."))
    return record_change(batch, user=user, reason=reason)


def _check_batches(
    minute: DisposalMinute, batches: Iterable[RecordBatch], today: dt.date
) -> list[RecordBatch]:
    """Refuse a batch that is kept permanently, not yet due, destroyed or in another minute."""
    chosen = list(batches)
    if not chosen:
        raise ValidationError({"batches": _("Choose at least one batch to destroy.")})
    errors: list[str] = []
    taken = set(
        DisposalMinute.batches.through.objects.filter(
            recordbatch__in=chosen, disposalminute__status=DisposalMinute.Status.DRAFT
        )
        .exclude(disposalminute_id=minute.pk)
        .values_list("recordbatch_id", flat=True)
    )
    for batch in chosen:
        series = batch.series
        if series.agency_id != minute.agency_id:
            errors.append(_("%(batch)s belongs to another agency.") % {"batch": batch})
        elif series.permanent:
            errors.append(
                _("%(batch)s is kept permanently and can never be destroyed.")
                % {"batch": batch}
            )
        elif batch.disposed_at is not None:
            errors.append(_("%(batch)s has already been destroyed.") % {"batch": batch})
        elif not batch.is_due(today):
            errors.append(
                _("%(batch)s is not yet due for disposal (from %(year)s).")
                % {"batch": batch, "year": batch.due_year}
            )
        elif batch.pk in taken:
            errors.append(
                _("%(batch)s is already in another minute waiting for signature.")
                % {"batch": batch}
            )
    if errors:
        raise ValidationError({"batches": errors})
    return chosen


@transaction.atomic
def disposal_minute_save(
    *,
    minute: DisposalMinute,
    batches: Iterable[RecordBatch],
    user: Any,
    reason: str = "",
    today: dt.date | None = None,
) -> DisposalMinute:
    """Draft or amend a disposal minute; a signed minute is never changed."""
    _check_maintain(user, minute.agency_id)
    if minute.pk and DisposalMinute.objects.get(pk=minute.pk).is_signed:
        raise TransitionError(
            _("A signed minute is kept as signed and cannot be changed.")
        )
    chosen = _check_batches(
        minute,
        RecordBatch.objects.filter(pk__in=[b.pk for b in batches]).select_related(
            "series"
        ),
        today or timezone.localdate(),
    )
    if minute.drafted_by_id is None:
        minute.drafted_by = user
    record_change(minute, user=user, reason=reason)
    minute.batches.set(chosen)
    return minute


# --- signing ------------------------------------------------------------------------------


def disposal_minute_sign(
    *, minute: DisposalMinute, user: Any, password: str, today: dt.date | None = None
) -> DisposalMinute:
    """The head signs the minute with the password; then, and only then, batches are destroyed."""
    # Checked outside the transaction so the refused attempt stays logged (as for documents).
    if not user.check_password(password):
        logger.warning(
            "Failed disposal minute signature by %s on minute %s",
            user.username,
            minute.pk,
        )
        log(instance=minute, action="documents.disposal.sign_failed", user=user)
        raise PermissionDenied(_("The password is wrong, so nothing was signed."))
    return _sign(minute.pk, user, today or timezone.localdate())


@transaction.atomic
def _sign(minute_id: int, user: Any, today: dt.date) -> DisposalMinute:
    minute = DisposalMinute.objects.select_for_update().get(pk=minute_id)
    profile = _head_profile(user, minute.agency_id)
    if profile is None:
        raise PermissionDenied(
            _("Only the head of the agency can sign a disposal minute.")
        )
    if minute.is_signed:
        raise TransitionError(_("This minute has already been signed."))
    batches = _check_batches(
        minute,
        minute.batches.select_related("series").order_by("series__code", "year"),
        today,
    )
    now = timezone.now()
    minute.status = DisposalMinute.Status.SIGNED
    minute.signed_by, minute.signed_at = user, now
    minute.signer_name, minute.signer_position = (
        profile.full_name,
        profile.position.name,
    )
    content = render_disposal_minute(_minute_data(minute, batches))
    minute.pdf.save(f"bien-ban-huy-{minute.pk}.pdf", ContentFile(content), save=False)
    minute.pdf_sha256 = hashlib.sha256(content).hexdigest()
    record_change(minute, user=user, reason=_("Disposal minute signed"), action=None)
    log(instance=minute, action="documents.disposal.sign", user=user)
    destroyed = _("Destroyed under minute %(number)s") % {"number": minute.number}
    for batch in batches:
        batch.disposed_at = now
        record_change(batch, user=user, reason=destroyed, update_fields=["disposed_at"])
    return minute


def _minute_data(minute: DisposalMinute, batches: list[RecordBatch]) -> MinuteData:
    drafter = (
        StaffProfile.objects.filter(user=minute.drafted_by)
        .values_list("full_name", flat=True)
        .first()
    )
    return MinuteData(
        agency=minute.agency.name,
        number=minute.number,
        meeting_date=format_date(minute.meeting_date, language="vi"),
        council=minute.council,
        method=minute.method,
        batches=[
            BatchRow(
                code=b.series.code,
                name=b.series.name,
                year=b.year,
                quantity=b.quantity,
                retention=f"{b.series.retention_years} năm",
                due_year=str(b.due_year),
            )
            for b in batches
        ],
        drafted_by=drafter or "",
        signer_name=minute.signer_name,
        signer_position=minute.signer_position,
        signed_at=format_datetime(minute.signed_at, language="vi"),
    )
