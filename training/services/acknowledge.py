"""Confirming "Đã đọc và hiểu": an electronic signature by the reader, and the optional quiz.

The confirmation re-asks the password (21 CFR 11.200 (a)(1), as for approvals), is bound to the
release and its content hash, and records time (with time zone), IP address and browser.
Nobody can confirm for someone else (ES-04): the service checks the signer is the assignee.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.lib.changes import record_change
from training.models import Acknowledgment, Quiz, QuizAttempt

logger = logging.getLogger("qms.security")

MEANING = "Đã đọc và hiểu"


def quiz_for(acknowledgment: Acknowledgment) -> Quiz | None:
    quiz = (
        Quiz.objects.filter(page_id=acknowledgment.page_id)
        .prefetch_related("questions")
        .first()
    )
    return quiz if quiz is not None and quiz.questions.all() else None


def has_passed_quiz(acknowledgment: Acknowledgment) -> bool:
    return acknowledgment.quiz_attempts.filter(passed=True).exists()


def _own_pending(acknowledgment_id: int, user: Any) -> Acknowledgment:
    ack = (
        Acknowledgment.objects.select_for_update()
        .select_related("release", "staff")
        .get(pk=acknowledgment_id)
    )
    if ack.staff.user_id != user.pk:
        raise PermissionDenied(_("Only the person assigned can confirm this document."))
    if ack.status != Acknowledgment.Status.PENDING:
        raise ValidationError(
            _("This assignment is closed (%(status)s); nothing was recorded.")
            % {"status": ack.get_status_display()}
        )
    if not ack.release.is_current:
        raise ValidationError(
            _("This release is no longer in force; read the release that replaced it.")
        )
    return ack


@transaction.atomic
def quiz_attempt_submit(
    *, acknowledgment_id: int, user: Any, answers: Mapping[int, int]
) -> QuizAttempt:
    """Score one attempt (answers: question id → chosen number, from 1); every attempt is kept."""
    ack = _own_pending(acknowledgment_id, user)
    quiz = quiz_for(ack)
    if quiz is None:
        raise ValidationError(_("This document has no quiz."))
    questions = list(quiz.questions.all())
    correct = sum(1 for q in questions if answers.get(q.pk) == q.correct_choice)
    score = round(100 * correct / len(questions))
    attempt = QuizAttempt(
        acknowledgment=ack,
        answers={str(q.pk): answers.get(q.pk) for q in questions},
        score=score,
        passed=score >= quiz.pass_mark,
    )
    return record_change(attempt, user=user, reason=_("Quiz attempted"))


def acknowledgment_confirm(
    *,
    acknowledgment_id: int,
    user: Any,
    password: str,
    ip: str | None = None,
    user_agent: str = "",
) -> Acknowledgment:
    """Sign "read and understood" for one pending assignment of the signed-in user."""
    # Checked outside the transaction so the refused attempt stays logged (ES-01).
    if not user.check_password(password):
        logger.warning(
            "Failed acknowledgment signature by %s on acknowledgment %s",
            getattr(user, "username", "?"),
            acknowledgment_id,
        )
        raise PermissionDenied(_("The password is wrong, so nothing was signed."))
    return _confirm(acknowledgment_id, user, ip, user_agent)


@transaction.atomic
def _confirm(
    acknowledgment_id: int, user: Any, ip: str | None, user_agent: str
) -> Acknowledgment:
    ack = _own_pending(acknowledgment_id, user)
    if quiz_for(ack) is not None and not has_passed_quiz(ack):
        raise ValidationError(_("Pass the quiz on this document before confirming."))
    ack.status = Acknowledgment.Status.ACKNOWLEDGED
    ack.signed_at = timezone.now()
    ack.signed_hash = ack.release.content_hash
    ack.signed_ip = ip
    ack.signed_user_agent = user_agent[:400]
    ack.printed_name = ack.staff.full_name
    ack.closed_at = ack.signed_at
    # In the admin's log too, so the reading shows beside the document's other events.
    return record_change(
        ack, user=user, reason=MEANING, action="training.acknowledgment.confirm"
    )
