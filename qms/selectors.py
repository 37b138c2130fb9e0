"""Reads of the organisation for the public portal and the admin."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from qms.models import Agency, Notification, ReceivingUnit, Succession


def _units_with_pages() -> Prefetch:
    return Prefetch(
        "receiving_units",
        queryset=ReceivingUnit.objects.select_related("page").order_by("name"),
    )


def portal_agencies() -> tuple[list[Agency], list[Agency]]:
    """Return (current, former) agencies for the portal home, each with units and pages.

    A constant number of queries whatever the number of agencies (PF-01 pattern).
    """
    today = timezone.localdate()
    agencies = list(
        Agency.objects.select_related("page", "parent").prefetch_related(
            _units_with_pages(),
            Prefetch(
                "successions",
                queryset=Succession.objects.select_related("successor__page"),
            ),
        )
    )
    kinds = list(Agency.Kind)
    # Province first, then its office, departments, boards, centres, then wards and communes.
    agencies.sort(key=lambda a: (kinds.index(Agency.Kind(a.kind)), a.name))
    current = [a for a in agencies if a.is_active_on(today) and _is_live(a)]
    former = [a for a in agencies if a.valid_to is not None and a.valid_to < today]
    return current, former


def _is_live(agency: Agency) -> bool:
    page = getattr(agency, "page", None)
    return page is not None and page.live


def agency_public_context(agency: Agency) -> dict[str, Any]:
    """Return what an agency's public page shows: its units, sub-agencies and lineage."""
    return {
        "units": list(agency.receiving_units.select_related("page").order_by("name")),
        "sub_agencies": list(
            agency.children.select_related("page")
            .filter(page__live=True)
            .order_by("name")
        ),
        "successors": list(agency.successions.select_related("successor__page")),
        "predecessors": list(agency.predecessions.select_related("predecessor__page")),
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
