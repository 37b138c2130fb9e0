"""Courses, sessions and attendance (ISO 9001:2015 7.2 d): saved through guarded services.

Attendance is evidence and is append-only: a correction is a new record pointing at the one
it corrects, with the reason (ISO 9001:2015 7.5.3.2 c: protected from unintended alteration).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qms.scoping import agency_scope_for
from training.models import Attendance, Quiz, TrainingCourse, TrainingSession


def _check_can_write(user: Any, agency_id: int | None) -> None:
    if user is None:
        return  # system actions: seed, tasks
    writable = agency_scope_for(user).writable
    if writable is not None and (agency_id is None or agency_id not in writable):
        raise PermissionDenied(
            _("You do not have permission to change this agency's data.")
        )


def _save(instance: Any, user: Any, reason: str) -> Any:
    instance.full_clean()
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
    return instance


@transaction.atomic
def course_save(course: TrainingCourse, user: Any, reason: str = "") -> TrainingCourse:
    return _save(course, user, reason)


@transaction.atomic
def session_save(
    session: TrainingSession, user: Any, reason: str = ""
) -> TrainingSession:
    if session.pk:
        old_agency = TrainingSession.objects.values_list("agency_id", flat=True).get(
            pk=session.pk
        )
        _check_can_write(user, old_agency)
    _check_can_write(user, session.agency_id)
    return _save(session, user, reason)


def _fingerprint(attendance: Attendance) -> None:
    if attendance.certificate:
        attendance.certificate.seek(0)
        attendance.certificate_sha256 = hashlib.sha256(
            attendance.certificate.read()
        ).hexdigest()
        attendance.certificate.seek(0)


@transaction.atomic
def attendance_record(
    attendance: Attendance, user: Any, reason: str = ""
) -> Attendance:
    """Record one person's attendance of a session (once; later changes are corrections)."""
    if attendance.pk:
        raise ValidationError(
            _("Attendance records are never edited; record a correction instead.")
        )
    _check_can_write(user, attendance.session.agency_id)
    attendance.agency_id = attendance.staff.agency_id
    attendance.recorded_by = user
    if (
        attendance.corrects_id is None
        and Attendance.objects.filter(
            session=attendance.session, staff=attendance.staff, corrects__isnull=True
        ).exists()
    ):
        raise ValidationError(
            _(
                "This person's attendance of the session is already recorded; correct it instead."
            )
        )
    _fingerprint(attendance)
    try:
        with transaction.atomic():
            return _save(attendance, user, reason)
    except IntegrityError:
        raise ValidationError(
            _("This record has already been corrected; correct the latest record.")
        ) from None


@transaction.atomic
def attendance_correct(
    *, original: Attendance, correction: Attendance, user: Any, reason: str
) -> Attendance:
    """Supersede ``original`` with ``correction``; the original stays, linked to it."""
    if not reason.strip():
        raise ValidationError(
            {"correction_reason": _("Say why the record is corrected.")}
        )
    original = Attendance.objects.select_for_update().get(pk=original.pk)
    if hasattr(original, "correction"):
        raise ValidationError(
            _("This record has already been corrected; correct the latest record.")
        )
    correction.session_id = original.session_id
    correction.staff_id = original.staff_id
    correction.corrects = original
    correction.correction_reason = reason
    if not correction.certificate and original.certificate:
        correction.certificate = original.certificate
        correction.certificate_sha256 = original.certificate_sha256
    return attendance_record(correction, user, reason)


@transaction.atomic
def quiz_save(quiz: Quiz, user: Any, reason: str = "") -> Quiz:
    """A quiz belongs to one controlled document of an agency the user may write."""
    page = quiz.page.specific if quiz.page_id else None
    agency_id = getattr(page, "agency_id", None)
    if agency_id is None:
        raise ValidationError({"page": _("Choose a controlled document.")})
    _check_can_write(user, agency_id)
    return _save(quiz, user, reason)
