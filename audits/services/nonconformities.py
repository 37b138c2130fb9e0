"""Nonconformity and corrective action lifecycle (ISO 9001:2015 10.2).

Mới → Đã phân tích → Có kế hoạch → Đã thực hiện → Đã xác minh → Đóng, or Hủy. Every
transition locks the row and checks the state it starts from, so two people moving the
same record at once produce one transition (RL-08); a closed record changes only through
``nonconformity_reopen``, which is itself recorded (AC-05).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from audits.models import (
    AuditItem,
    CorrectiveAction,
    Nonconformity,
    NonconformitySequence,
)
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.inputs import date_error
from qms.lib.text import clean_line, clean_text, is_blank
from qms.models import ReceivingUnit, StaffProfile

from .common import (
    is_agency_manager,
    is_auditor,
    lock,
    no_permission,
    require,
    require_status,
)

S = Nonconformity.Status
CLOSED_STATES = (S.CLOSED, S.CANCELLED)


@dataclass(frozen=True)
class PlannedAction:
    description: str
    owner: Any
    due_date: dt.date


def _next_code(year: int) -> tuple[int, str]:
    # The counter row is locked, so concurrent creations get consecutive numbers.
    NonconformitySequence.objects.bulk_create(
        [NonconformitySequence(year=year)], ignore_conflicts=True
    )
    counter = NonconformitySequence.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last, f"SKPH-{year}-{counter.last:04d}"


def _can_manage(nc: Nonconformity, user: Any) -> bool:
    return is_agency_manager(user, nc.agency_id) or (
        nc.owner_id is not None and nc.owner_id == getattr(user, "pk", None)
    )


def _record(nc: Nonconformity, user: Any, reason: str, verb: str) -> Nonconformity:
    return record_change(
        nc, user=user, reason=reason, action=f"audits.nonconformity.{verb}"
    )


@transaction.atomic
def nonconformity_create(
    *, nc: Nonconformity, user: Any, reason: str = ""
) -> Nonconformity:
    """Register a new nonconformity (state Mới) with the next SKPH code of its year."""
    if user is not None:
        require(is_agency_manager(user, nc.agency_id), no_permission())
    nc.year = nc.detected_on.year
    nc.sequence, nc.code = _next_code(nc.year)
    if user is not None and nc.detected_by_id is None:
        nc.detected_by = user
    nc.status = S.NEW
    return _record(nc, user, reason or _("Nonconformity registered"), "create")


@transaction.atomic
def nonconformity_update(
    *, nc: Nonconformity, user: Any, reason: str = ""
) -> Nonconformity:
    """Correct the description of an open nonconformity (closed ones: reopen first)."""
    current = lock(nc)
    require(_can_manage(current, user), no_permission())
    if current.status in CLOSED_STATES:
        raise TransitionError(
            _(
                "A closed or cancelled nonconformity cannot be changed. Reopen it first, giving the reason."
            )
        )
    nc.status = current.status
    return _record(nc, user, reason or _("Nonconformity corrected"), "edit")


def nonconformity_save(
    *, nc: Nonconformity, user: Any, reason: str = ""
) -> Nonconformity:
    """Register a new nonconformity or correct an open one (the register's admin form)."""
    if nc.pk is None:
        return nonconformity_create(nc=nc, user=user, reason=reason)
    return nonconformity_update(nc=nc, user=user, reason=reason)


def sampled_dossier_list(text: str) -> list[str]:
    """Dossier numbers as the auditor typed them: one per line (commas and semicolons too).

    A number such as "Hồ sơ 000.00.12.H33-260301-0001" keeps its spaces; splitting on
    whitespace turned it into "Hồ, sơ, …" on the report (issue 13).
    """
    parts = text.replace(";", "\n").replace(",", "\n").splitlines()
    return [clean_line(part) for part in parts if not is_blank(part)]


def draft_statement(item: AuditItem) -> str:
    """The finding statement offered to the auditor: what they saw, never the question."""
    return clean_text(item.evidence)


@transaction.atomic
def nonconformity_raise_from_item(
    *, item: AuditItem, user: Any, owner: Any = None, statement: str = ""
) -> Nonconformity:
    """ "Tạo phiếu SKPH": one step from a finding, pre-filled from the audit and the item.

    ``statement`` is the finding as the auditor words it (pre-filled with the recorded
    evidence); the checklist question becomes the requirement in the evidence, not the title.
    """
    from .audits import is_on_team

    audit = lock(item.audit)
    require(
        is_on_team(audit, user), _("Only the audit team can raise a nonconformity.")
    )
    if not item.result or item.result in (
        AuditItem.Result.CONFORMING,
        AuditItem.Result.NOT_APPLICABLE,
    ):
        raise TransitionError(
            _(
                "Only a nonconformity or a recommendation can be raised as a nonconformity report."
            )
        )
    if Nonconformity.objects.filter(audit_item=item).exists():
        raise TransitionError(
            _("A nonconformity has already been raised for this finding.")
        )
    if (
        owner is not None
        and not StaffProfile.objects.filter(
            user=owner, agency_id=audit.agency_id
        ).exists()
    ):
        raise ValidationError(
            {"owner": _("The person responsible must work at the audited agency.")}
        )
    if owner is None and audit.unit_id:
        unit = ReceivingUnit.objects.select_related("head__user").get(pk=audit.unit_id)
        owner = unit.head.user if unit.head_id else None  # type: ignore[union-attr]
    severity = {
        AuditItem.Result.MAJOR: Nonconformity.Severity.MAJOR,
        AuditItem.Result.MINOR: Nonconformity.Severity.MINOR,
    }.get(AuditItem.Result(item.result), Nonconformity.Severity.OBSERVATION)
    statement = clean_text(statement) or draft_statement(item)
    if is_blank(statement):
        raise ValidationError(
            {"statement": _("Write the finding statement: what was found, and where.")}
        )
    evidence = _evidence_from_item(item)
    nc = Nonconformity(
        source=Nonconformity.Source.INTERNAL_AUDIT,
        severity=severity,
        agency_id=audit.agency_id,
        unit_id=audit.unit_id,
        clause_id=item.clause_id,
        procedure_id=item.procedure_id,
        audit=audit,
        audit_item=item,
        title=_title_from(statement),
        description=statement,
        evidence=evidence,
        detected_by=user,
        detected_on=timezone.localdate(),
        owner=owner,
    )
    nc.year = nc.detected_on.year
    nc.sequence, nc.code = _next_code(nc.year)
    return _record(
        nc, user, _("Raised from audit %(code)s") % {"code": audit.code}, "create"
    )


def _title_from(statement: str) -> str:
    first_line = clean_line(statement.splitlines()[0])
    return first_line if len(first_line) <= 200 else first_line[:199] + "…"


def _evidence_from_item(item: AuditItem) -> str:
    """The requirement audited, the evidence seen and the dossiers sampled, one per line."""
    lines = [
        _("Requirement (clause %(clause)s): %(question)s")
        % {"clause": item.clause.number, "question": item.question}
    ]
    if not is_blank(item.evidence):
        lines.append(clean_text(item.evidence))
    dossiers = sampled_dossier_list(item.sampled_dossiers)
    if dossiers:
        lines.append(_("Sampled dossiers:"))
        lines.extend(f"- {number}" for number in dossiers)
    return "\n".join(lines)


@transaction.atomic
def nonconformity_analyse(
    *,
    nc: Nonconformity,
    user: Any,
    correction: str,
    whys: list[str],
    root_cause: str,
) -> Nonconformity:
    """Record the immediate correction and the root cause as a 5-why chain (10.2.1(a), (b))."""
    nc = lock(nc)
    require(_can_manage(nc, user), no_permission())
    require_status(nc, (S.NEW,), _("Only a new nonconformity can be analysed."))
    whys = [clean_line(w) for w in whys if not is_blank(w)]
    if not whys or is_blank(root_cause):
        raise ValidationError(
            _("Ask “why?” at least once and state the root cause you reached.")
        )
    nc.correction, nc.why_chain, nc.root_cause = correction, whys, root_cause
    nc.status = S.ANALYSED
    return _record(nc, user, _("Cause analysed"), "analyse")


def _add_actions(nc: Nonconformity, actions: list[PlannedAction], user: Any) -> None:
    if not actions:
        raise ValidationError(_("Plan at least one corrective action."))
    today = timezone.localdate()
    for planned in actions:
        if is_blank(planned.description) or planned.owner is None:
            raise ValidationError(
                _("Every action needs a description and a person responsible.")
            )
        if planned.due_date < today:
            raise ValidationError(_("A due date cannot be in the past."))
        # A due date decades ahead is a typo ("2205"), and an action nobody will chase.
        error = date_error(
            planned.due_date, label=str(pgettext("corrective action", "Due date"))
        )
        if error:
            raise ValidationError({"due_date": error})
        action = CorrectiveAction(
            nonconformity=nc,
            description=planned.description,
            owner=planned.owner,
            due_date=planned.due_date,
        )
        record_change(action, user=user, reason=_("Action planned"))


@transaction.atomic
def nonconformity_plan(
    *, nc: Nonconformity, user: Any, actions: list[PlannedAction]
) -> Nonconformity:
    """Plan the corrective actions, each with an owner and a due date (10.2.1(c))."""
    nc = lock(nc)
    require(_can_manage(nc, user), no_permission())
    require_status(nc, (S.ANALYSED,), _("Analyse the cause before planning actions."))
    _add_actions(nc, actions, user)
    nc.status = S.PLANNED
    return _record(nc, user, _("Corrective actions planned"), "plan")


@transaction.atomic
def action_complete(
    *,
    action: CorrectiveAction,
    user: Any,
    evidence: str,
    evidence_file: UploadedFile | None = None,
) -> CorrectiveAction:
    """Mark an action done with its evidence; the last one moves the NC to Đã thực hiện."""
    nc = lock(action.nonconformity)
    action = lock(action)
    require(
        action.owner_id == user.pk or is_agency_manager(user, nc.agency_id),
        _("Only the person responsible for this action can mark it done."),
    )
    require_status(
        nc, (S.PLANNED,), _("The nonconformity is not awaiting its actions.")
    )
    if action.status != CorrectiveAction.Status.OPEN:
        raise TransitionError(_("This action has already been marked done."))
    if is_blank(evidence):
        raise ValidationError(
            {"evidence": _("Describe the evidence that the action was done.")}
        )
    if evidence_file is not None:
        from .attachments import validate_attachment

        validate_attachment(evidence_file)
        action.evidence_file = evidence_file
    action.status = CorrectiveAction.Status.DONE
    action.evidence, action.done_at = evidence, timezone.now()
    record_change(action, user=user, reason=_("Action done"))
    if not nc.actions.filter(status=CorrectiveAction.Status.OPEN).exists():
        nc.status = S.IMPLEMENTED
        _record(nc, user, _("Every corrective action done"), "implement")
    return action


@transaction.atomic
def action_cancel(
    *, action: CorrectiveAction, user: Any, reason: str
) -> CorrectiveAction:
    """Cancel an open action, with the reason; it stays in the register (never deleted).

    ISO 9001:2015 7.5.3.2(c): the record of what was planned is kept. Cancelling the last open
    action of a nonconformity whose other actions are done moves it on to Đã thực hiện; one
    that would leave the nonconformity with nothing to do is refused.
    """
    nc = lock(action.nonconformity)
    action = lock(action)
    require(is_agency_manager(user, nc.agency_id), no_permission())
    if nc.status in CLOSED_STATES:
        raise TransitionError(
            _(
                "A closed or cancelled nonconformity cannot be changed. Reopen it first, giving the reason."
            )
        )
    if action.status != CorrectiveAction.Status.OPEN:
        raise TransitionError(_("Only an open corrective action can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    others = nc.actions.exclude(pk=action.pk)
    still_open = others.filter(status=CorrectiveAction.Status.OPEN).exists()
    any_done = others.filter(status=CorrectiveAction.Status.DONE).exists()
    if nc.status == S.PLANNED and not still_open and not any_done:
        raise TransitionError(
            _(
                "This is the nonconformity's only remaining action: plan another one first, or cancel the nonconformity."
            )
        )
    action.status, action.cancel_reason = CorrectiveAction.Status.CANCELLED, reason
    record_change(
        action,
        user=user,
        reason=_("Cancelled: %(reason)s") % {"reason": reason},
        update_fields=["status", "cancel_reason"],
        action="audits.action.cancel",
    )
    if nc.status == S.PLANNED and not still_open:
        nc.status = S.IMPLEMENTED
        _record(nc, user, _("Every corrective action done"), "implement")
    return action


def can_verify(nc: Nonconformity, user: Any) -> bool:
    """An internal auditor who owns none of the actions nor the nonconformity (10.2.1(d))."""
    if not is_auditor(user) or nc.owner_id == user.pk:
        return False
    if nc.verifier_id is not None and nc.verifier_id != user.pk:
        return False
    return not nc.actions.filter(owner=user).exists()


@transaction.atomic
def nonconformity_verify(
    *,
    nc: Nonconformity,
    user: Any,
    effective: bool,
    note: str,
    new_action: PlannedAction | None = None,
) -> Nonconformity:
    """Verify effectiveness; "not effective" sends it back to planning with a new action."""
    nc = lock(nc)
    require(
        can_verify(nc, user),
        _(
            "The verifier must be an internal auditor who owns none of the corrective actions."
        ),
    )
    require_status(nc, (S.IMPLEMENTED,), _("Only implemented actions can be verified."))
    if is_blank(note):
        raise ValidationError({"note": _("Record what you checked.")})
    nc.verification_note, nc.verified_by, nc.verified_at = note, user, timezone.now()
    if effective:
        nc.status = S.VERIFIED
        return _record(
            nc, user, _("Verified effective: %(note)s") % {"note": note}, "verify"
        )
    if new_action is None:
        raise ValidationError(_("An action that was not effective needs a new action."))
    # One save per action (a handful per nonconformity), so each keeps its own history row
    # with the verifier and the reason: no state change bypasses the trail (ISO 7.5.3.2 c).
    for done in nc.actions.select_for_update().filter(
        status=CorrectiveAction.Status.DONE
    ):
        done.status = CorrectiveAction.Status.INEFFECTIVE
        record_change(
            done,
            user=user,
            reason=_("Not effective: %(note)s") % {"note": note},
            update_fields=["status"],
        )
    _add_actions(nc, [new_action], user)
    nc.status = S.PLANNED
    return _record(
        nc, user, _("Not effective: %(note)s") % {"note": note}, "ineffective"
    )


@transaction.atomic
def nonconformity_close(*, nc: Nonconformity, user: Any) -> Nonconformity:
    """Close a verified nonconformity."""
    nc = lock(nc)
    require(
        is_agency_manager(user, nc.agency_id) or nc.verified_by_id == user.pk,
        no_permission(),
    )
    require_status(nc, (S.VERIFIED,), _("Only a verified nonconformity can be closed."))
    nc.status, nc.closed_at = S.CLOSED, timezone.now()
    return _record(nc, user, _("Closed"), "close")


@transaction.atomic
def nonconformity_cancel(*, nc: Nonconformity, user: Any, reason: str) -> Nonconformity:
    """Cancel (Hủy) an open nonconformity, with the reason."""
    nc = lock(nc)
    require(is_agency_manager(user, nc.agency_id), no_permission())
    if nc.status in CLOSED_STATES:
        raise TransitionError(_("This nonconformity is already closed or cancelled."))
    if is_blank(reason):
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    nc.status, nc.cancel_reason = S.CANCELLED, reason
    return _record(nc, user, _("Cancelled: %(reason)s") % {"reason": reason}, "cancel")


@transaction.atomic
def nonconformity_reopen(*, nc: Nonconformity, user: Any, reason: str) -> Nonconformity:
    """The one documented way to change a closed record (AC-05); recorded with its reason."""
    nc = lock(nc)
    require(
        is_agency_manager(user, nc.agency_id),
        _("Only the agency's ISO secretary or head can reopen a nonconformity."),
    )
    require_status(
        nc,
        CLOSED_STATES,
        _("Only a closed or cancelled nonconformity can be reopened."),
    )
    if is_blank(reason):
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    nc.status = S.PLANNED if nc.actions.exists() else S.NEW
    nc.closed_at, nc.cancel_reason = None, ""
    return _record(nc, user, _("Reopened: %(reason)s") % {"reason": reason}, "reopen")
