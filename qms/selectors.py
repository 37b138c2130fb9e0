"""Reads of the organisation for the public portal and the admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from qms.lib.page_urls import PageUrls
from qms.lib.sql import as_date
from qms.models import (
    Agency,
    IsoApplicabilitySettings,
    Notification,
    ReceivingUnit,
    Succession,
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


def portal_agencies(request: Any) -> tuple[list[PortalAgency], list[PortalAgency]]:
    """Return (current, former) agencies for the portal home, with their units' links.

    Three queries whatever the number of agencies and no model instances: the home lists a
    province's 100+ agencies and their units, and building a Page instance per link cost it
    more than the rest of the page (issue 14 part 6). URLs come from ``url_path``.
    """
    today = timezone.localdate()
    url_for = PageUrls.of(request)
    kinds = list(Agency.Kind)
    # Translated once per kind, not once per agency.
    labels = {kind: str(label) for kind, label in Agency.Kind.choices}
    rows = list(
        Agency.objects.values(
            "id",
            "name",
            "kind",
            "valid_from",
            "valid_to",
            "page__url_path",
            "page__live",
        )
    )
    # Province first, then its office, departments, boards, centres, then wards and communes.
    rows.sort(key=lambda a: (kinds.index(Agency.Kind(a["kind"])), a["name"]))
    units: dict[int, list[PortalLink]] = {}
    for unit in ReceivingUnit.objects.order_by("name").values(
        "agency_id", "name", "page__url_path", "page__live"
    ):
        url = url_for(unit["page__url_path"]) if unit["page__live"] else ""
        units.setdefault(unit["agency_id"], []).append(PortalLink(unit["name"], url))
    current = [
        PortalAgency(
            name=a["name"],
            url=url_for(a["page__url_path"]),
            kind_label=labels[a["kind"]],
            units=units.get(a["id"], []),
        )
        for a in rows
        if a["page__live"]
        and a["valid_from"] <= today
        and (a["valid_to"] is None or today <= a["valid_to"])
    ]
    former_rows = [
        a for a in rows if a["valid_to"] is not None and a["valid_to"] < today
    ]
    successors: dict[int, list[PortalLink]] = {}
    for succession in Succession.objects.filter(
        predecessor_id__in=[a["id"] for a in former_rows]
    ).values(
        "predecessor_id",
        "successor__name",
        "successor__page__url_path",
        "successor__page__live",
    ):
        live = succession["successor__page__live"]
        url = url_for(succession["successor__page__url_path"]) if live else ""
        successors.setdefault(succession["predecessor_id"], []).append(
            PortalLink(succession["successor__name"], url)
        )
    former = [
        PortalAgency(
            name=a["name"],
            url="",
            kind_label=labels[a["kind"]],
            units=[],
            valid_to=a["valid_to"],
            successors=successors.get(a["id"], []),
        )
        for a in former_rows
    ]
    return current, former


# Apps add their part of an agency's public page (e.g. its ISO announcement) through this
# hook: ``(agency, request) -> str`` of safe HTML, "" for nothing. The page is the portal's
# hottest: each function costs at most one query, and its data invalidates the portal
# cache when it changes (``qms.lib.portal_cache.invalidate_on_change``).
PUBLIC_SECTIONS_HOOK = "qms_agency_public_sections"


def agency_public_sections(agency: Agency, request: Any) -> list[str]:
    """The HTML sections apps contribute to the agency's public page, in hook order."""
    from wagtail import hooks

    sections = (show(agency, request) for show in hooks.get_hooks(PUBLIC_SECTIONS_HOOK))
    return [section for section in sections if section]


# Issue 14 part 6: what an agency's public page lists besides its documents, in one
# statement written once (composed by the ORM on every request, these reads cost the
# portal's busiest page more than running them): its one-stop units (part 0), sub-agencies
# (1), the agencies that took it over (2) and those it took over (3). Related names and
# page addresses are scalar subqueries, not joins: PostgreSQL plans the statement on every
# request, and each join costs more to plan than these few rows cost to read. A URL is
# read only for a live page. The NULLs are typed: PostgreSQL types each UNION pair alone.
_AGENCY_LISTS_SQL = """
SELECT 0, u.name, u.address,
  (SELECT p.url_path FROM qms_receivingunitpage up, wagtailcore_page p
   WHERE up.unit_id = u.id AND p.id = up.page_ptr_id AND p.live),
  CAST(NULL AS date), CAST(NULL AS text)
FROM qms_receivingunit u WHERE u.agency_id = %s
UNION ALL
SELECT 1, a.name, CAST(NULL AS text),
  (SELECT p.url_path FROM qms_agencypage ap, wagtailcore_page p
   WHERE ap.agency_id = a.id AND p.id = ap.page_ptr_id AND p.live),
  CAST(NULL AS date), CAST(NULL AS text)
FROM qms_agency a WHERE a.parent_id = %s
UNION ALL
SELECT 2, (SELECT a.name FROM qms_agency a WHERE a.id = s.successor_id), CAST(NULL AS text),
  (SELECT p.url_path FROM qms_agencypage ap, wagtailcore_page p
   WHERE ap.agency_id = s.successor_id AND p.id = ap.page_ptr_id AND p.live),
  s.date, s.legal_basis
FROM qms_succession s WHERE s.predecessor_id = %s
UNION ALL
SELECT 3, (SELECT a.name FROM qms_agency a WHERE a.id = s.predecessor_id), CAST(NULL AS text),
  CAST(NULL AS text), s.date, s.legal_basis
FROM qms_succession s WHERE s.successor_id = %s
ORDER BY 1, 5 DESC, 2
"""
_AGENCY_LISTS = ("units", "sub_agencies", "successors", "predecessors")


def agency_public_context(agency: Agency, request: Any) -> dict[str, Any]:
    """Return what an agency's public page shows: its units, sub-agencies and lineage.

    Plain values with URLs from ``url_path`` (no Page instances), in one query whatever
    their number (``_AGENCY_LISTS_SQL``); units and sub-agencies by name, the lineage newest
    first; a sub-agency only when its page is published. Each row: ``name``, ``address``,
    ``url`` ("" for no live page), ``date`` and ``legal_basis`` (of a succession).
    """
    url_for = PageUrls.of(request)
    context: dict[str, Any] = {name: [] for name in _AGENCY_LISTS}
    with connection.cursor() as cursor:
        cursor.execute(_AGENCY_LISTS_SQL, [agency.pk] * 4)
        for part, name, address, url_path, date, basis in cursor.fetchall():
            if part == 1 and url_path is None:
                continue  # a sub-agency without a published page is not listed
            context[_AGENCY_LISTS[part]].append(
                {
                    "name": name,
                    "address": address,
                    "url": url_for(url_path),
                    "date": as_date(date),
                    "legal_basis": basis,
                }
            )
    context["public_sections"] = agency_public_sections(agency, request)
    return context


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
