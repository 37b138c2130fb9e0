"""Changes to the planning registers: context, interested parties, scale, risks, actions.

ISO 9001:2015 4.1, 4.2, 6.1. Every change is guarded (the agency's ISO secretary keeps the
registers; an action's owner records its completion), validated and saved with its history
(user and reason) through ``record_change``; a refused change leaves the row as it was.
A risk's rating is never typed: it is likelihood × impact on the agency's scale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import (
    MAX_LEVELS,
    MIN_LEVELS,
    ContextIssue,
    InterestedParty,
    Risk,
    RiskLevelScale,
    TreatmentAction,
)
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.inputs import date_error
from qms.lib.text import clean_line, clean_text, is_blank
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

EDITOR_ROLES = frozenset({Role.QUALITY_OFFICER})


def may_edit(user: Any, agency_id: int | None) -> bool:
    """The ISO secretary of the agency (or a superuser) keeps its planning registers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return bool(user_roles(user) & EDITOR_ROLES) and (
        writable is None or agency_id in writable
    )


def _guard(user: Any, agency_id: int | None) -> None:
    if not may_edit(user, agency_id):
        raise PermissionDenied(
            _("Only the ISO secretary of the agency keeps its risk register.")
        )


def _reason(instance: Any, reason: str, created: str) -> str:
    """A new row says what it is; a change to an existing one needs the person's reason."""
    if instance.pk is None:
        return clean_line(reason) or created
    if is_blank(reason):
        raise ValidationError({"change_reason": _("Give the reason for the change.")})
    return clean_line(reason)


# --- Scale -----------------------------------------------------------------------------


def scale_for(agency_id: int) -> RiskLevelScale:
    """The agency's scale, or the default one (unsaved) while it has set none."""
    scale = RiskLevelScale.objects.filter(agency_id=agency_id).first()
    return scale or RiskLevelScale(agency_id=agency_id)


def scales_for(agency_ids: Any) -> dict[int, RiskLevelScale]:
    """The scales of several agencies in one query, defaults for the rest."""
    saved = {
        s.agency_id: s for s in RiskLevelScale.objects.filter(agency_id__in=agency_ids)
    }
    return {pk: saved.get(pk) or RiskLevelScale(agency_id=pk) for pk in agency_ids}


def _labels(value: Any, field: str) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    labels = [clean_line(str(v)) for v in (value or [])]
    labels = [label for label in labels if label]
    if not MIN_LEVELS <= len(labels) <= MAX_LEVELS:
        raise ValidationError(
            {field: _("Give from 3 to 5 levels, one per line, lowest first.")}
        )
    return labels


@transaction.atomic
def scale_save(*, scale: RiskLevelScale, user: Any, reason: str = "") -> RiskLevelScale:
    """Set the agency's levels and bands; re-rate its risks on the new scale."""
    _guard(user, scale.agency_id)
    text = _reason(scale, reason, _("Risk rating scale set"))
    scale.likelihood_labels = _labels(scale.likelihood_labels, "likelihood_labels")
    scale.impact_labels = _labels(scale.impact_labels, "impact_labels")
    top = scale.likelihood_levels * scale.impact_levels
    if not 1 < scale.medium_from < scale.high_from <= top:
        raise ValidationError(
            {
                "high_from": _(
                    "The thresholds must rise: 1 < medium < high ≤ %(top)d "
                    "(the highest rating on this scale)."
                )
                % {"top": top}
            }
        )
    risks = list(Risk.objects.select_for_update().filter(agency_id=scale.agency_id))
    if any(_off_scale(risk, scale) for risk in risks):
        raise ValidationError(
            _(
                "Some risks are rated above the new levels. Re-rate them before "
                "reducing the scale."
            )
        )
    record_change(scale, user=user, reason=text)
    for risk in risks:
        if _rate(risk, scale):
            record_change(
                risk,
                user=user,
                reason=_("Re-rated on the new scale: %(reason)s") % {"reason": text},
            )
    return scale


def _off_scale(risk: Risk, scale: RiskLevelScale) -> bool:
    likelihoods = [risk.likelihood, risk.residual_likelihood or 0]
    impacts = [risk.impact, risk.residual_impact or 0]
    return max(likelihoods) > scale.likelihood_levels or max(impacts) > (
        scale.impact_levels
    )


def _rate(risk: Risk, scale: RiskLevelScale) -> bool:
    """Compute the ratings and bands; whether any of them changed."""
    before = (risk.rating, risk.band, risk.residual_rating, risk.residual_band)
    risk.rating = risk.likelihood * risk.impact
    risk.band = scale.band(risk.rating)
    if risk.residual_likelihood and risk.residual_impact:
        risk.residual_rating = risk.residual_likelihood * risk.residual_impact
        risk.residual_band = scale.band(risk.residual_rating)
    else:
        risk.residual_rating, risk.residual_band = None, ""
    return before != (risk.rating, risk.band, risk.residual_rating, risk.residual_band)


# --- Context issues and interested parties ----------------------------------------------


def _dates(instance: Any) -> None:
    errors = {}
    for name in ("recorded_on", "reviewed_on"):
        label = instance._meta.get_field(name).verbose_name
        error = date_error(getattr(instance, name), label=label, past=True)
        if error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def context_issue_save(
    *, instance: ContextIssue, user: Any, reason: str = ""
) -> ContextIssue:
    """Record or change an internal or external issue (4.1)."""
    _guard(user, instance.agency_id)
    text = _reason(instance, reason, _("Context issue recorded"))
    instance.description = clean_text(instance.description)
    instance.effect = clean_text(instance.effect)
    if not instance.description:
        raise ValidationError({"description": _("Describe the issue.")})
    _dates(instance)
    return record_change(instance, user=user, reason=text)


@transaction.atomic
def interested_party_save(
    *, instance: InterestedParty, user: Any, reason: str = ""
) -> InterestedParty:
    """Record or change an interested party and its needs (4.2)."""
    _guard(user, instance.agency_id)
    text = _reason(instance, reason, _("Interested party recorded"))
    instance.party = clean_line(instance.party)
    instance.needs = clean_text(instance.needs)
    instance.monitoring = clean_text(instance.monitoring)
    if not instance.party:
        raise ValidationError({"party": _("Name the interested party.")})
    if not instance.needs:
        raise ValidationError({"needs": _("Write their needs and expectations.")})
    _dates(instance)
    return record_change(instance, user=user, reason=text)


# --- Risks ------------------------------------------------------------------------------


def agency_people(agency_id: int) -> Any:
    """Active staff of the agency: who may own a risk or an action."""
    return get_user_model().objects.filter(
        is_active=True,
        staff_profile__agency_id=agency_id,
        staff_profile__is_active=True,
    )


def _risk_errors(risk: Risk, scale: RiskLevelScale) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, levels in (
        ("likelihood", scale.likelihood_levels),
        ("impact", scale.impact_levels),
        ("residual_likelihood", scale.likelihood_levels),
        ("residual_impact", scale.impact_levels),
    ):
        value = getattr(risk, field)
        if value is not None and not 1 <= value <= levels:
            errors[field] = _("Choose a level from 1 to %(levels)d.") % {
                "levels": levels
            }
    if (risk.residual_likelihood is None) != (risk.residual_impact is None):
        errors["residual_impact"] = _(
            "Give both the residual likelihood and impact, or neither."
        )
    if risk.process_id is None and not risk.process_name:
        errors["process_name"] = _("Choose a procedure or name the process.")
    if risk.process is not None and risk.process.agency_id != risk.agency_id:
        errors["process"] = _("Choose a procedure of the same agency.")
    if (
        risk.owner_id is not None
        and not agency_people(risk.agency_id).filter(pk=risk.owner_id).exists()
    ):
        errors["owner"] = _("Choose an active member of the agency's staff.")
    error = date_error(risk.review_on, label=_("next review on"))
    if error:
        errors["review_on"] = error
    return errors


@transaction.atomic
def risk_save(*, instance: Risk, user: Any, reason: str = "") -> Risk:
    """Record or change a risk or opportunity; its ratings follow the agency's scale."""
    _guard(user, instance.agency_id)
    text = _reason(instance, reason, _("Risk or opportunity recorded"))
    instance.title = clean_line(instance.title)
    instance.process_name = clean_line(instance.process_name)
    instance.cause = clean_text(instance.cause)
    instance.consequence = clean_text(instance.consequence)
    scale = scale_for(instance.agency_id)
    errors = _risk_errors(instance, scale)
    if errors:
        raise ValidationError(errors)
    if instance.pk is not None and instance.status == Risk.Status.CLOSED:
        open_actions = TreatmentAction.objects.filter(
            risk_id=instance.pk, status=TreatmentAction.Status.OPEN
        )
        if open_actions.exists():
            raise ValidationError(
                {
                    "status": _(
                        "Finish or cancel its open actions before closing this record."
                    )
                }
            )
    _rate(instance, scale)
    return record_change(instance, user=user, reason=text)


# --- Treatment actions ------------------------------------------------------------------


@transaction.atomic
def action_save(
    *, instance: TreatmentAction, user: Any, reason: str = ""
) -> TreatmentAction:
    """Plan or change a treatment action with its owner and due date (6.1.2)."""
    risk = Risk.objects.get(pk=instance.risk_id)
    _guard(user, risk.agency_id)
    text = _reason(instance, reason, _("Treatment action planned"))
    if risk.status == Risk.Status.CLOSED:
        raise TransitionError(_("This record is closed; reopen it to plan actions."))
    if instance.pk is not None and instance.status != TreatmentAction.Status.OPEN:
        raise TransitionError(_("Only an open action can be changed."))
    instance.agency_id = risk.agency_id
    instance.action = clean_text(instance.action)
    errors: dict[str, str] = {}
    if not instance.action:
        errors["action"] = _("Describe the action.")
    if not agency_people(risk.agency_id).filter(pk=instance.owner_id).exists():
        errors["owner"] = _("Choose an active member of the agency's staff.")
    new_in_past = instance.pk is None and instance.due_on is not None
    if new_in_past and instance.due_on < timezone.localdate():
        errors["due_on"] = _("A new action cannot be due in the past.")
    error = date_error(instance.due_on, label=_("completion due date"))
    if error:
        errors["due_on"] = error
    if errors:
        raise ValidationError(errors)
    return record_change(instance, user=user, reason=text)


def may_complete(user: Any, action: TreatmentAction) -> bool:
    """The action's owner, or the ISO secretary of its agency."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return action.owner_id == user.pk or may_edit(user, action.agency_id)


def _lock_open(action: TreatmentAction, user: Any) -> TreatmentAction:
    if not may_complete(user, action):
        raise PermissionDenied(
            _("Only the action's owner or the agency's ISO secretary may do this.")
        )
    locked = TreatmentAction.objects.select_for_update().get(pk=action.pk)
    if locked.status != TreatmentAction.Status.OPEN:
        raise TransitionError(_("This action is no longer open."))
    return locked


@transaction.atomic
def action_complete(
    *,
    action: TreatmentAction,
    user: Any,
    evidence: str,
    completed_on: dt.date | None = None,
) -> TreatmentAction:
    """Record the action as done, with what shows it was done."""
    evidence = clean_text(evidence)
    completed_on = completed_on or timezone.localdate()
    if not evidence:
        raise ValidationError({"evidence": _("Say what shows the action was done.")})
    error = date_error(completed_on, label=_("completed on"), past=True)
    if error:
        raise ValidationError({"completed_on": error})
    locked = _lock_open(action, user)
    locked.status = TreatmentAction.Status.DONE
    locked.evidence, locked.completed_on = evidence, completed_on
    return record_change(
        locked,
        user=user,
        reason=_("Action done"),
        action="planning.treatmentaction.complete",
    )


@transaction.atomic
def action_cancel(
    *, action: TreatmentAction, user: Any, reason: str
) -> TreatmentAction:
    """Cancel an action no longer needed; it stays in the register with the reason."""
    if is_blank(reason):
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if not may_edit(user, action.agency_id):
        raise PermissionDenied(
            _("Only the ISO secretary of the agency keeps its risk register.")
        )
    locked = _lock_open(action, user)
    locked.status = TreatmentAction.Status.CANCELLED
    return record_change(
        locked,
        user=user,
        reason=_("Cancelled: %(reason)s") % {"reason": clean_text(reason)},
        action="planning.treatmentaction.cancel",
    )
