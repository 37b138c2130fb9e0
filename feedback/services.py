"""Citizens' feedback: submit (public), raise a nonconformity, answer, reopen.

ISO 9001:2015 8.2.1(e): customer feedback, complaints included, is received and answered;
9.1.2: its handling is measured (answered by the due date, QĐ 766 "PAKN handled on time");
10.2: feedback that reveals a nonconformity raises one. Every change locks the row, checks
the state it starts from and is recorded with who and why; a refused change leaves the row
as it was.

Mới tiếp nhận → (Đang xử lý, when a nonconformity is raised) → Đã trả lời, and back to
Đang xử lý by a reopening with a reason.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audits.models import Nonconformity
from audits.services.nonconformities import nonconformity_create
from documents.models import ProcedurePage
from documents.selectors import releases_in_force
from feedback.models import TRACKING_PREFIX, Feedback, add_working_days
from qms.exceptions import TransitionError
from qms.lib.changes import record_change
from qms.lib.dates import format_date
from qms.lib.notify import notify
from qms.lib.text import clean_line, clean_text, is_blank
from qms.models import Notification, ReceivingUnit
from qms.roles import Role
from qms.scoping import agency_scope_for, user_roles

S = Feedback.Status
HANDLER_ROLES = frozenset({Role.QUALITY_OFFICER, Role.HEAD})
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
OPEN_STATES = (S.RECEIVED, S.IN_PROGRESS)


def may_handle(user: Any, feedback: Feedback) -> bool:
    """The ISO secretary or head of the feedback's agency (or a superuser) handles it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    writable = agency_scope_for(user).writable
    return bool(user_roles(user) & HANDLER_ROLES) and (
        writable is None or feedback.agency_id in writable
    )


def procedures_in_force(agency_id: int) -> Any:
    """The agency's live procedures with a release in force: what a citizen may name.

    The TTHC procedures, which citizens go through, come first; the system procedures and
    work instructions follow.
    """
    citizens_first = Case(
        When(kind=ProcedurePage.Kind.TTHC, then=Value(0)), default=Value(1)
    )
    return (
        ProcedurePage.objects.live()
        .filter(agency_id=agency_id, pk__in=releases_in_force().values("page_id"))
        .order_by(citizens_first, "code", "title")
    )


def due_date_from(received: Any) -> Any:
    """The answer's due date: N working days after receipt (QMS_FEEDBACK_RESPONSE_DAYS)."""
    return add_working_days(received, settings.QMS_FEEDBACK_RESPONSE_DAYS)


def _new_tracking_code() -> str:
    return TRACKING_PREFIX + "".join(
        secrets.choice(TRACKING_ALPHABET) for _i in range(8)
    )


@transaction.atomic
def feedback_submit(
    *,
    unit: ReceivingUnit,
    description: str,
    contact: str = "",
    procedure: ProcedurePage | None = None,
    received_at: dt.datetime | None = None,
) -> Feedback:
    """Receive a citizen's feedback; tell the unit's ISO secretaries.

    ``received_at`` is for feedback received earlier on paper or at the counter and entered
    now (the public form never passes it): the due date counts from the day of receipt.
    """
    # The public form is pasted into from anywhere: count only what a reader can see.
    description, contact = clean_text(description), clean_line(contact)
    if len(description) < 10:
        raise ValidationError(
            {"description": _("Describe the problem in a few words.")}
        )
    if (
        procedure is not None
        and not procedures_in_force(unit.agency_id).filter(pk=procedure.pk).exists()
    ):
        raise ValidationError(
            {"procedure": _("Choose a procedure in force at this unit, or none.")}
        )
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError(
            {"received_at": _("Feedback cannot be received in the future.")}
        )
    feedback = Feedback(
        tracking_code=_new_tracking_code(),
        agency_id=unit.agency_id,
        unit=unit,
        procedure=procedure,
        description=description,
        contact=contact,
        received_at=received_at,
        due_on=due_date_from(timezone.localdate(received_at)),
    )
    record_change(
        feedback, user=None, reason=_("Citizen feedback received"), action=None
    )
    _notify_officers(feedback)
    return feedback


def quality_officers(agency_id: int) -> Any:
    """Active ISO secretaries of the agency (who receive and triage its feedback)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=Role.QUALITY_OFFICER.value,
            staff_profile__agency_id=agency_id,
            staff_profile__is_active=True,
        )
        .distinct()
    )


def _notify_officers(feedback: Feedback) -> None:
    notify(
        recipients=quality_officers(feedback.agency_id),
        template="feedback-received",
        context={
            "code": feedback.tracking_code,
            "unit": feedback.unit.name,
            "procedure": feedback.procedure.title if feedback.procedure else "",
            "due_on": format_date(feedback.due_on),
        },
        kind=Notification.Kind.WORKFLOW,
        target=reverse("feedback_register:inspect", args=[feedback.pk]),
        event_key=f"feedback:{feedback.pk}:received",
    )


def _lock_open(feedback: Feedback, user: Any) -> Feedback:
    if not may_handle(user, feedback):
        raise PermissionDenied(
            _(
                "Only the ISO secretary or head of the unit's agency handles this feedback."
            )
        )
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.status not in OPEN_STATES:
        raise TransitionError(
            _(
                "This feedback has already been answered. Reopen it first, giving the reason."
            )
        )
    return locked


@transaction.atomic
def feedback_raise_nonconformity(
    *, feedback: Feedback, user: Any, severity: str = Nonconformity.Severity.MINOR
) -> Feedback:
    """Raise a nonconformity from the feedback (ISO 10.2), prefilled; answer it afterwards."""
    locked = _lock_open(feedback, user)
    if locked.nonconformity_id is not None:
        raise TransitionError(
            _("A nonconformity has already been raised from this feedback.")
        )
    nc = nonconformity_create(
        nc=Nonconformity(
            source=Nonconformity.Source.CITIZEN_COMPLAINT,
            severity=severity,
            agency_id=locked.agency_id,
            unit_id=locked.unit_id,
            procedure_id=locked.procedure_id,
            title=_("Citizen feedback %(code)s at %(unit)s")
            % {"code": locked.tracking_code, "unit": locked.unit.name},
            description=locked.description,
            evidence=_("Citizen feedback %(code)s received on %(date)s.")
            % {"code": locked.tracking_code, "date": format_date(locked.received_on)},
            detected_on=locked.received_on,
        ),
        user=user,
        reason=_("Raised from citizen feedback %(code)s")
        % {"code": locked.tracking_code},
    )
    locked.nonconformity = nc
    locked.outcome = Feedback.Outcome.NONCONFORMITY
    locked.status = S.IN_PROGRESS
    return record_change(
        locked,
        user=user,
        reason=_("Nonconformity %(code)s raised") % {"code": nc.code},
        action="feedback.feedback.raise_nonconformity",
    )


@transaction.atomic
def feedback_answer(*, feedback: Feedback, user: Any, answer: str) -> Feedback:
    """Answer the citizen; the answer shows on the public tracking page."""
    answer = clean_text(answer)
    if not answer:
        raise ValidationError({"answer": _("Write the answer the citizen will read.")})
    locked = _lock_open(feedback, user)
    if not locked.outcome:
        locked.outcome = Feedback.Outcome.DIRECT
    locked.status = S.ANSWERED
    locked.answer = answer
    locked.answered_at, locked.answered_by = timezone.now(), user
    return record_change(
        locked,
        user=user,
        reason=_("Answered the citizen"),
        action="feedback.feedback.answer",
    )


@transaction.atomic
def feedback_reopen(*, feedback: Feedback, user: Any, reason: str) -> Feedback:
    """Take an answered feedback back in hand (a wrong or incomplete answer), with a reason."""
    if is_blank(reason):
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    if not may_handle(user, feedback):
        raise PermissionDenied(
            _(
                "Only the ISO secretary or head of the unit's agency handles this feedback."
            )
        )
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.status != S.ANSWERED:
        raise TransitionError(_("Only an answered feedback can be reopened."))
    # The old answer stays in the history; the citizen no longer reads it as final.
    locked.status = S.IN_PROGRESS
    locked.answer, locked.answered_at, locked.answered_by = "", None, None
    return record_change(
        locked,
        user=user,
        reason=_("Reopened: %(reason)s") % {"reason": clean_text(reason)},
        action="feedback.feedback.reopen",
    )
