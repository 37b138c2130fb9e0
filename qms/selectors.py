"""Reads of the organisation for the public portal and the admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qms.lib.page_urls import PageUrls
from qms.lib.sql import Read, Rows, as_date, read_together, written_cursor
from qms.models import (
    Agency,
    IsoApplicabilitySettings,
    Notification,
)


@dataclass(frozen=True)
class PortalLink:
    name: str
    url: str


@dataclass(frozen=True)
class PortalAgency:
    """An agency as the portal home lists it: name, kind, page URL, units with their URLs."""

    name: str
    url: str
    kind_label: str
    units: list[PortalLink]
    valid_to: dt.date | None = None
    successors: list[PortalLink] = field(default_factory=list)


# Issue 14 part 6: the portal home's lists in one statement written once: every agency with
# the address of its live page (part 0), every one-stop unit (1) and the successors of the
# agencies that have ended (2), newest first. Composed by the ORM, the home's three reads
# cost it more than PostgreSQL took to answer them. Joins, not the scalar subqueries of
# _AGENCY_LISTS_SQL: here they run for every agency and unit of the province, and the
# statement is planned once (qms.lib.sql.written_cursor).
_HOME_LISTS_SQL = """
SELECT 0, a.id, a.name, a.kind, a.valid_from, a.valid_to, p.url_path, CAST(NULL AS date)
FROM qms_agency a
LEFT JOIN qms_agencypage ap ON ap.agency_id = a.id
LEFT JOIN wagtailcore_page p ON p.id = ap.page_ptr_id AND p.live
UNION ALL
SELECT 1, u.agency_id, u.name, CAST(NULL AS text), CAST(NULL AS date), CAST(NULL AS date),
  p.url_path, CAST(NULL AS date)
FROM qms_receivingunit u
LEFT JOIN qms_receivingunitpage up ON up.unit_id = u.id
LEFT JOIN wagtailcore_page p ON p.id = up.page_ptr_id AND p.live
UNION ALL
SELECT 2, s.predecessor_id, a.name, CAST(NULL AS text), CAST(NULL AS date),
  CAST(NULL AS date), p.url_path, s.date
FROM qms_succession s
JOIN qms_agency a ON a.id = s.successor_id
LEFT JOIN qms_agencypage ap ON ap.agency_id = a.id
LEFT JOIN wagtailcore_page p ON p.id = ap.page_ptr_id AND p.live
WHERE s.predecessor_id IN (SELECT f.id FROM qms_agency f WHERE f.valid_to < %s)
ORDER BY 1, 8 DESC, 3
"""


def portal_agencies(request: Any) -> tuple[list[PortalAgency], list[PortalAgency]]:
    """Return (current, former) agencies for the portal home, with their units' links.

    One query whatever the number of agencies (``_HOME_LISTS_SQL``) and no model
    instances: the home lists a province's 100+ agencies and their units. URLs come from
    ``url_path``; a unit or successor without a live page is named without a link.
    """
    today = timezone.localdate()
    url_for = PageUrls.of(request)
    # Province first, then its office, departments, boards, centres, then wards and communes.
    ranks = {kind: rank for rank, kind in enumerate(Agency.Kind.values)}
    # Translated once per kind, not once per agency.
    labels = {kind: str(label) for kind, label in Agency.Kind.choices}
    agencies: list[tuple[Any, ...]] = []
    units: dict[int, list[PortalLink]] = {}
    successors: dict[int, list[PortalLink]] = {}
    with written_cursor() as cursor:
        cursor.execute(_HOME_LISTS_SQL, [today])
        for part, owner, name, kind, start, end, url_path, _date in cursor.fetchall():
            if part == 0:
                agencies.append(
                    (owner, name, kind, as_date(start), as_date(end), url_path)
                )
            else:
                links = units if part == 1 else successors
                links.setdefault(owner, []).append(PortalLink(name, url_for(url_path)))
    agencies.sort(key=lambda a: (ranks[a[2]], a[1]))
    current = [
        PortalAgency(
            name=name,
            url=url_for(url_path),
            kind_label=labels[kind],
            units=units.get(pk, []),
        )
        for pk, name, kind, start, end, url_path in agencies
        if url_path is not None and start <= today and (end is None or today <= end)
    ]
    former = [
        PortalAgency(
            name=name,
            url="",
            kind_label=labels[kind],
            units=[],
            valid_to=end,
            successors=successors.get(pk, []),
        )
        for pk, name, kind, _start, end, _url_path in agencies
        if end is not None and end < today
    ]
    return current, former


# Apps add their parts of an agency's public page (its ISO announcement, its documents in
# force) through this hook: ``(page, request) -> Read[str] | None``, the read building safe
# HTML ("" for nothing). The page is the portal's hottest: each part is one statement, sent
# with the page's others as the page is routed (qms.lib.page_reads), so ``page`` may be its
# generic row only (id, path, depth); its data invalidates the portal cache when it
# changes (``qms.lib.portal_cache.invalidate_on_change``).
PUBLIC_SECTIONS_HOOK = "qms_agency_public_sections"


def agency_public_section_reads(page: Any, request: Any) -> list[Read[str]]:
    """The reads of the HTML sections apps contribute to the agency's page, in hook order."""
    from wagtail import hooks

    reads = (part(page, request) for part in hooks.get_hooks(PUBLIC_SECTIONS_HOOK))
    return [read for read in reads if read is not None]


# Issue 14 part 6: what an agency's public page lists besides its documents, in one
# statement written once (composed by the ORM on every request, these reads cost the
# portal's busiest page more than running them): its one-stop units (part 0), sub-agencies
# (1), the agencies that took it over (2) and those it took over (3), by the agency of the
# page (known from its id alone: read as the page is routed). Related names and
# page addresses are scalar subqueries, not joins: few rows, and each join costs more to
# plan than they cost to read. A URL is read only for a live page. The NULLs are typed:
# PostgreSQL types each UNION pair alone.
_AGENCY_LISTS_SQL = """
SELECT 0, u.name, u.address,
  (SELECT p.url_path FROM qms_receivingunitpage up, wagtailcore_page p
   WHERE up.unit_id = u.id AND p.id = up.page_ptr_id AND p.live),
  CAST(NULL AS date), CAST(NULL AS text)
FROM qms_receivingunit u
WHERE u.agency_id = (SELECT ap.agency_id FROM qms_agencypage ap WHERE ap.page_ptr_id = %s)
UNION ALL
SELECT 1, a.name, CAST(NULL AS text),
  (SELECT p.url_path FROM qms_agencypage ap, wagtailcore_page p
   WHERE ap.agency_id = a.id AND p.id = ap.page_ptr_id AND p.live),
  CAST(NULL AS date), CAST(NULL AS text)
FROM qms_agency a
WHERE a.parent_id = (SELECT ap.agency_id FROM qms_agencypage ap WHERE ap.page_ptr_id = %s)
UNION ALL
SELECT 2, (SELECT a.name FROM qms_agency a WHERE a.id = s.successor_id), CAST(NULL AS text),
  (SELECT p.url_path FROM qms_agencypage ap, wagtailcore_page p
   WHERE ap.agency_id = s.successor_id AND p.id = ap.page_ptr_id AND p.live),
  s.date, s.legal_basis
FROM qms_succession s
WHERE s.predecessor_id = (SELECT ap.agency_id FROM qms_agencypage ap WHERE ap.page_ptr_id = %s)
UNION ALL
SELECT 3, (SELECT a.name FROM qms_agency a WHERE a.id = s.predecessor_id), CAST(NULL AS text),
  CAST(NULL AS text), s.date, s.legal_basis
FROM qms_succession s
WHERE s.successor_id = (SELECT ap.agency_id FROM qms_agencypage ap WHERE ap.page_ptr_id = %s)
ORDER BY 1, 5 DESC, 2
"""
_AGENCY_LISTS = ("units", "sub_agencies", "successors", "predecessors")


def agency_lists_read(page_id: int, request: Any) -> Read[dict[str, Any]]:
    """The one-stop units, sub-agencies and lineage of the agency of page ``page_id``.

    Plain values with URLs from ``url_path`` (no Page instances), in one statement whatever
    their number (``_AGENCY_LISTS_SQL``); units and sub-agencies by name, the lineage newest
    first; a sub-agency only when its page is published. Each row: ``name``, ``address``,
    ``url`` ("" for no live page), ``date`` and ``legal_basis`` (of a succession).
    """
    url_for = PageUrls.of(request)

    def lists(rows: Rows) -> dict[str, Any]:
        found: dict[str, Any] = {name: [] for name in _AGENCY_LISTS}
        for part, name, address, url_path, date, basis in rows:
            if part == 1 and url_path is None:
                continue  # a sub-agency without a published page is not listed
            found[_AGENCY_LISTS[part]].append(
                {
                    "name": name,
                    "address": address,
                    "url": url_for(url_path),
                    "date": as_date(date),
                    "legal_basis": basis,
                }
            )
        return found

    return Read(_AGENCY_LISTS_SQL, [page_id] * 4, lists)


def agency_public_reads(page: Any, request: Any) -> dict[str, Read[Any] | None]:
    """An agency page's own reads (``ServingReadsMixin.serving_reads``), from its generic
    row: its lists, its breadcrumb trail and the apps' sections."""
    reads: dict[str, Read[Any] | None] = {
        "lists": agency_lists_read(page.pk, request),
        "breadcrumb_links": breadcrumb_read(page, request),
    }
    for number, read in enumerate(agency_public_section_reads(page, request)):
        reads[f"section {number}"] = read
    return reads


def agency_public_context(found: dict[str, Any]) -> dict[str, Any]:
    """What an agency's public page shows besides its own fields, from the answers of
    ``agency_public_reads``: its lists (``agency_lists_read``), the apps' sections
    (``public_sections``, HTML) and the breadcrumb trail (``breadcrumb_links``)."""
    sections = [value for name, value in found.items() if name.startswith("section ")]
    return {
        **found["lists"],
        "breadcrumb_links": found["breadcrumb_links"] or [],
        "public_sections": [section for section in sections if section],
    }


def staff_in_scope(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Prepare a staff queryset for listings: one query whatever the number of rows."""
    return queryset.select_related("agency", "receiving_unit", "position", "user")


def notifications_for_user(
    user: Any, *, kind: str = "", unread: bool = False
) -> QuerySet[Notification]:
    """A person's own notifications, newest first, optionally of one kind or unread only."""
    queryset = Notification.objects.filter(recipient_id=user.pk).order_by(
        "-created_at", "-pk"
    )
    if kind in Notification.Kind.values:
        queryset = queryset.filter(kind=kind)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


def notifications_unread_count(user: Any) -> int:
    """How many notifications the bell shows: one COUNT, whatever their number."""
    return Notification.objects.filter(
        recipient_id=user.pk, read_at__isnull=True
    ).count()


def iso_obliged_kinds() -> frozenset[str]:
    """Agency types that must apply ISO 9001 (QĐ 19/2014; set in the ISO applicability
    settings). Every other type is encouraged to."""

    return frozenset(IsoApplicabilitySettings.load().obliged_kinds or ())


def iso_obliged(agency: Agency) -> bool:
    return agency.kind in iso_obliged_kinds()


def breadcrumb_read(page: Any, request: Any) -> Read[list[PortalLink]] | None:
    """The page's ancestors below the tree's root, as (title, URL), top first; None for a
    page with none (nothing to read).

    One statement written once per depth; URLs from ``url_path`` (PageUrls). A document
    sits five levels deep: through ``get_ancestors`` and ``{% pageurl %}`` each level cost
    its page a Page instance and a URL lookup (issue 14 part 6). A page that reads its
    context with ``read_together`` sends it with its other statements and puts the links
    in its context as ``breadcrumb_links`` (``{% breadcrumb_items %}``).
    """
    steplen = type(page).steplen
    paths = [page.path[: steplen * depth] for depth in range(2, page.depth)]
    if not paths:
        return None
    marks = ", ".join(["%s"] * len(paths))
    sql = f"SELECT title, url_path FROM wagtailcore_page WHERE path IN ({marks}) ORDER BY depth"  # noqa: S608 - placeholders only
    url_for = PageUrls.of(request)

    def links(rows: Rows) -> list[PortalLink]:
        return [
            PortalLink(name=title, url=url_for(url_path)) for title, url_path in rows
        ]

    return Read(sql, paths, links)


def breadcrumb_links(page: Any, request: Any) -> list[PortalLink]:
    """``breadcrumb_read``'s links, read alone."""
    [links] = read_together([breadcrumb_read(page, request)])
    return links or []
