"""The public search over live controlled documents (issue 3, item 6; AC-07; DP-04).

Writes keep ``DocumentSearchEntry`` in step with what is live: ``index_page`` when a page is
published, ``remove_page`` when it is unpublished, ``rebuild`` for everything at once (the
``rebuild_search`` command and the data migration). Reads (``search_documents``): one
query for the best ``limit`` page ids (on PostgreSQL the tsvector columns the migration
adds; elsewhere, e.g. SQLite in development, ``icontains`` word by word over the folded
text), code and title matches before body-only ones; then one query for those pages, live
and public, with their agency.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from anyascii import anyascii
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length
from wagtail.models import Page, PageViewRestriction

from documents.models import (
    DOCUMENT_PAGE_MODELS,
    ControlledDocumentPage,
    DocumentSearchEntry,
)

RESULTS_LIMIT = 50
REBUILD_BATCH = 500
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case ASCII: "Đăng ký khai sinh" -> "dang ky khai sinh"."""
    return anyascii(text).lower()


def _entry(page: ControlledDocumentPage) -> DocumentSearchEntry:
    return DocumentSearchEntry(
        page_id=page.pk,
        agency_id=page.agency_id,
        kind=page._meta.model_name or "",
        code=page.code,
        title=page.title,
        heading=fold(f"{page.code} {page.title}"),
        body=fold(page.body_text()),
    )


def index_page(page: Any) -> None:
    """Put a controlled document's live content in the search table (or take it out)."""
    if not isinstance(page, ControlledDocumentPage):
        return
    if not page.live:
        remove_page(page)
        return
    entry = _entry(page)
    DocumentSearchEntry.objects.update_or_create(
        page_id=entry.page_id,
        defaults={
            f.attname: getattr(entry, f.attname)
            for f in DocumentSearchEntry._meta.concrete_fields
            if not f.primary_key
        },
    )


def remove_page(page: Any) -> None:
    DocumentSearchEntry.objects.filter(page_id=page.pk).delete()


def _live_documents() -> Iterator[ControlledDocumentPage]:
    for model in DOCUMENT_PAGE_MODELS:
        queryset = model.objects.live().order_by("pk")
        if hasattr(model, "form_attachments"):
            queryset = queryset.prefetch_related("form_attachments__file")
        yield from queryset.iterator(chunk_size=REBUILD_BATCH)


def _batches(pages: Iterable[ControlledDocumentPage]) -> Iterator[list[Any]]:
    batch: list[DocumentSearchEntry] = []
    for page in pages:
        batch.append(_entry(page))
        if len(batch) == REBUILD_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def rebuild() -> int:
    """Replace the whole search table with the live documents' content; returns the count."""
    DocumentSearchEntry.objects.all().delete()
    count = 0
    for batch in _batches(_live_documents()):
        DocumentSearchEntry.objects.bulk_create(batch)
        count += len(batch)
    return count


def _private_q() -> Q:
    """Wagtail's ``public()`` through the entry's page: no page under a view restriction."""
    q = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q |= Q(page__path__startswith=path)
    return q


# Title and code matches first (the shortest matching heading, i.e. the most specific title,
# leads), then body-only matches by code. Each part walks a btree in that order and stops at
# LIMIT, so a word found in all 20,000 documents costs as little as a rare one (the planner
# takes the GIN index instead when the matches are few). Append runs the second part only
# if the first one did not fill the page.
PG_QUERY = """
SELECT page_id FROM (
  (SELECT page_id FROM {table} WHERE heading_vector @@ plainto_tsquery('simple', %(q)s)
   {filters} ORDER BY length(heading), code, page_id LIMIT %(limit)s)
  UNION ALL
  (SELECT page_id FROM {table} WHERE vector @@ plainto_tsquery('simple', %(q)s)
   AND NOT heading_vector @@ plainto_tsquery('simple', %(q)s)
   {filters} ORDER BY code, page_id LIMIT %(limit)s)
) AS found LIMIT %(limit)s
"""


def _ranked_ids_postgresql(
    folded: str, agency_id: int | None, kind: str, limit: int
) -> list[int]:
    filters = ""
    if agency_id is not None:
        filters += " AND agency_id = %(agency)s"
    if kind:
        filters += " AND kind = %(kind)s"
    sql = PG_QUERY.format(table=DocumentSearchEntry._meta.db_table, filters=filters)
    params: dict[str, int | str | None] = {
        "q": folded,
        "limit": limit,
        "agency": agency_id,
        "kind": kind,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _ranked_ids_fallback(
    folded: str, agency_id: int | None, kind: str, limit: int
) -> list[int]:
    words = WORD.findall(folded)
    if not words:
        return []
    entries = DocumentSearchEntry.objects.all()
    if agency_id is not None:
        entries = entries.filter(agency_id=agency_id)
    if kind:
        entries = entries.filter(kind=kind)
    in_heading = Q()
    for word in words:
        entries = entries.filter(Q(heading__icontains=word) | Q(body__icontains=word))
        in_heading &= Q(heading__icontains=word)
    ordered = entries.alias(
        body_only=Case(
            When(in_heading, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        heading_length=Length("heading"),
    ).order_by("body_only", "heading_length", "code", "page_id")
    return list(ordered.values_list("page_id", flat=True)[:limit])


def _ranked_ids(folded: str, agency_id: int | None, kind: str, limit: int) -> list[int]:
    if connection.vendor == "postgresql":
        return _ranked_ids_postgresql(folded, agency_id, kind, limit)
    return _ranked_ids_fallback(folded, agency_id, kind, limit)


def search_documents(
    query: str,
    *,
    agency_id: int | None = None,
    kind: str = "",
    limit: int = RESULTS_LIMIT,
) -> list[Page]:
    """Live, public controlled documents matching every word of ``query``, best first.

    Each result is the document's ``Page`` with ``code`` and ``agency`` set from the entry,
    which is all the result list shows. Entries exist only for live pages (the handlers keep
    them so); the pages are still filtered with Wagtail's ``live().public()`` semantics
    here, so a stale entry or a page in a private section never comes out (AC-07).
    """
    folded = fold(query).strip()
    if not folded:
        return []
    ids = _ranked_ids(folded, agency_id, kind, limit)
    if not ids:
        return []
    entries = DocumentSearchEntry.objects.filter(page_id__in=ids, page__live=True)
    private = _private_q()
    if private:
        entries = entries.exclude(private)
    by_id = {e.page_id: e for e in entries.select_related("page", "agency")}
    results = []
    for page_id in ids:
        entry = by_id.get(page_id)
        if entry is None:
            continue
        page = entry.page
        page.code = entry.code
        page.agency = entry.agency
        results.append(page)
    return results


def match_count(query: str) -> int:
    """How many documents' entries match ``query`` (benchmarks and tests)."""
    return len(_ranked_ids(fold(query).strip(), None, "", 10**9))


# Without a lazy queryset from the backend (not a database backend), at most this many ids.
ADMIN_MATCH_CAP = 1000


def admin_match_ids(query: str) -> Any:
    """Ids of pages whose code or title matches ``query``, as the admin's page search finds.

    The admin autocompletes over Wagtail's search index, in which every controlled document
    carries its code and its title folded to ASCII (``search_heading``), so "QT-02",
    "qt 02" and "quy trinh tam tru" find drafts too, which the public table never holds.
    On the database backends (SQLite FTS5, PostgreSQL) the answer is a subquery, so a
    listing filters, orders and pages on it in the database.
    """
    from wagtail.search.backends import get_search_backend

    results = get_search_backend().autocomplete(
        query, Page.objects.all(), operator="and", order_by_relevance=False
    )
    lazy = getattr(results, "get_queryset", None)
    if lazy is not None:
        return lazy().values("pk")
    return [page.pk for page in results[:ADMIN_MATCH_CAP]]
