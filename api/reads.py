"""What the public API reads: the portal's own rules (documents in force, public, live).

Constant queries per page of results whatever the number of agencies or documents: the
releases in force of the agency's live public documents (the public search table knows each
live document's agency), then their legal bases for the page of results, one query per
document type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import reverse

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease, DocumentSearchEntry
from documents.selectors import public_search_entries, releases_in_force
from qms.lib.lookups import InSubquery
from qms.lib.notify import absolute_url

# The type of a document as the API names it (English field values, stable).
TYPE_NAMES = {
    "procedurepage": "procedure",
    "internalrulepage": "internal_rule",
    "policypage": "policy",
}


def public_releases(agency_ids: list[int] | None = None) -> QuerySet[DocumentRelease]:
    """Releases in force of live documents no view restriction hides, with their agency."""
    public = public_search_entries()
    if agency_ids is not None:
        public = public.filter(agency_id__in=agency_ids)
    agency = DocumentSearchEntry.objects.filter(page_id=OuterRef("page_id"))
    return (
        releases_in_force()
        .filter(InSubquery(F("page_id"), public.values("page_id")))
        .select_related("page")
        .annotate(agency_id=Subquery(agency.values("agency_id")[:1]))
    )


def document_type(release: DocumentRelease) -> str:
    model = ContentType.objects.get_for_id(release.page.content_type_id).model
    return TYPE_NAMES.get(model, model)


def verify_url(release: DocumentRelease) -> str:
    return absolute_url(reverse("documents:verify", args=[release.verify_token]))


def pdf_url(release: DocumentRelease) -> str | None:
    if release.pdf_status != DocumentRelease.PdfStatus.READY:
        return None
    return absolute_url(reverse("documents:release_pdf", args=[release.verify_token]))


def page_url(release: DocumentRelease) -> str | None:
    page = release.page
    return absolute_url(page.url) if page.live and page.url else None


def legal_bases(page_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """The legal bases each document cites, by page id (one query per document type)."""
    ids = list(page_ids)
    found: dict[int, list[dict[str, Any]]] = {}
    for model in DOCUMENT_PAGE_MODELS:
        through = model._meta.get_field("legal_bases").remote_field.through
        page_field = f"{model._meta.model_name}_id"
        rows = (
            through.objects.filter(**{f"{page_field}__in": ids})
            .order_by("legaldocument__issue_date")
            .values(
                page_field,
                "legaldocument__number",
                "legaldocument__title",
                "legaldocument__status",
            )
        )
        for row in rows:
            found.setdefault(row[page_field], []).append(
                {
                    "number": row["legaldocument__number"],
                    "title": row["legaldocument__title"],
                    "status": row["legaldocument__status"],
                }
            )
    return found
