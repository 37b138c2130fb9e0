"""The public decision file: the announcement posted on the agency's page (QĐ 19/2014)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from conformity.models import Announcement


def public_decision(request: HttpRequest, pk: int) -> FileResponse:
    """The decision PDF, only while the announcement is in force and marked public."""
    announcement = Announcement.objects.filter(
        pk=pk, status=Announcement.Status.ACTIVE, is_public=True
    ).first()
    if announcement is None:
        raise Http404
    return FileResponse(
        announcement.file.open("rb"),
        content_type="application/pdf",
        filename=f"quyet-dinh-cong-bo-iso-{announcement.pk}.pdf",
    )
