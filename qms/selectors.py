"""Reads of the organisation for the public portal and the admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qms.lib.page_urls import PageUrls
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
    url_for = PageUrls(request)
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


def agency_page_flags() -> dict[str, Exists]:
    """Annotations for an agency page's own query: does it have sub-agencies, a lineage?

    Most agencies have neither, so their page skips both lists' queries.
    """
    agency = OuterRef("agency_id")
    return {
        "has_sub_agencies": Exists(
            Agency.objects.filter(parent_id=agency, page__live=True)
        ),
        "has_lineage": Exists(
            Succession.objects.filter(Q(predecessor_id=agency) | Q(successor_id=agency))
        ),
    }


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


def agency_public_context(
    agency: Agency,
    request: Any,
    *,
    sub_agencies: bool | None = None,
    lineage: bool | None = None,
) -> dict[str, Any]:
    """Return what an agency's public page shows: its units, sub-agencies and lineage.

    Plain values with URLs from ``url_path`` (no Page instances): one query for the units,
    one for the published sub-agencies and one for the successions either way, each skipped
    when ``agency_page_flags`` said there is none (``None``: not known, so read).
    """
    url_for = PageUrls(request)

    def url(row: Mapping[str, Any], prefix: str) -> str:
        return url_for(row[f"{prefix}url_path"]) if row[f"{prefix}live"] else ""

    fields = ("name", "address", "page__url_path", "page__live")
    context: dict[str, Any] = {
        "units": [
            {**row, "url": url(row, "page__")}
            for row in agency.receiving_units.order_by("name").values(*fields)
        ],
        "sub_agencies": [],
        "successors": [],
        "predecessors": [],
        "public_sections": agency_public_sections(agency, request),
    }
    if sub_agencies is not False:
        context["sub_agencies"] = [
            {**row, "url": url(row, "page__")}
            for row in agency.children.filter(page__live=True)
            .order_by("name")
            .values(*fields)
        ]
    if lineage is not False:
        rows = (
            Succession.objects.filter(Q(predecessor=agency) | Q(successor=agency))
            .values(
                "predecessor_id",
                "predecessor__name",
                "successor__name",
                "successor__page__url_path",
                "successor__page__live",
                "date",
                "legal_basis",
            )
            .order_by("-date")
        )
        for row in rows:
            if row["predecessor_id"] == agency.pk:
                context["successors"].append(
                    {**row, "url": url(row, "successor__page__")}
                )
            else:
                context["predecessors"].append(row)
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
