"""Reads of controlled documents for the portal, verification and search."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import Page

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease, ElectronicSignature
from qms.lib.inputs import same_code
from qms.lib.text import normalize_code


def document_code_taken(*, agency: Any, code: str, exclude_page_id: int | None) -> bool:
    """Whether another controlled document of the agency already uses this code.

    Codes compare normalised and case-insensitively (``qms.lib.text``): "QT-HT-01" typed with a
    non-breaking hyphen (U+2011), "qt-ht-01" and "QT-HT-01\u200b" are all "QT-HT-01".
    """
    code = normalize_code(code)
    for model in DOCUMENT_PAGE_MODELS:
        queryset = model.objects.filter(same_code("code", code), agency=agency)
        if exclude_page_id:
            queryset = queryset.exclude(pk=exclude_page_id)
        if queryset.exists():
            return True
    return False


def release_history(page: Page) -> list[DocumentRelease]:
    """Every release of a document, newest first, with signatures: one query each."""
    return list(
        DocumentRelease.objects.filter(page_id=page.pk)
        .select_related("superseded_by")
        .prefetch_related(
            Prefetch(
                "signatures", queryset=ElectronicSignature.objects.order_by("signed_at")
            )
        )
        .order_by("-number")
    )


def public_documents_under(page: Page) -> list[Any]:
    """Live controlled documents below a page, with their release in force (the portal lists)."""
    documents = list(
        page.get_descendants().live().public().specific().order_by("title")
    )
    ids = [d.pk for d in documents]
    current = {
        r.page_id: r
        for r in DocumentRelease.objects.filter(
            page_id__in=ids, superseded_at__isnull=True, withdrawn_at__isnull=True
        )
    }
    for document in documents:
        document.release_in_force = current.get(document.pk)
    return [d for d in documents if d.release_in_force is not None]


def release_for_token(token: str) -> DocumentRelease | None:
    return (
        DocumentRelease.objects.select_related("superseded_by", "page")
        .filter(verify_token=token)
        .first()
    )


def releases_in_force(
    queryset: QuerySet[DocumentRelease] | None = None,
) -> QuerySet[DocumentRelease]:
    base = queryset if queryset is not None else DocumentRelease.objects.all()
    return base.filter(superseded_at__isnull=True, withdrawn_at__isnull=True)


def document_pages_in_scope(user: Any) -> Any:
    """Controlled-document pages of the agencies the user may read (all for supervisors)."""
    from qms.scoping import agency_scope_for

    queryset = Page.objects.type(*DOCUMENT_PAGE_MODELS)
    readable = agency_scope_for(user).readable
    if readable is None:
        # A supervisor reads every agency's issued documents, never another agency's drafts.
        if user.is_superuser:
            return queryset
        return queryset.filter(pk__in=DocumentRelease.objects.values("page_id"))
    query = Q()
    for model in DOCUMENT_PAGE_MODELS:
        query |= Q(**{f"{model._meta.model_name}__agency__in": readable})
    return queryset.filter(query)


def public_release_forms() -> QuerySet[Any]:
    """Forms frozen with a release in force or superseded of a live, public document.

    Anyone may download these (issue 13 part 2): they were published. A withdrawn release,
    a withdrawn or restricted document and every draft's form rows are not among them.
    """
    from documents.models import ReleaseForm

    return ReleaseForm.objects.filter(
        release__withdrawn_at__isnull=True,
        release__page__in=Page.objects.live().public().values("pk"),
    ).exclude(file="")


def file_in_public_release(document: Any) -> bool:
    """Whether a published release froze this file object with the file it has now.

    A file object whose file was replaced after the release is not public through
    Wagtail's file URL: the frozen file is served by the release's own form URL.
    """
    return (
        public_release_forms()
        .filter(document=document, file=document.file.name)
        .exists()
    )


def file_readable_by(user: Any, document: Any) -> bool:
    """Whether a user may download a file of the admin: its agency is in their read scope.

    A file outside every agency collection (legacy Root uploads) is for whoever the
    collection permissions let choose or change it, otherwise for superusers only.
    """
    from wagtail.documents.permissions import permission_policy

    from qms.models import Agency
    from qms.scoping import agency_scope_for

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    agency_id = (
        Agency.objects.filter(collection_id=document.collection_id)
        .values_list("pk", flat=True)
        .first()
    )
    readable = agency_scope_for(user).readable
    if agency_id is not None and (readable is None or agency_id in readable):
        return True
    return permission_policy.user_has_any_permission_for_instance(
        user, ["choose", "change"], document
    )


# The dashboard lists this many documents due for review; the rest are one click away in the
# master list (issue 12: a supervisor's panel listed 671 rows on every dashboard load).
REVIEW_PANEL_ROWS = 10


def review_due_extract(
    *, on: dt.date, within_days: int, agency_ids: Any, limit: int = REVIEW_PANEL_ROWS
) -> tuple[list[Any], int]:
    """The ``limit`` documents whose review is nearest (or most overdue), and how many are due.

    Two queries per document type whatever the number due: the first ``limit`` of each type by
    date, and the count.
    """
    horizon = on + dt.timedelta(days=within_days)
    rows: list[Any] = []
    total = 0
    for model in DOCUMENT_PAGE_MODELS:
        queryset = model.objects.live().filter(next_review_date__lte=horizon)
        if agency_ids is not None:
            queryset = queryset.filter(agency_id__in=agency_ids)
        total += queryset.count()
        rows.extend(
            queryset.select_related("agency").order_by("next_review_date", "pk")[:limit]
        )
    rows.sort(key=lambda page: (page.next_review_date, page.pk))
    return rows[:limit], total
