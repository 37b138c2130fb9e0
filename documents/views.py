"""Public views of controlled documents: verification of a printed copy, PDFs, search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease
from documents.selectors import release_for_token, verify_facts
from documents.services.search import search_documents
from qms.models import Agency
from qms.scoping import agency_scope_for

# Reliability test DP-04: long or operator-heavy queries are cut before they reach the backend.
MAX_QUERY_LENGTH = 200


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What a QR code on a printed copy opens: is this release still in force?"""
    release = release_for_token(token)
    if release is None:
        return render(request, "documents/verify_unknown.html", status=404)
    return render(
        request,
        "documents/verify.html",
        {
            "release": release,
            "facts": verify_facts(release),
            "today": timezone.localdate(),
        },
    )


def _can_read_obsolete(request: HttpRequest, release: DocumentRelease) -> bool:
    if not request.user.is_authenticated:
        return False
    agency_id = release.revision.as_object().agency_id
    readable = agency_scope_for(request.user).readable
    return readable is None or agency_id in readable


# Same-origin framing lets "My tasks" show the document beside the confirmation form.
@xframe_options_sameorigin
def release_pdf(request: HttpRequest, token: str) -> HttpResponseBase:
    """The controlled PDF: the release in force is public; older ones only for staff, stamped."""
    release = release_for_token(token)
    if release is None or release.pdf_status != DocumentRelease.PdfStatus.READY:
        raise Http404
    filename = f"{release.code}-{release.number_label}.pdf"
    response: HttpResponseBase
    if release.is_current and release.page.live:
        response = FileResponse(
            release.pdf.open("rb"), content_type="application/pdf", filename=filename
        )
    elif _can_read_obsolete(request, release):
        from documents.services.pdf import obsolete_copy

        response = HttpResponse(obsolete_copy(release), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        raise Http404
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def serve_file(
    request: HttpRequest, document_id: str, document_filename: str
) -> HttpResponseBase:
    """Wagtail's file serve view (with its hooks), and headers no file can subvert.

    AC-06: no script or sniffing in a served file; UP-08: the file name cannot inject a
    header or a parameter into Content-Disposition.
    """
    from wagtail.documents.views.serve import serve

    from qms.lib.filetypes import content_disposition

    response = serve(request, document_id, document_filename)
    if response.status_code == 200:
        inline = response.get("Content-Disposition", "").startswith("inline")
        response["Content-Disposition"] = content_disposition(
            document_filename, inline=inline
        )
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
    return response


def form_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A form frozen with a published release: served to anyone, named after its code.

    Only ``public_release_forms`` are served; any other id (a draft's form, a withdrawn
    release's) answers 404, for everyone.
    """
    from documents.selectors import public_release_forms
    from qms.lib.filetypes import FORM_KINDS, content_disposition

    form = public_release_forms().filter(pk=pk).first()
    kind = next((k for k in FORM_KINDS if form and k.extension == form.kind), None)
    if form is None or kind is None:
        raise Http404
    try:
        handle = form.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=kind.mime_type)
    response["Content-Disposition"] = content_disposition(
        form.download_name, inline=False
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def search(request: HttpRequest) -> HttpResponse:
    """Public search over live documents; diacritic-insensitive; never returns drafts (AC-07)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    agency_id = request.GET.get("agency", "")
    kind = request.GET.get("kind", "")
    results: list[Page] = []
    partial = False
    if query:
        results = _search(query, agency_id=agency_id, kind=kind)
        if not results and len(query.split()) > 1:
            # No document has every word: show those with some, and say so (issue 14).
            results = _search(query, agency_id=agency_id, kind=kind, any_word=True)
            partial = bool(results)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/search.html",
        {
            "query": query,
            "results": page,
            "partial": partial,
            "pager_query": urlencode(
                {
                    k: v
                    for k, v in (("q", query), ("agency", agency_id), ("kind", kind))
                    if v
                }
            ),
            "agencies": Agency.objects.filter(valid_to__isnull=True).order_by("name"),
            "agency_id": agency_id,
            "kind": kind,
            "kinds": [
                (m._meta.model_name, m._meta.verbose_name) for m in DOCUMENT_PAGE_MODELS
            ],
            "title": _("Search"),
        },
    )


def _search(
    query: str, *, agency_id: str, kind: str, any_word: bool = False
) -> list[Page]:
    """The best matches among live public documents: see documents.services.search."""
    return search_documents(
        query,
        agency_id=int(agency_id) if agency_id.isdigit() else None,
        kind=kind,
        any_word=any_word,
    )
