"""Serving an uploaded training certificate, privately, to those who may read the record.

The file lives outside the public media URL space in production; this view is the only
way to it. Whoever may read the person's training record (the person, their agency's
officer and head, the province supervisor, the superuser) may download it; anyone else
gets a 404, as for every out-of-scope record (AC-03).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from training.models import Attendance
from training.scoping import staff_in_view


def attendance_certificate(request: HttpRequest, pk: int) -> FileResponse:
    attendance = (
        Attendance.objects.filter(pk=pk, staff__in=staff_in_view(request.user))
        .select_related("session__course")
        .first()
    )
    if attendance is None or not attendance.certificate:
        raise Http404
    return FileResponse(
        attendance.certificate.open("rb"),
        content_type="application/pdf",
        filename=f"chung-nhan-{attendance.pk}.pdf",
    )
