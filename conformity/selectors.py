"""Reads of the scope and announcement registers, set-based for lists of agencies.

An agency's announcement is *current* when its latest announcement in force names the
agency's current scope version (the latest approved) under TCVN ISO 9001:2015; *out of
date* when the scope has changed since (TT 26/2014: re-announce when the scope is adjusted)
or it was made under the 2008 standard; *never* when there is none in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conformity.models import Announcement, ScopeVersion
from qms.lib.sql import Read, Rows, as_date, read_together
from qms.models import Agency
from qms.selectors import iso_obliged_kinds

CURRENT, OUT_OF_DATE, NEVER = "current", "out_of_date", "never"
STATE_LABELS = {
    CURRENT: _("Announced for the current scope"),
    OUT_OF_DATE: _("Re-announcement due"),
    NEVER: _("Never announced"),
}
ANNOUNCEMENT_FIELDS = (
    "pk",
    "agency_id",
    "scope_id",
    "scope__number",
    "decision_number",
    "decision_date",
    "standard",
    "is_public",
)


@dataclass(frozen=True)
class AgencyStatus:
    agency_id: int
    obliged: bool
    scope_id: int | None
    scope_number: int | None
    has_draft: bool
    announcement: dict[str, Any] | None

    @property
    def state(self) -> str:
        return announcement_state(self.scope_id, self.announcement)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def announcement_state(
    scope_id: int | None, announcement: dict[str, Any] | None
) -> str:
    if announcement is None:
        return NEVER
    if (
        announcement["scope_id"] == scope_id
        and announcement["standard"] == Announcement.Standard.V2015
    ):
        return CURRENT
    return OUT_OF_DATE


def latest_announcements(agency_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The latest announcement in force of each agency (one query)."""
    found: dict[int, dict[str, Any]] = {}
    rows = (
        Announcement.objects.filter(
            agency_id__in=list(agency_ids), status=Announcement.Status.ACTIVE
        )
        .order_by("agency_id", "-decision_date", "-pk")
        .values(*ANNOUNCEMENT_FIELDS)
    )
    for row in rows:
        found.setdefault(row["agency_id"], row)
    return found


def agency_statuses(agency_ids: Iterable[int]) -> dict[int, AgencyStatus]:
    """Scope and announcement status of each agency: four queries for any number."""
    ids = list(agency_ids)
    obliged = iso_obliged_kinds()
    kinds = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "kind"))
    scopes: dict[int, tuple[int, int]] = {}
    drafts: set[int] = set()
    rows = ScopeVersion.objects.filter(agency_id__in=ids).values_list(
        "agency_id", "pk", "number", "status"
    )
    for agency_id, pk, number, status in rows:
        if status == ScopeVersion.Status.DRAFT:
            drafts.add(agency_id)
        elif number > scopes.get(agency_id, (0, 0))[1]:
            scopes[agency_id] = (pk, number)
    announcements = latest_announcements(ids)
    return {
        agency_id: AgencyStatus(
            agency_id=agency_id,
            obliged=kind in obliged,
            scope_id=scopes.get(agency_id, (None, None))[0],
            scope_number=scopes.get(agency_id, (None, None))[1],
            has_draft=agency_id in drafts,
            announcement=announcements.get(agency_id),
        )
        for agency_id, kind in kinds.items()
    }


def out_of_date_agency_ids(agency_ids: Iterable[int]) -> list[int]:
    """Agencies among ``agency_ids`` whose scope changed after their announcement."""
    statuses = agency_statuses(agency_ids)
    return [pk for pk, s in statuses.items() if s.state == OUT_OF_DATE]


# The agency's public page is the portal's busiest (issue 14 part 6); written once as SQL,
# this read costs a third of the same query composed by the ORM on every request. It is
# read by the agency, or by the agency of its public page: known from the page's id alone,
# as the page is routed (qms.lib.page_reads).
_PUBLIC_ANNOUNCEMENT_SQL = """
SELECT id, decision_number, decision_date, standard, is_public
FROM conformity_announcement
WHERE agency_id = {agency} AND status = %s
ORDER BY decision_date DESC, id DESC
LIMIT 1
"""
_OF_AGENCY = "%s"
_OF_PAGE = "(SELECT ap.agency_id FROM qms_agencypage ap WHERE ap.page_ptr_id = %s)"


def public_announcement_read(
    *, agency_id: int | None = None, page_id: int | None = None
) -> Read[dict[str, Any] | None]:
    """What the public page shows: the announcement in force, if any (one statement), of
    the agency or of the agency of its page."""

    def announcement(rows: Rows) -> dict[str, Any] | None:
        if not rows:
            return None
        pk, number, date, standard, is_public = rows[0]
        return {
            "pk": pk,
            "decision_number": number,
            "decision_date": as_date(date),
            "standard": standard,
            "is_public": bool(is_public),
        }

    of = _OF_AGENCY if page_id is None else _OF_PAGE
    sql = _PUBLIC_ANNOUNCEMENT_SQL.format(agency=of)
    params = [
        agency_id if page_id is None else page_id,
        Announcement.Status.ACTIVE.value,
    ]
    return Read(sql, params, announcement)


def public_announcement(agency: Agency) -> dict[str, Any] | None:
    """``public_announcement_read``, read alone."""
    [found] = read_together([public_announcement_read(agency_id=agency.pk)])
    return found


def scope_at(agency_id: int, moment: Any) -> ScopeVersion | None:
    """The scope version in force at ``moment`` (the latest approved before it)."""
    return (
        ScopeVersion.objects.filter(
            agency_id=agency_id,
            status=ScopeVersion.Status.APPROVED,
            approved_at__lt=moment,
        )
        .order_by("-number")
        .first()
    )


def announcements_of(agency_id: int, *, year: int | None = None) -> list[Announcement]:
    """The agency's announcements, newest first (withdrawn ones too: the history)."""
    queryset = Announcement.objects.filter(agency_id=agency_id).select_related("scope")
    if year is not None:
        queryset = queryset.filter(Q(decision_date__year__lte=year))
    return list(queryset.order_by("-decision_date", "-pk"))
