"""Read-and-understood assignments: fan-out on release, supersession, joiners and leavers.

ISO 9001:2015 7.3 asks that people are aware of the documented information relevant to their
work; each release a person must read becomes one assignment bound to that release (test
ES-05). Every function is idempotent: a redelivered task creates nothing twice (RL-01, RL-02).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease
from qms.models import StaffProfile
from training.models import Acknowledgment, TrainingSettings

Status = Acknowledgment.Status


def _due_date(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=TrainingSettings.load().acknowledgment_due_days)


def distribution_staff(page: object) -> QuerySet[StaffProfile]:
    """Active staff of the document's agency in its distribution units or positions."""
    units = list(page.distribution_units.values_list("pk", flat=True))  # type: ignore[attr-defined]
    positions = list(page.distribution_positions.values_list("pk", flat=True))  # type: ignore[attr-defined]
    if not units and not positions:
        return StaffProfile.objects.none()
    return StaffProfile.objects.filter(
        is_active=True,
        agency_id=page.agency_id,  # type: ignore[attr-defined]
    ).filter(Q(receiving_unit_id__in=units) | Q(position_id__in=positions))


def _close(queryset: QuerySet[Acknowledgment], status: str, reason: str) -> int:
    """Close open assignments in bulk, with one history row each."""
    rows = list(queryset.filter(status=Status.PENDING).select_for_update())
    if not rows:
        return 0
    now = timezone.now()
    for row in rows:
        row.status, row.closed_at = status, now
    Acknowledgment.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=status, closed_at=now
    )
    Acknowledgment.history.bulk_history_create(
        rows, update=True, default_change_reason=reason, default_date=now
    )
    return len(rows)


def _create(
    release: DocumentRelease, agency_id: int, staff_ids: Iterable[int], reason: str
) -> int:
    existing = set(
        Acknowledgment.objects.filter(release=release).values_list(
            "staff_id", flat=True
        )
    )
    now = timezone.now()
    due = _due_date(timezone.localdate())
    new = [
        Acknowledgment(
            staff_id=staff_id,
            release=release,
            page_id=release.page_id,
            agency_id=agency_id,
            content_hash=release.content_hash,
            assigned_at=now,
            due_date=due,
        )
        for staff_id in staff_ids
        if staff_id not in existing
    ]
    if not new:
        return 0
    created = Acknowledgment.objects.bulk_create(new)
    Acknowledgment.history.bulk_history_create(
        created, default_change_reason=reason, default_date=now
    )
    return len(created)


@transaction.atomic
def release_assign(*, release_id: int) -> int:
    """Assign a new release to everyone in its distribution; close the previous release's.

    The release row is locked, so two deliveries of the same task run one after the other and
    the second finds every assignment already there. Returns the number of new assignments.
    """
    release = (
        DocumentRelease.objects.select_for_update()
        .select_related("page")
        .get(pk=release_id)
    )
    if not release.is_current:
        return 0  # a late delivery for a release that has since been replaced
    page = release.page.specific
    _close(
        Acknowledgment.objects.filter(page_id=page.pk).exclude(release=release),
        Status.SUPERSEDED,
        _("Superseded by release %(number)s") % {"number": release.number_label},
    )
    staff_ids = distribution_staff(page).values_list("pk", flat=True)
    return _create(
        release,
        page.agency_id,
        staff_ids,
        _("Assigned: release %(number)s") % {"number": release.number_label},
    )


@transaction.atomic
def release_withdrawn_close(*, release_id: int) -> int:
    """A withdrawn release is no longer to be read: its open assignments are closed."""
    return _close(
        Acknowledgment.objects.filter(release_id=release_id),
        Status.WITHDRAWN,
        _("The release was withdrawn"),
    )


def _current_releases_for(staff: StaffProfile) -> list[DocumentRelease]:
    page_ids: list[int] = []
    for model in DOCUMENT_PAGE_MODELS:
        page_ids.extend(
            model.objects.live()
            .filter(agency_id=staff.agency_id)
            .filter(
                Q(distribution_units=staff.receiving_unit_id)
                | Q(distribution_positions=staff.position_id)
            )
            .values_list("pk", flat=True)
            .distinct()
        )
    return list(
        DocumentRelease.objects.filter(
            page_id__in=page_ids, superseded_at__isnull=True, withdrawn_at__isnull=True
        ).select_related("page")
    )


@transaction.atomic
def staff_assign(*, staff_id: int) -> int:
    """Bring one person's assignments in line with their unit and position.

    A joiner gets the releases in force that concern them; someone who leaves the service or
    moves away has their open assignments for documents no longer theirs cancelled. Completed
    acknowledgments are never touched.
    """
    staff = StaffProfile.objects.select_for_update().get(pk=staff_id)
    if not staff.is_active:
        _close(
            Acknowledgment.objects.filter(staff=staff).all(),
            Status.CANCELLED,
            _("The staff member left the service"),
        )
        return 0
    releases = _current_releases_for(staff)
    _close(
        Acknowledgment.objects.filter(staff=staff).exclude(release__in=releases),
        Status.CANCELLED,
        _("No longer in the document's distribution"),
    )
    return sum(
        _create(
            release,
            staff.agency_id,
            [staff.pk],
            _("Assigned: joined the document's distribution"),
        )
        for release in releases
    )
