"""Where the officer sees a release's PDF job: its status page, listing column, dashboard panel.

The state itself lives on the release (documents.services.jobs); these only show it and hand
the "Tạo lại PDF" request to the service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column

from documents.models import DocumentRelease
from documents.services.jobs import (
    PROCESSING_LIMIT,
    pdf_is_stale,
    release_pdf_regenerate,
    user_can_regenerate,
)
from qms.lib.admin import run_service
from qms.lib.capped import Capped

PdfStatus = DocumentRelease.PdfStatus


def can_retry(release: DocumentRelease) -> bool:
    """Whether "Tạo lại PDF" makes sense now (not ready, not rendering at this moment)."""
    if release.pdf_status == PdfStatus.READY:
        return False
    if release.pdf_status == PdfStatus.PROCESSING:
        return pdf_is_stale(release, PROCESSING_LIMIT)
    return True


def _release_in_scope(request: HttpRequest, release_id: int) -> DocumentRelease:
    from documents.selectors import document_pages_in_scope

    release = (
        DocumentRelease.objects.filter(
            pk=release_id, page__in=document_pages_in_scope(request.user)
        )
        .select_related("page")
        .first()
    )
    if release is None:
        raise Http404
    return release


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def release_pdf(request: HttpRequest, release_id: int) -> HttpResponse:
    """The PDF of one release: its status with the reason, and "Tạo lại PDF" (POST)."""
    release = _release_in_scope(request, release_id)
    here = reverse("documents_release_pdf", args=[release.pk])
    if request.method == "POST":
        if run_service(
            request, lambda: release_pdf_regenerate(release=release, user=request.user)
        ):
            messages.success(
                request,
                _("The PDF of %(release)s has been queued again.")
                % {"release": release},
            )
        return redirect(_next_url(request, here))
    return TemplateResponse(
        request,
        "documents/admin/release_pdf.html",
        {
            "release": release,
            "page": release.page,
            "title": _("PDF of the release"),
            "can_retry": can_retry(release)
            and user_can_regenerate(user=request.user, release=release),
            "pdf_url": reverse("documents:release_pdf", args=[release.verify_token])
            if release.pdf_status == PdfStatus.READY
            else "",
        },
    )


class PdfStatusColumn(Column):
    """The Releases listing's PDF column: status, the failure reason, and the retry button."""

    cell_template_name = "documents/admin/release_pdf_cell.html"

    def get_cell_context_data(
        self, instance: Any, parent_context: Any
    ) -> dict[str, Any]:
        context: dict[str, Any] = super().get_cell_context_data(
            instance, parent_context
        )
        request = parent_context.get("request")
        context["status_url"] = reverse("documents_release_pdf", args=[instance.pk])
        context["can_retry"] = can_retry(instance)
        # Cells are rendered with their own context: the form needs the request's token.
        context["csrf_token"] = get_token(request) if request else ""
        context["next_url"] = request.get_full_path() if request else ""
        return context


class FailedPdfPanel(Component):
    """Dashboard panel "PDF lỗi": failed renders in the user's agencies, with their reasons."""

    name = "documents_failed_pdfs"
    template_name = "documents/admin/failed_pdf_panel.html"
    order = 105

    def __init__(self, releases: Capped) -> None:
        self.releases = releases  # the first rows and the total (issue 12: bounded)

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "releases": self.releases.rows,
            "capped": self.releases,
            "all_url": reverse("documentrelease:index") + "?pdf_status=failed",
        }


def latest_release(page_id: int) -> DocumentRelease | None:
    """The newest release of a document (the one whose PDF the officer cares about)."""
    return DocumentRelease.objects.filter(page_id=page_id).order_by("-number").first()
