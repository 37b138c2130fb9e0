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
from unicodedata import normalize

from anyascii import anyascii
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Length
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from wagtail.models import Page

from documents.models import (
    DOCUMENT_PAGE_MODELS,
    ControlledDocumentPage,
    DocumentSearchEntry,
)
from documents.selectors import public_search_entries

RESULTS_LIMIT = 50
REBUILD_BATCH = 500
WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower-case ASCII: "Đăng ký khai sinh" -> "dang ky khai sinh"."""
    return anyascii(text).lower()


def _entry(page: ControlledDocumentPage) -> DocumentSearchEntry:
    text = normalize("NFC", " ".join(page.body_text().split()))
    # The national TTHC code ("1.001193.000.00.00.H26") finds its procedure (issue 14), as a
    # whole or by its leading parts ("1.001193"), which PostgreSQL reads as single tokens.
    code_parts = (getattr(page, "national_code", "") or "").split(".")
    national = " ".join(".".join(code_parts[:n]) for n in range(len(code_parts), 1, -1))
    unit = getattr(page, "owner_unit", None)
    return DocumentSearchEntry(
        page_id=page.pk,
        agency_id=page.agency_id,
        kind=page._meta.model_name or "",
        code=page.code,
        title=page.title,
        heading=fold(
            " ".join(
                part
                for part in (page.code, national, " ".join(code_parts), page.title)
                if part
            )
        ),
        body=fold(text),
        text=text,
        unit_name=unit.name if unit is not None else "",
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
        if hasattr(model, "owner_unit"):
            queryset = queryset.select_related("owner_unit")
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


# Title and code matches first (the shortest matching heading, i.e. the most specific title,
# leads), then body-only matches by code. Each part walks a btree in that order and stops at
# LIMIT, so a word found in all 20,000 documents costs as little as a rare one (the planner
# takes the GIN index instead when the matches are few). Append runs the second part only
# if the first one did not fill the page.
PG_QUERY = """
SELECT page_id FROM (
  (SELECT page_id FROM {table} WHERE heading_vector @@ {tsquery}('simple', %(q)s)
   {filters} ORDER BY length(heading), code, page_id LIMIT %(limit)s)
  UNION ALL
  (SELECT page_id FROM {table} WHERE vector @@ {tsquery}('simple', %(q)s)
   AND NOT heading_vector @@ {tsquery}('simple', %(q)s)
   {filters} ORDER BY code, page_id LIMIT %(limit)s)
) AS found LIMIT %(limit)s
"""


def _ranked_ids_postgresql(
    folded: str, agency_id: int | None, kind: str, limit: int, *, any_word: bool
) -> list[int]:
    if any_word:
        # Words are \w+ runs of the folded (ASCII) query: nothing to_tsquery parses as syntax.
        folded = _most_words_tsquery(WORD.findall(folded))
        if not folded:
            return []
    filters = ""
    if agency_id is not None:
        filters += " AND agency_id = %(agency)s"
    if kind:
        filters += " AND kind = %(kind)s"
    sql = PG_QUERY.format(
        table=DocumentSearchEntry._meta.db_table,
        filters=filters,
        tsquery="to_tsquery" if any_word else "plainto_tsquery",
    )
    params: dict[str, int | str | None] = {
        "q": folded,
        "limit": limit,
        "agency": agency_id,
        "kind": kind,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _most_words(words: list[str]) -> list[list[str]]:
    """The fallback's word sets: all the words but one, so a single common word ("tu",
    "cua") is not enough to list a document; past six words, any one of them."""
    words = list(dict.fromkeys(words))
    if len(words) <= 2 or len(words) > 6:
        return [[word] for word in words]
    return [words[:i] + words[i + 1 :] for i in range(len(words))]


def _most_words_tsquery(words: list[str]) -> str:
    return " | ".join(
        "(" + " & ".join(group) + ")" for group in _most_words(words) if group
    )


def _ranked_ids_fallback(
    folded: str, agency_id: int | None, kind: str, limit: int, *, any_word: bool
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
    if any_word:
        anywhere = Q()
        for group in _most_words(words):
            all_of = Q()
            for word in group:
                all_of &= Q(heading__icontains=word) | Q(body__icontains=word)
            anywhere |= all_of
            in_heading |= Q(*[Q(heading__icontains=word) for word in group])
        entries = entries.filter(anywhere)
    else:
        for word in words:
            entries = entries.filter(
                Q(heading__icontains=word) | Q(body__icontains=word)
            )
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


def _ranked_ids(
    folded: str,
    agency_id: int | None,
    kind: str,
    limit: int,
    *,
    any_word: bool = False,
) -> list[int]:
    if connection.vendor == "postgresql":
        return _ranked_ids_postgresql(folded, agency_id, kind, limit, any_word=any_word)
    return _ranked_ids_fallback(folded, agency_id, kind, limit, any_word=any_word)


def search_documents(
    query: str,
    *,
    agency_id: int | None = None,
    kind: str = "",
    limit: int = RESULTS_LIMIT,
    any_word: bool = False,
) -> list[Page]:
    """Live, public controlled documents matching every word of ``query`` (or, with
    ``any_word``, at least one), best first.

    Each result is the document's ``Page`` with ``code``, ``agency``, ``unit_name``,
    ``kind_label`` and a highlighted ``snippet`` set from the entry, which is all the
    result list shows. Entries exist only for live pages (the handlers keep
    them so); the pages are still filtered with Wagtail's ``live().public()`` semantics
    here, so a stale entry or a page in a private section never comes out (AC-07).
    """
    folded = fold(query).strip()
    if not folded:
        return []
    ids = _ranked_ids(folded, agency_id, kind, limit, any_word=any_word)
    if not ids:
        return []
    words = WORD.findall(folded)
    labels = {
        m._meta.model_name: capfirst(m._meta.verbose_name) for m in DOCUMENT_PAGE_MODELS
    }
    entries = public_search_entries().filter(page_id__in=ids)
    by_id = {e.page_id: e for e in entries.select_related("page", "agency")}
    results = []
    for page_id in ids:
        entry = by_id.get(page_id)
        if entry is None:
            continue
        page = entry.page
        page.code = entry.code
        page.agency = entry.agency
        page.unit_name = entry.unit_name
        page.kind_label = labels.get(entry.kind, "")
        page.snippet = snippet(entry.text, words)
        results.append(page)
    return results


SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 220


def snippet(text: str, words: list[str]) -> SafeString:
    """A short extract of ``text`` around the first of ``words`` found, each match marked.

    ``words`` are folded (ASCII); the text keeps its diacritics. The text is folded a
    character at a time so each folded position maps back to the letter it came from.
    Every piece of the text is escaped (format_html); only the <mark> tags are markup.
    """
    if not text or not words:
        return format_html("")
    folded_chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded_char in fold(char) or " ":
            folded_chars.append(folded_char)
            origin.append(index)
    alternatives = "|".join(
        re.escape(w) for w in sorted(set(words), key=len, reverse=True)
    )
    spans = [
        (origin[m.start()], origin[m.end() - 1] + 1)
        for m in re.finditer(rf"\b({alternatives})\b", "".join(folded_chars))
    ]
    start = max(0, spans[0][0] - SNIPPET_BEFORE) if spans else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_LENGTH)
    parts: list[str] = ["…" if start else ""]
    cursor = start
    for first, last in spans:
        if first < cursor or last > end:
            continue
        parts += [text[cursor:first], format_html("<mark>{}</mark>", text[first:last])]
        cursor = last
    parts += [text[cursor:end], "…" if end < len(text) else ""]
    return format_html("{}" * len(parts), *parts)


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
