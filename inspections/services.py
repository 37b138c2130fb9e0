"""Every change of an external inspection: recorded, guarded, refused without a trace."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Nonconformity
from audits.services.nonconformities import nonconformity_create
from inspections.access import INSPECTOR_GROUP, inspector_group_sync
from inspections.models import Inspection, InspectionFinding
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.dates import format_date
from qms.roles import Role
from qms.scoping import user_roles


def may_record_inspections(user: Any) -> bool:
    """Supervisors (the inspecting departments) and superusers record inspections.

    This is the one write a supervisor has: an inspection record, never a register of an
    inspected agency (their agency scope stays read-only).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or Role.SUPERVISOR in user_roles(user))


def _require_recorder(user: Any) -> None:
    if not may_record_inspections(user):
        raise PermissionDenied(
            _(
                "Only the inspecting departments (supervisors) record external inspections."
            )
        )


@transaction.atomic
def inspection_save(
    *,
    inspection: Inspection,
    agencies: list[Any],
    team_users: list[Any],
    user: Any,
    reason: str = "",
) -> Inspection:
    """Record or correct an inspection with the agencies inspected and the team."""
    _require_recorder(user)
    if not agencies:
        raise ValidationError({"agencies": _("Choose at least one agency inspected.")})
    creating = inspection.pk is None
    if creating:
        inspection.created_by = user
    default = _("Inspection recorded") if creating else _("Inspection corrected")
    record_change(
        inspection,
        user=user,
        reason=reason or default,
        exclude=["agencies", "team_users"],
    )
    inspection.agencies.set(agencies)
    inspection.team_users.set(team_users)
    if team_users:
        # The group's view permissions work only inside the grant of inspections.access.
        inspector_group_sync().user_set.add(*team_users)
    return inspection


@transaction.atomic
def finding_save(
    *, finding: InspectionFinding, user: Any, reason: str = ""
) -> InspectionFinding:
    """Record or correct a finding at one of the inspected agencies."""
    _require_recorder(user)
    if finding.pk is not None:
        current = InspectionFinding.objects.select_for_update().get(pk=finding.pk)
        if current.nonconformity_id is not None:
            raise TransitionError(
                _(
                    "A nonconformity has been raised from this finding; it can no longer be changed."
                )
            )
    if not finding.inspection.agencies.filter(pk=finding.agency_id).exists():
        raise ValidationError(
            {"agency": _("The finding must be at one of the agencies inspected.")}
        )
    default = _("Finding recorded") if finding.pk is None else _("Finding corrected")
    return record_change(finding, user=user, reason=reason or default)


@transaction.atomic
def finding_raise_nonconformity(
    *, finding: InspectionFinding, user: Any
) -> InspectionFinding:
    """Raise the finding as the agency's nonconformity in one step (ISO 9001:2015 10.2).

    The inspected agency's ISO secretary or head raises it (the nonconformity service
    checks that); a finding is raised once, never twice.
    """
    locked = (
        InspectionFinding.objects.select_for_update()
        .select_related("inspection")
        .get(pk=finding.pk)
    )
    if locked.nonconformity_id is not None:
        raise TransitionError(
            _("A nonconformity has already been raised from this finding.")
        )
    inspection = locked.inspection
    label = {
        "body": inspection.body_label,
        "number": inspection.decision_number,
        "date": format_date(inspection.decision_date),
    }
    nc = nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.EXTERNAL_INSPECTION,
            severity=locked.severity,
            agency_id=locked.agency_id,
            clause_id=locked.clause_id,
            title=(_("External inspection finding (%(body)s)") % label)[:255],
            description=locked.text,
            evidence=_("Inspection under decision %(number)s of %(date)s by %(body)s.")
            % label,
            detected_on=min(inspection.ends_on, timezone.localdate()),
        ),
        user=user,
        reason=_("Raised from the external inspection %(number)s") % label,
    )
    locked.nonconformity = nc
    return record_change(
        locked,
        user=user,
        reason=_("Nonconformity %(code)s raised") % {"code": nc.code},
        action="inspections.finding.raise_nonconformity",
    )


__all__ = [
    "INSPECTOR_GROUP",
    "finding_raise_nonconformity",
    "finding_save",
    "inspection_save",
    "may_record_inspections",
]
