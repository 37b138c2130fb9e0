"""Read-and-understood assignments: fan-out on release, supersession, joiners and leavers.

ISO 9001:2015 7.3 asks that people are aware of the documented information relevant to their
work; each release a person must read becomes one assignment bound to that release (test
ES-05). Every function is idempotent: a redelivered task creates nothing twice (RL-01, RL-02).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import DOCUMENT_PAGE_MODELS, DocumentRelease
from qms.models import StaffProfile
from training.models import Acknowledgment, TrainingSettings

Status = Acknowledgment.Status
logger = logging.getLogger(__name__)


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


# Fan-out and supersession are set-based SQL (INSERT … SELECT, UPDATE) with their history rows
# written the same way: publishing to 10,000 staff takes a dozen queries and no per-row Python
# (benchmark ack_fanout_10000_s). The release row lock makes the NOT EXISTS guard race-free; the
# unique constraint stays as the backstop.
_FIELDS = list(Acknowledgment._meta.concrete_fields)


def _write_history(
    queryset: QuerySet[Acknowledgment], *, kind: str, reason: str, when: dt.datetime
) -> None:
    """Copy the rows of ``queryset`` into the simple-history table, as one INSERT … SELECT."""
    columns = [f.column for f in _FIELDS]
    select_sql, params = (
        queryset.order_by()
        .values(*[f.attname for f in _FIELDS])
        .query.sql_with_params()
    )
    history = Acknowledgment.history.model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = (
        # Identifiers come from model metadata and the SELECT from Django's compiler; every
        # value is a parameter.
        f"INSERT INTO {connection.ops.quote_name(history)} ({quoted}, history_date, "  # noqa: S608
        "history_change_reason, history_type, history_user_id) "
        f"SELECT {', '.join('q.' + connection.ops.quote_name(c) for c in columns)}, "
        f"%s, %s, %s, NULL FROM ({select_sql}) q"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [connection.ops.adapt_datetimefield_value(when), reason, kind, *params]
        )


def _close(queryset: QuerySet[Acknowledgment], status: str, reason: str) -> int:
    """Close open assignments in one UPDATE, with one history row each."""
    now = timezone.now()
    closed = queryset.filter(status=Status.PENDING).update(status=status, closed_at=now)
    if closed:
        _write_history(
            queryset.filter(status=status, closed_at=now),
            kind="~",
            reason=reason,
            when=now,
        )
    return closed


def _create(
    release: DocumentRelease,
    agency_id: int,
    staff: QuerySet[StaffProfile],
    reason: str,
) -> int:
    """Assign ``release`` to every person in ``staff`` who does not have it yet."""
    if staff.query.is_empty():
        return 0  # no distribution: nothing to compile, nothing to assign
    now = timezone.now()
    ops = connection.ops
    staff_sql, staff_params = staff.order_by().values("id").query.sql_with_params()
    table = ops.quote_name(Acknowledgment._meta.db_table)
    sql = (
        f"INSERT INTO {table} (staff_id, release_id, page_id, agency_id, content_hash, "  # noqa: S608
        "status, assigned_at, due_date, signed_hash, signed_user_agent, printed_name) "
        "SELECT s.id, %s, %s, %s, %s, %s, %s, %s, '', '', '' "
        f"FROM ({staff_sql}) s WHERE NOT EXISTS (SELECT 1 FROM {table} a "
        "WHERE a.staff_id = s.id AND a.release_id = %s)"
    )
    values: list[Any] = [
        release.pk,
        release.page_id,
        agency_id,
        release.content_hash,
        Status.PENDING.value,
        ops.adapt_datetimefield_value(now),
        ops.adapt_datefield_value(_due_date(timezone.localdate())),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *staff_params, release.pk])
        created = max(cursor.rowcount, 0)
    if created:
        _write_history(
            Acknowledgment.objects.filter(release=release, assigned_at=now),
            kind="+",
            reason=reason,
            when=now,
        )
    return created


@transaction.atomic
def release_assign(*, release_id: int) -> int:
    """Assign a new release to everyone in its distribution; close the previous release's.

    The release row is locked, so two deliveries of the same task run one after the other and
    the second finds every assignment already there. Returns the number of new assignments.
    """
    release = (
        DocumentRelease.objects.select_for_update()
        .select_related("page")
        .filter(pk=release_id)
        .first()
    )
    if release is None:
        logger.warning(
            "Fan-out for release %s: no such release, nothing assigned", release_id
        )
        return 0  # releases are never deleted; only a rolled-back test row gets here
    if not release.is_current:
        return 0  # a late delivery for a release that has since been replaced
    page = release.page.specific
    _close(
        Acknowledgment.objects.filter(page_id=page.pk).exclude(release=release),
        Status.SUPERSEDED,
        _("Superseded by release %(number)s") % {"number": release.number_label},
    )
    return _create(
        release,
        page.agency_id,
        distribution_staff(page),
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
            StaffProfile.objects.filter(pk=staff.pk),
            _("Assigned: joined the document's distribution"),
        )
        for release in releases
    )
