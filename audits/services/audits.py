"""Planning and conducting audits (ISO 9001:2015 9.2.2; TCVN ISO 19011)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from audits.models import Audit, AuditItem, AuditProgramme
from qms.exceptions import TransitionError
from qms.lib.changes import history_user, record_change
from qms.lib.history import printed_name
from qms.lib.text import is_blank
from qms.models import StaffProfile

from .auditors import certificate_warns_only, uncertified_messages
from .common import (
    is_agency_manager,
    is_auditor,
    lock,
    no_permission,
    require,
    require_status,
)

# "Leave as it is" for an optional argument whose None means "clear it".
KEEP: Any = object()


def independence_errors(*, audit: Audit, auditors: list[Any]) -> list[str]:
    """Messages for every auditor who would audit their own agency or unit (9.2.2(c))."""
    profiles = {
        p.user_id: p
        for p in StaffProfile.objects.filter(
            user__in=[a.pk for a in auditors]
        ).select_related("agency", "receiving_unit")
    }
    errors = []
    for auditor in auditors:
        profile = profiles.get(auditor.pk)
        name = profile.full_name if profile else auditor.get_username()
        if not is_auditor(auditor):
            errors.append(
                _(
                    "%(name)s is not an internal auditor; only internal auditors can be on an audit team."
                )
                % {"name": name}
            )
        elif profile is None:
            continue
        elif profile.agency_id == audit.agency_id:
            errors.append(
                _(
                    "%(name)s works at %(agency)s and cannot audit their own agency: auditors "
                    "must be independent of the work they audit. Choose an auditor from another agency."
                )
                % {"name": name, "agency": profile.agency}
            )
        elif audit.unit_id and profile.receiving_unit_id == audit.unit_id:
            errors.append(
                _(
                    "%(name)s works at %(unit)s and cannot audit their own unit. Choose an "
                    "auditor from another unit."
                )
                % {"name": name, "unit": profile.receiving_unit}
            )
    return errors


def double_booking_warnings(*, audit: Audit, auditors: list[Any]) -> list[str]:
    """Warn when an auditor is on another open audit with overlapping dates."""
    overlapping = (
        Audit.objects.exclude(pk=audit.pk)
        .exclude(status=Audit.Status.CLOSED)
        .filter(
            planned_start__lte=audit.planned_end, planned_end__gte=audit.planned_start
        )
    )
    warnings = []
    for auditor in auditors:
        clash = (
            overlapping.filter(Q(lead_auditor=auditor) | Q(team=auditor))
            .distinct()
            .first()
        )
        if clash is not None:
            warnings.append(
                _(
                    "%(name)s is already on audit %(code)s from %(start)s to %(end)s; check "
                    "that they can attend both."
                )
                % {
                    "name": printed_name(auditor),
                    "code": clash.code,
                    "start": date_format(clash.planned_start, "SHORT_DATE_FORMAT"),
                    "end": date_format(clash.planned_end, "SHORT_DATE_FORMAT"),
                }
            )
    return warnings


@transaction.atomic
def audit_save(
    *, audit: Audit, team: list[Any], user: Any, reason: str = ""
) -> list[str]:
    """Plan or re-plan an audit with its team; return double-booking warnings.

    Refuses an auditor from the audited agency or unit (independence, 9.2.2(c)), and one
    without a certificate valid for the audit's dates (competence, 7.2) unless the audit
    settings make that a warning. A refusal leaves the audit and its team as they were.
    """
    require(is_agency_manager(user, audit.agency_id), no_permission())
    if audit.pk:
        current = lock(audit)
        require_status(
            current,
            (Audit.Status.PLANNED,),
            _("Only a planned audit can be re-planned; this one has already started."),
        )
    auditors = [audit.lead_auditor, *[m for m in team if m.pk != audit.lead_auditor_id]]
    errors = {
        "lead_auditor": independence_errors(audit=audit, auditors=auditors[:1]),
        "team": independence_errors(audit=audit, auditors=auditors[1:]),
    }
    uncertified = {
        "lead_auditor": uncertified_messages(audit=audit, auditors=auditors[:1]),
        "team": uncertified_messages(audit=audit, auditors=auditors[1:]),
    }
    warns_only = certificate_warns_only()
    if not warns_only:
        errors = {key: errors[key] + uncertified[key] for key in errors}
    if any(errors.values()):
        raise ValidationError({key: msgs for key, msgs in errors.items() if msgs})
    # The team is validated above and set after the save (a many-to-many needs the row).
    record_change(
        audit, user=user, reason=reason or _("Audit planned"), exclude=["team"]
    )
    audit.team.set(auditors[1:])
    warnings = double_booking_warnings(audit=audit, auditors=auditors)
    if warns_only:
        warnings += uncertified["lead_auditor"] + uncertified["team"]
    return warnings


def is_on_team(audit: Audit, user: Any) -> bool:
    return audit.lead_auditor_id == user.pk or audit.team.filter(pk=user.pk).exists()


@transaction.atomic
def audit_start(*, audit: Audit, user: Any) -> Audit:
    """Start the audit: copy the items of the template version it uses into it."""
    audit = lock(audit)
    require(
        audit.lead_auditor_id == user.pk or is_agency_manager(user, audit.agency_id),
        _(
            "Only the audit team leader or the agency's ISO secretary can start the audit."
        ),
    )
    require_status(
        audit, (Audit.Status.PLANNED,), _("This audit has already been started.")
    )
    # In bulk, with one history row per item: the items are evidence from here on.
    bulk_create_with_history(
        [
            AuditItem(
                audit=audit,
                sort_order=item.sort_order,
                question=item.question,
                clause_id=item.clause_id,
                procedure_id=item.procedure_id,
                guidance=item.guidance,
            )
            for item in audit.template.items.all()
        ],
        AuditItem,
        default_user=history_user(user),
        default_change_reason=_("Audit started"),
    )
    audit.status = Audit.Status.IN_PROGRESS
    audit.started_at = timezone.now()
    return record_change(
        audit,
        user=user,
        reason=_("Audit started"),
        update_fields=["status", "started_at"],
        action="audits.audit.start",
    )


@transaction.atomic
def audit_item_record(
    *,
    item: AuditItem,
    user: Any,
    result: str,
    evidence: str,
    sampled_dossiers: str = "",
    risk: Any = KEEP,
) -> AuditItem:
    """Record an auditor's result for one checklist item while the audit is in progress.

    ``risk``: the audited agency's risk or opportunity the question checked (None for
    none); left as it was when not given. Another agency's risk is refused (the model).
    """
    audit = lock(item.audit)
    require(is_on_team(audit, user), _("Only the audit team can record results."))
    require_status(
        audit,
        (Audit.Status.IN_PROGRESS,),
        _("Results can be recorded only while the audit is in progress."),
    )
    if result in (AuditItem.Result.MAJOR, AuditItem.Result.MINOR) and is_blank(
        evidence
    ):
        raise ValidationError(
            {"evidence": _("Describe the evidence for a nonconformity.")}
        )
    item.result, item.evidence, item.sampled_dossiers = (
        result,
        evidence,
        sampled_dossiers,
    )
    if risk is not KEEP:
        item.risk = risk
    item.recorded_by, item.recorded_at = user, timezone.now()
    return record_change(item, user=user, reason=_("Result recorded"))


@transaction.atomic
def audit_finish_fieldwork(*, audit: Audit, user: Any, conclusion: str) -> Audit:
    """Move to reporting once every item has a result."""
    audit = lock(audit)
    require(
        audit.lead_auditor_id == user.pk, _("Only the audit team leader can do this.")
    )
    require_status(
        audit, (Audit.Status.IN_PROGRESS,), _("This audit is not in progress.")
    )
    missing = audit.items.filter(result="").count()
    if missing:
        raise TransitionError(
            ngettext(
                "%(count)s checklist item has no result yet. Record it first.",
                "%(count)s checklist items have no result yet. Record them first.",
                missing,
            )
            % {"count": missing}
        )
    if is_blank(conclusion):
        raise ValidationError({"conclusion": _("Write the audit conclusion.")})
    audit.status = Audit.Status.REPORTING
    audit.conclusion = conclusion
    audit.fieldwork_ended_at = timezone.now()
    return record_change(
        audit,
        user=user,
        reason=_("Fieldwork finished"),
        update_fields=["status", "conclusion", "fieldwork_ended_at"],
        action="audits.audit.report",
    )


@transaction.atomic
def programme_approve(*, programme: AuditProgramme, user: Any) -> AuditProgramme:
    """The head of the issuing agency approves the yearly programme."""
    from qms.roles import Role
    from qms.scoping import user_roles

    programme = lock(programme)
    require(
        Role.HEAD in user_roles(user) and is_agency_manager(user, programme.agency_id),
        _("Only the head of the agency can approve the audit programme."),
    )
    if programme.approved_at:
        raise TransitionError(_("This programme has already been approved."))
    programme.approved_by, programme.approved_at = user, timezone.now()
    return record_change(
        programme,
        user=user,
        reason=_("Programme approved"),
        update_fields=["approved_by", "approved_at"],
        action="audits.programme.approve",
    )


@transaction.atomic
def programme_save(
    *, programme: AuditProgramme, user: Any, reason: str = ""
) -> AuditProgramme:
    """Create or change a programme; an approved one changes only by a new approval."""
    require(is_agency_manager(user, programme.agency_id), no_permission())
    if (
        programme.pk
        and AuditProgramme.objects.filter(
            pk=programme.pk, approved_at__isnull=False
        ).exists()
    ):
        raise TransitionError(_("An approved programme cannot be changed."))
    return record_change(programme, user=user, reason=reason)


def agencies_without_completed_audit(*, year: int) -> list[Any]:
    """Agencies that owe an internal audit in ``year`` and closed none that calendar year.

    ISO 9001:2015 9.2.1 asks for audits at planned intervals, and QĐ 19/2014/QĐ-TTg obliges
    some agency types to run the system at all: every active agency of an obliged type owes
    one, whether or not anyone put it in a programme (an agency missing from every programme
    is exactly the one to flag, issue 16), and so does any agency a programme of the year
    named. Three queries whatever the number of agencies.
    """
    from qms.models import Agency
    from qms.selectors import iso_obliged_kinds

    # Active on the year's last day, or today while the year runs.
    day = min(timezone.localdate(), dt.date(year, 12, 31))
    active = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    audited = Audit.objects.filter(
        status=Audit.Status.CLOSED, closed_at__year=year
    ).values("agency_id")
    in_programme = AuditProgramme.agencies_in_scope.through.objects.filter(
        auditprogramme__year=year
    ).values("agency_id")
    return list(
        Agency.objects.filter(
            (active & Q(kind__in=iso_obliged_kinds())) | Q(pk__in=in_programme)
        )
        .exclude(pk__in=audited)
        .order_by("name")
    )
