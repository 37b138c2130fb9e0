"""Reads of controlled documents for the portal, verification and search."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from wagtail.models import Page, PageViewRestriction

from documents.models import (
    DOCUMENT_PAGE_MODELS,
    DocumentIndexPage,
    DocumentRelease,
    DocumentSearchEntry,
    ElectronicSignature,
    LegalDocument,
    ReleaseForm,
)
from qms.lib.inputs import same_code
from qms.lib.page_urls import PageUrls
from qms.lib.sql import Read, Rows, as_date, build, read_together, written_cursor
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


# Issue 14 part 6: a document page's public record in one statement written once. Read as
# four ORM or raw queries, each round trip and the building of its rows cost the page more
# than PostgreSQL took to answer. Each part is a branch of one UNION ALL over the same slots
# (kind, rank, three integers, a date, two timestamps, five texts); the rank is the part's
# own order, so the database orders as the separate reads did.
_RECORD_KINDS = ("releases", "signatures", "legal_bases", "forms")
_IN_FORCE = (
    "(SELECT c.id FROM documents_documentrelease c WHERE c.page_id = %s"
    " AND c.superseded_at IS NULL AND c.withdrawn_at IS NULL)"
)
_RECORD_BRANCHES = {
    "releases": """SELECT 0, ROW_NUMBER() OVER (ORDER BY r.number DESC), r.id, r.page_id,
  r.number, r.effective_date, r.superseded_at, r.withdrawn_at, r.amendment_summary,
  r.verify_token, r.pdf_status, CAST(NULL AS VARCHAR(20)), CAST(NULL AS VARCHAR(80))
FROM documents_documentrelease r WHERE r.page_id = %s""",
    "signatures": """SELECT 1, ROW_NUMBER() OVER (ORDER BY s.signed_at, s.id), s.id,
  s.release_id, NULL, NULL, s.signed_at, NULL, s.printed_name, s.position, s.meaning, NULL,
  NULL
FROM documents_electronicsignature s WHERE s.release_id = {in_force}""",
    "legal_bases": """SELECT 2, ROW_NUMBER() OVER (ORDER BY l.issue_date DESC, l.number),
  l.id, l.replaced_by_id, NULL, l.issue_date, NULL, NULL, l.number, l.title, l.issuer,
  l.status, n.number
FROM documents_legaldocument l
JOIN {through} t ON t.{legal_column} = l.id
LEFT JOIN documents_legaldocument n ON n.id = l.replaced_by_id
WHERE t.{page_column} = %s""",
    "forms": """SELECT 3, ROW_NUMBER() OVER (ORDER BY f.position), f.id, f.release_id,
  f.position, NULL, NULL, NULL, f.code, f.name, f.file, f.kind, NULL
FROM documents_releaseform f WHERE f.release_id = {in_force}""",
}
# Per part: its model, the fields it reads (in the model's order) and their slots.
_RECORD_SLOTS: dict[str, tuple[type[Any], tuple[str, ...], tuple[int, ...]]] = {
    "releases": (
        DocumentRelease,
        (
            *("id", "page_id", "number", "amendment_summary", "effective_date"),
            *("verify_token", "superseded_at", "withdrawn_at", "pdf_status"),
        ),
        (2, 3, 4, 8, 5, 9, 6, 7, 10),
    ),
    "signatures": (
        ElectronicSignature,
        ("id", "release_id", "printed_name", "position", "meaning", "signed_at"),
        (2, 3, 8, 9, 10, 6),
    ),
    "legal_bases": (
        LegalDocument,
        ("id", "number", "title", "issuer", "issue_date", "status", "replaced_by_id"),
        (2, 8, 9, 10, 5, 11, 3),
    ),
    "forms": (
        ReleaseForm,
        ("id", "release_id", "position", "code", "name", "file", "kind"),
        (2, 3, 4, 8, 9, 10, 11),
    ),
}


@dataclass(frozen=True)
class PublicRecord:
    """What a document's public page shows besides its content.

    Every release (the amendment record, newest first), the signatures of the release in
    force, and for a procedure its legal bases (newest first, each with
    ``replaced_by_number``) and the forms frozen with the release in force.
    """

    releases: list[DocumentRelease]
    signatures: list[ElectronicSignature]
    legal_bases: list[LegalDocument]
    forms: list[ReleaseForm]

    @property
    def current(self) -> DocumentRelease | None:
        return next((r for r in self.releases if r.is_current), None)


@functools.cache
def _record_sql(label: str, parts: tuple[str, ...]) -> str:
    page_model = apps.get_model(label)
    through = page_model._meta.get_field("legal_bases").remote_field.through._meta
    names = {
        # Names from the models' own metadata; the page id is a parameter.
        "through": through.db_table,
        "page_column": through.get_field(page_model._meta.model_name).column,
        "legal_column": through.get_field("legaldocument").column,
        "in_force": _IN_FORCE,
    }
    branches = [_RECORD_BRANCHES[part].format(**names) for part in parts]
    return "\nUNION ALL\n".join(branches) + "\nORDER BY 1, 2"


def public_record_read(
    model: type[Page], page_id: int, *, parts: tuple[str, ...]
) -> Read[PublicRecord]:
    """The releases and signatures of page ``page_id`` of ``model``, and the other
    ``parts`` asked for, in one statement."""
    parts = ("releases", "signatures", *(p for p in parts if p in _RECORD_KINDS[2:]))

    def record(rows: Rows) -> PublicRecord:
        found: dict[str, list[Any]] = {kind: [] for kind in _RECORD_KINDS}
        for row in rows:
            kind = _RECORD_KINDS[row[0]]
            model, attnames, slots = _RECORD_SLOTS[kind]
            instance = build(model, attnames, [row[slot] for slot in slots])
            if kind == "legal_bases":
                instance.replaced_by_number = row[12]
            found[kind].append(instance)
        return PublicRecord(**found)

    return Read(_record_sql(model._meta.label, parts), [page_id] * len(parts), record)


def public_record(page: Page, *, parts: tuple[str, ...]) -> PublicRecord:
    """``public_record_read``, read alone."""
    [record] = read_together([public_record_read(type(page), page.pk, parts=parts)])
    return record


PUBLIC_PER_PAGE = 50


@dataclass(frozen=True)
class PublicDocument:
    """One row of a portal list: what is in force, as released (code and title frozen)."""

    code: str
    title: str
    url: str
    number_label: str
    effective_date: dt.date
    group: str


def _group_names() -> list[str]:
    """The plural name of each document type, by rank: procedures, internal rules, policy."""
    return [capfirst(model._meta.verbose_name_plural) for model in DOCUMENT_PAGE_MODELS]


# Issue 14 part 6: the portal's busiest list, written once as SQL (composed by the ORM it
# cost the agency page more than PostgreSQL took to run it). It reads the list entries
# (``PortalListEntry``: one row per live, unrestricted document with a release in force,
# kept by documents.services.portal_lists) of the indexes the page lists, orders and pages
# them by type and code and joins the page row for the URL of the shown rows only, and
# counts them from the same index. An agency or unit page lists the documents of the live,
# unrestricted indexes directly below it (read with the list: one or two rows); an index
# lists its own. Same text on SQLite and PostgreSQL but the collation that orders the codes
# as Python would (code point order).
_LIST_SQL = """
WITH ix AS ({indexes})
SELECT l.code, l.title, l.number, l.effective_date, d.url_path, l.rank,
  (SELECT COUNT(*) FROM documents_portallistentry c WHERE c.index_id IN (SELECT id FROM ix))
FROM (
  SELECT e.page_id, e.code, e.title, e.number, e.effective_date, e.rank
  FROM documents_portallistentry e WHERE e.index_id IN (SELECT id FROM ix)
  ORDER BY e.rank, e.code COLLATE {collation}, e.page_id
  LIMIT %s OFFSET %s
) l
JOIN wagtailcore_page d ON d.id = l.page_id
ORDER BY l.rank, l.code COLLATE {collation}, l.page_id
"""
_OWN_INDEX_SQL = "SELECT i.id FROM wagtailcore_page i WHERE i.id = %s"
_INDEXES_SQL = """SELECT i.id FROM wagtailcore_page i
  WHERE i.path BETWEEN %s AND %s AND i.depth = %s AND i.live AND i.content_type_id = %s
    AND i.id NOT IN (SELECT w.page_id FROM wagtailcore_pageviewrestriction w)"""
_COLLATION = {"postgresql": '"C"', "sqlite": "BINARY"}


@functools.cache
def _list_sql(vendor: str, *, of_index: bool) -> str:
    # Only the code's own fragments go into the text; every value is a parameter.
    return _LIST_SQL.format(
        indexes=_OWN_INDEX_SQL if of_index else _INDEXES_SQL,
        collation=_COLLATION.get(vendor, '"C"'),
    )


def _list_params(parent: Page, offset: int) -> tuple[str, list[Any]]:
    """The list statement and its parameters for one page of rows from ``offset``."""
    of_index = parent.specific_class is DocumentIndexPage
    if of_index:
        params: list[Any] = [parent.pk]
    else:
        first, last = Page._get_children_path_interval(parent.path)
        index_type = ContentType.objects.get_for_model(DocumentIndexPage).pk
        params = [first, last, parent.depth + 1, index_type]
    params += [PUBLIC_PER_PAGE, offset]
    return _list_sql(connection.vendor, of_index=of_index), params


def _list_rows(parent: Page, offset: int) -> Rows:
    """One page of the list's rows from ``offset``, each ending with the list's length."""
    sql, params = _list_params(parent, offset)
    with written_cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _page_number(value: Any) -> int:
    """The page asked for: a whole number from 1, else the first (as Paginator.get_page)."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def public_documents_read(
    parent: Page, request: Any, page_number: Any = 1
) -> Read[DjangoPage]:
    """The documents in force that ``parent``'s public page lists, grouped by type and paged.

    One statement whatever the number of documents, agencies or units (``_LIST_SQL``), with
    plain values and each page's URL from its ``url_path``: only the shown page's rows are
    read. A page number past the end shows the last page (one more query, as ``get_page``
    would).
    """
    number = _page_number(page_number)
    sql, params = _list_params(parent, (number - 1) * PUBLIC_PER_PAGE)

    def documents(rows: Rows) -> DjangoPage:
        shown = number
        if not rows and number > 1:
            head = _list_rows(parent, 0)
            total = head[0][-1] if head else 0
            shown = max(1, -(-total // PUBLIC_PER_PAGE))
            rows = (
                head
                if shown == 1
                else _list_rows(parent, (shown - 1) * PUBLIC_PER_PAGE)
            )
        return _documents_page(rows, shown, request)

    return Read(sql, params, documents)


def _documents_page(rows: Rows, number: int, request: Any) -> DjangoPage:
    names = _group_names()
    total = rows[0][-1] if rows else 0
    url_for = PageUrls.of(request)
    shown = [
        PublicDocument(
            code=code,
            title=title,
            url=url_for(url_path),
            number_label=f"{release:02d}",
            effective_date=as_date(effective_date),
            group=names[rank],
        )
        for code, title, release, effective_date, url_path, rank, _total in rows
    ]
    return DjangoPage(shown, number, Paginator(range(total), PUBLIC_PER_PAGE))


def public_documents(parent: Page, request: Any, page_number: Any = 1) -> DjangoPage:
    """``public_documents_read``, read alone."""
    [documents] = read_together([public_documents_read(parent, request, page_number)])
    return documents


def release_for_token(token: str) -> DocumentRelease | None:
    return (
        DocumentRelease.objects.select_related("superseded_by", "page")
        .filter(verify_token=token)
        .first()
    )


@dataclass(frozen=True)
class VerifyFacts:
    """What a citizen holding a printed copy needs: whose it is and what is in force now."""

    agency: Any
    unit: Any
    in_force: DocumentRelease | None
    public_url: str | None


def verify_facts(release: DocumentRelease) -> VerifyFacts:
    """The agency and unit the release was approved for, and the document's release in force.

    Two wards may both publish QT-HT-01, so the agency is named; the approved revision (not
    today's draft) says whose document it was. A superseded copy points at the release in
    force now, which may be several releases on (ISO 9001:2015 7.5.3.2(d)).
    """
    from qms.models import Agency, ReceivingUnit

    approved = release.revision.as_object()
    agency = Agency.objects.filter(pk=approved.agency_id).first()
    unit_id = getattr(approved, "owner_unit_id", None)
    unit = ReceivingUnit.objects.filter(pk=unit_id).first() if unit_id else None
    in_force = None
    if not release.is_current:
        in_force = releases_in_force().filter(page_id=release.page_id).first()
    page = release.page
    return VerifyFacts(
        agency=agency,
        unit=unit,
        in_force=in_force,
        public_url=page.url if page.live else None,
    )


def restricted_pages_q(prefix: str = "page__") -> Q:
    """Wagtail's ``public()`` turned around: pages under any view restriction (one query for
    the restricted paths; an empty Q when none)."""
    q = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def public_search_entries() -> QuerySet[DocumentSearchEntry]:
    """Index entries a citizen may find: live pages under no view restriction."""
    entries = DocumentSearchEntry.objects.filter(page__live=True)
    restricted = restricted_pages_q()
    return entries.exclude(restricted) if restricted else entries


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
    granted = agency_scope_for(user).granted
    query = Q()
    for model in DOCUMENT_PAGE_MODELS:
        name = model._meta.model_name
        # An inspection team reads the inspected agency's issued documents, as a
        # supervisor does: never its drafts (qms.scoping read grants).
        query |= Q(**{f"{name}__agency__in": readable - granted})
        if granted:
            query |= Q(**{f"{name}__agency__in": granted}) & Q(
                pk__in=DocumentRelease.objects.values("page_id")
            )
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
