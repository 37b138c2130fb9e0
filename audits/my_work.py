"""What a person must do in internal audit and corrective action, as "Việc của tôi" groups.

Corrective actions they own (ISO 9001:2015 10.2.1 c), nonconformities they must analyse and
plan or verify (10.2.1 a, b, d; who may act is the rule of audits.services.nonconformities),
and the audits they lead or are on (9.2). Each group is a COUNT and one page of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from audits.models import Audit, CorrectiveAction, Nonconformity
from audits.services.common import MANAGER_ROLES
from qms.my_work import ITEMS_SHOWN, item, my_work_list
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

NC = Nonconformity.Status
OPEN_AUDITS = (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS, Audit.Status.REPORTING)


def actions_owned(user: Any) -> QuerySet[CorrectiveAction]:
    """Open corrective actions the person is responsible for, soonest due first."""
    return (
        CorrectiveAction.objects.filter(owner_id=user.pk, status="open")
        .select_related("nonconformity")
        .order_by("due_date", "pk")
    )


def ncs_to_analyse(user: Any) -> QuerySet[Nonconformity]:
    """New or analysed nonconformities whose cause or plan waits for this person.

    Their owner's; one without an owner waits for the agency's quality officer and head.
    """
    mine = Q(owner_id=user.pk)
    if user_roles(user) & MANAGER_ROLES:
        writable = agency_scope_for(user).writable
        unowned = Q(owner__isnull=True)
        if writable is not None:
            unowned &= Q(agency_id__in=writable)
        mine |= unowned
    return (
        Nonconformity.objects.filter(mine, status__in=(NC.NEW, NC.ANALYSED))
        .select_related("agency")
        .order_by("detected_on", "pk")
    )


def ncs_to_verify(user: Any) -> QuerySet[Nonconformity]:
    """Implemented nonconformities this internal auditor may verify (can_verify's rule).

    The assigned verifier's; with none assigned, the audit team's, or for a nonconformity
    from outside an audit, the auditors of its agency. Never one they own or act on.
    """
    if Role.AUDITOR not in user_roles(user):
        return Nonconformity.objects.none()
    readable = agency_scope_for(user).readable
    on_team = Q(audit__lead_auditor_id=user.pk) | Q(audit__team__id=user.pk)
    outside_audit = Q(audit__isnull=True)
    if readable is not None:
        outside_audit &= Q(agency_id__in=readable)
    who = Q(verifier_id=user.pk) | (
        Q(verifier__isnull=True) & (on_team | outside_audit)
    )
    acting = CorrectiveAction.objects.filter(nonconformity=OuterRef("pk"), owner=user)
    candidates = Nonconformity.objects.filter(who, status=NC.IMPLEMENTED).values("pk")
    return (
        Nonconformity.objects.filter(pk__in=candidates)
        .exclude(owner_id=user.pk)
        .exclude(Exists(acting))
        .select_related("agency")
        .order_by("detected_on", "pk")
    )


def audits_on(user: Any) -> QuerySet[Audit]:
    """Audits not yet closed that the person leads or is a member of, earliest first."""
    team = Audit.team.through.objects.filter(audit_id=OuterRef("pk"), user_id=user.pk)
    return (
        Audit.objects.filter(Q(lead_auditor_id=user.pk) | Exists(team))
        .filter(status__in=OPEN_AUDITS)
        .select_related("agency")
        .order_by("planned_start", "pk")
    )


def _action_item(action: CorrectiveAction, today: dt.date) -> dict[str, Any]:
    return item(
        title=f"{action.nonconformity.code}: {action.description[:120]}",
        url=reverse("audits_action_nc", args=[action.pk]),
        due=action.due_date,
        today=today,
    )


def _nc_item(nc: Nonconformity, today: dt.date) -> dict[str, Any]:
    return item(
        title=f"{nc.code} {nc.title} — {nc.get_status_display()}",
        url=reverse("audits_nc_workflow", args=[nc.pk]),
        due=None,
        today=today,
    )


def _audit_item(audit: Audit, today: dt.date) -> dict[str, Any]:
    # Overdue: fieldwork should have ended by the planned end (9.2.2 b: the programme's dates).
    return item(
        title=f"{audit.code} – {audit.agency} ({audit.get_status_display()})",
        url=reverse("audits_workspace", args=[audit.pk]),
        due=audit.planned_end,
        today=today,
    )


@dataclass(frozen=True)
class Kind:
    label: Any
    rows: Callable[[Any], QuerySet[Any]]
    to_item: Callable[[Any, dt.date], dict[str, Any]]
    roles: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "actions": Kind(
        gettext_lazy("Corrective actions you are responsible for"),
        actions_owned,
        _action_item,
        ("staff",),
    ),
    "analyse": Kind(
        gettext_lazy("Nonconformities to analyse and plan"),
        ncs_to_analyse,
        _nc_item,
        ("staff", "quality_officer", "head"),
    ),
    "verify": Kind(
        gettext_lazy("Nonconformities to verify"),
        ncs_to_verify,
        _nc_item,
        ("auditor",),
    ),
    "audits": Kind(
        gettext_lazy("Audits you lead or take part in"),
        audits_on,
        _audit_item,
        ("auditor",),
    ),
}


def _group(key: str, kind: Kind, user: Any, today: dt.date) -> list[dict[str, Any]]:
    rows = kind.rows(user)
    count = rows.count()
    if not count:
        return []
    return [
        {
            "key": f"audits.{key}",
            "label": kind.label,
            "count": count,
            "url": reverse("audits_my_work", args=[key]),
            "items": [kind.to_item(row, today) for row in rows[:ITEMS_SHOWN]],
            "roles": list(kind.roles),
        }
    ]


def my_work_groups(user: Any) -> list[dict[str, Any]]:
    """Every audits group of this person (two queries each, whatever the number of rows)."""
    today = timezone.localdate()
    return [
        group for key, kind in KINDS.items() for group in _group(key, kind, user, today)
    ]


def my_work_list_view(request: HttpRequest, kind: str) -> HttpResponse:
    """The full list behind a group ("Xem tất cả"): only the signed-in person's rows."""
    chosen = KINDS.get(kind)
    if chosen is None:
        raise Http404
    return my_work_list(
        request,
        title=str(chosen.label),
        rows=chosen.rows(request.user),
        to_item=chosen.to_item,
    )
