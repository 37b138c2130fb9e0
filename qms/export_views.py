"""The requester's background exports: the list "Tệp xuất của tôi" and the download."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from qms.models import ExportJob

PER_PAGE = 25


def exports(request: HttpRequest) -> HttpResponse:
    """The signed-in person's exports, newest first, with their status."""
    queryset = ExportJob.objects.filter(requested_by_id=request.user.pk)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "qms/admin/exports.html",
        {"title": _("My exports"), "page_obj": page},
    )


def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Serve a finished export to its requester only; anyone else finds nothing (404).

    The 404 of another person's id is logged as refused access by qms.security.
    """
    job = get_object_or_404(ExportJob, pk=pk, requested_by_id=request.user.pk)
    if job.is_expired or (job.status == ExportJob.Status.DONE and not job.file):
        messages.error(
            request,
            _(
                "This export file has expired and was deleted. Export the list again "
                "to get a current file."
            ),
        )
        return redirect("qms_exports")
    if job.status != ExportJob.Status.DONE:
        messages.warning(request, _("This export file is not ready."))
        return redirect("qms_exports")
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename
    )
    # The file may hold personal data: no shared cache keeps it, nor the browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response
