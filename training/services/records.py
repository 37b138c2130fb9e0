"""Courses, sessions and attendance (ISO 9001:2015 7.2 d): saved through guarded services.

Attendance is evidence and is append-only: a correction is a new record pointing at the one
it corrects, with the reason (ISO 9001:2015 7.5.3.2 c: protected from unintended alteration).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.changes import record_change
from qms.lib.text import is_blank
from qms.services import (
    check_can_maintain_catalogue,
    check_can_maintain_province_register,
    check_can_write,
)
from training.models import (
    Attendance,
    CompetenceRequirement,
    Quiz,
    TrainingCourse,
    TrainingSession,
)


@transaction.atomic
def course_save(
    *, course: TrainingCourse, user: Any, reason: str = ""
) -> TrainingCourse:
    """The catalogue is shared by the province: its province-level agencies maintain it."""
    check_can_maintain_province_register(user)
    return record_change(course, user=user, reason=reason)


@transaction.atomic
def session_save(
    *, session: TrainingSession, user: Any, reason: str = ""
) -> TrainingSession:
    if session.pk:
        old_agency = TrainingSession.objects.values_list("agency_id", flat=True).get(
            pk=session.pk
        )
        check_can_write(user, old_agency)
    check_can_write(user, session.agency_id)
    return record_change(session, user=user, reason=reason)


def _fingerprint(attendance: Attendance) -> None:
    if attendance.certificate:
        attendance.certificate.seek(0)
        attendance.certificate_sha256 = hashlib.sha256(
            attendance.certificate.read()
        ).hexdigest()
        attendance.certificate.seek(0)


@transaction.atomic
def attendance_record(
    *, attendance: Attendance, user: Any, reason: str = ""
) -> Attendance:
    """Record one person's attendance of a session (once; later changes are corrections)."""
    if attendance.pk:
        raise ValidationError(
            _("Attendance records are never edited; record a correction instead.")
        )
    check_can_write(user, attendance.session.agency_id)
    # ISO 9001:2015 7.2(d): attendance is evidence of what happened; a session that has not
    # begun has nobody to record yet.
    if attendance.session.starts_on > timezone.localdate():
        raise ValidationError(
            {
                "session": _(
                    "This session has not started yet; record attendance from its start date."
                )
            }
        )
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
            return record_change(attendance, user=user, reason=reason)
    except IntegrityError:
        raise ValidationError(
            _("This record has already been corrected; correct the latest record.")
        ) from None


@transaction.atomic
def attendance_correct(
    *, original: Attendance, correction: Attendance, user: Any, reason: str
) -> Attendance:
    """Supersede ``original`` with ``correction``; the original stays, linked to it."""
    if is_blank(reason):
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
    return attendance_record(attendance=correction, user=user, reason=reason)


@transaction.atomic
def quiz_save(*, quiz: Quiz, user: Any, reason: str = "") -> Quiz:
    """A quiz belongs to one controlled document of an agency the user may write."""
    page = quiz.page.specific if quiz.page_id else None
    agency_id = getattr(page, "agency_id", None)
    if agency_id is None:
        raise ValidationError({"page": _("Choose a controlled document.")})
    check_can_write(user, agency_id)
    return record_change(quiz, user=user, reason=reason)


@transaction.atomic
def competence_requirement_save(
    *, requirement: CompetenceRequirement, user: Any, reason: str = ""
) -> CompetenceRequirement:
    """What a position needs (ISO 9001:2015 7.2 a): province-wide, kept by administrators."""
    check_can_maintain_catalogue(user, requirement)
    return record_change(requirement, user=user, reason=reason)
