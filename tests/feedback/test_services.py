"""Feedback services (ISO 9001:2015 8.2.1(e), 9.1.2, 10.2): transitions and refusals."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audits.models import Nonconformity
from feedback.models import Feedback, add_working_days, working_days_between
from feedback.services import (
    feedback_answer,
    feedback_raise_nonconformity,
    feedback_reopen,
)
from qms.exceptions import TransitionError
from qms.models import Notification
from tests.feedback.conftest import local, submit

S = Feedback.Status
FRIDAY = dt.date(2026, 11, 27)


def _snapshot(feedback):
    row = Feedback.objects.get(pk=feedback.pk)
    return (
        row.status,
        row.outcome,
        row.answer,
        row.answered_at,
        row.nonconformity_id,
        row.history.count(),
    )


def test_working_days_skip_the_weekend():
    assert FRIDAY.weekday() == 4
    assert add_working_days(FRIDAY, 1) == dt.date(2026, 11, 30)  # Monday
    assert add_working_days(FRIDAY, 10) == dt.date(2026, 12, 11)
    assert working_days_between(FRIDAY, dt.date(2026, 11, 30)) == 1
    assert working_days_between(FRIDAY, dt.date(2026, 12, 11)) == 10


@pytest.mark.django_db
def test_the_due_date_counts_working_days_from_receipt_across_a_weekend(
    other_unit, settings
):
    """GIVEN feedback received on a Friday WHEN N working days are allowed
    THEN the due date skips Saturday and Sunday."""
    settings.QMS_FEEDBACK_RESPONSE_DAYS = 2
    feedback = submit(other_unit, received_at=local(2026, 11, 27))
    assert feedback.due_on == dt.date(2026, 12, 1)  # Tuesday, not Sunday
    settings.QMS_FEEDBACK_RESPONSE_DAYS = 10
    assert submit(other_unit, received_at=local(2026, 11, 27)).due_on == dt.date(
        2026, 12, 11
    )


@pytest.mark.django_db
def test_submit_records_history_and_tells_the_agencys_officers(
    other_unit, people, django_capture_on_commit_callbacks
):
    # The e-mail leaves when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        feedback = submit(other_unit)
    assert feedback.status == S.RECEIVED
    assert (
        feedback.tracking_code.startswith("PA-") and len(feedback.tracking_code) == 11
    )
    first = feedback.history.get()
    assert first.history_user is None
    assert first.history_change_reason == "Tiếp nhận phản ánh, kiến nghị"
    notices = Notification.objects.filter(recipient=people["officer"])
    assert notices.count() == 1
    assert feedback.tracking_code in notices.get().subject
    # The outsider officer (another agency) and the head are not told.
    assert not Notification.objects.exclude(recipient=people["officer"]).exists()
    assert [m.to for m in mail.outbox] == [[people["officer"].email]]


@pytest.mark.django_db
def test_answering_directly_closes_it_on_time(feedback, people):
    answered = feedback_answer(
        feedback=feedback, user=people["officer"], answer="Đã bổ sung giờ trả."
    )
    assert answered.status == S.ANSWERED
    assert answered.outcome == Feedback.Outcome.DIRECT
    assert answered.answered_by == people["officer"]
    assert answered.on_time is True and answered.response_days == 0
    last = answered.history.latest("history_date")
    assert last.history_user == people["officer"]
    assert last.answer == "Đã bổ sung giờ trả."


@pytest.mark.django_db
def test_an_answer_after_the_due_date_is_not_on_time(other_unit, people):
    late = submit(other_unit, received_at=local(2026, 1, 5))
    answered = feedback_answer(feedback=late, user=people["head"], answer="Xin lỗi.")
    assert answered.on_time is False
    assert answered.response_days > 10


@pytest.mark.django_db
def test_an_empty_answer_is_refused_and_nothing_changes(feedback, people):
    before = _snapshot(feedback)
    with pytest.raises(ValidationError) as exc:
        feedback_answer(feedback=feedback, user=people["officer"], answer=" \u200b ")
    assert "answer" in exc.value.message_dict
    assert _snapshot(feedback) == before


@pytest.mark.django_db
def test_an_answered_feedback_is_not_answered_again(feedback, people):
    feedback_answer(feedback=feedback, user=people["officer"], answer="Lần một.")
    before = _snapshot(feedback)
    with pytest.raises(TransitionError):
        feedback_answer(feedback=feedback, user=people["officer"], answer="Lần hai.")
    with pytest.raises(TransitionError):
        feedback_raise_nonconformity(feedback=feedback, user=people["officer"])
    assert _snapshot(feedback) == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "supervisor", "staff"])
def test_only_the_agencys_officer_or_head_handles_it(feedback, people, who):
    before = _snapshot(feedback)
    with pytest.raises(PermissionDenied):
        feedback_answer(feedback=feedback, user=people[who], answer="Trả lời.")
    with pytest.raises(PermissionDenied):
        feedback_raise_nonconformity(feedback=feedback, user=people[who])
    assert _snapshot(feedback) == before
    assert not Nonconformity.objects.exists()


@pytest.mark.django_db
def test_raising_a_nonconformity_prefills_it_and_links_both_ways(feedback, people):
    """GIVEN feedback that reveals a nonconformity WHEN the officer raises one
    THEN a new SKPH of source citizen feedback carries its unit and text, and the
    feedback is being handled until it is answered (ISO 9001:2015 10.2.1)."""
    raised = feedback_raise_nonconformity(feedback=feedback, user=people["officer"])
    nc = raised.nonconformity
    assert raised.status == S.IN_PROGRESS
    assert raised.outcome == Feedback.Outcome.NONCONFORMITY
    assert nc.source == Nonconformity.Source.CITIZEN_COMPLAINT
    assert nc.status == Nonconformity.Status.NEW
    assert (nc.agency_id, nc.unit_id) == (feedback.agency_id, feedback.unit_id)
    assert nc.description == feedback.description
    assert feedback.tracking_code in nc.title and feedback.tracking_code in nc.evidence
    assert nc.citizen_feedback == raised
    before = _snapshot(feedback)
    with pytest.raises(TransitionError):
        feedback_raise_nonconformity(feedback=feedback, user=people["officer"])
    assert _snapshot(feedback) == before
    answered = feedback_answer(
        feedback=raised, user=people["officer"], answer="Đã chấn chỉnh."
    )
    assert answered.outcome == Feedback.Outcome.NONCONFORMITY


@pytest.mark.django_db
def test_reopening_needs_a_reason_and_an_answered_feedback(feedback, people):
    with pytest.raises(TransitionError):
        feedback_reopen(feedback=feedback, user=people["officer"], reason="Sai")
    feedback_answer(feedback=feedback, user=people["officer"], answer="Trả lời.")
    before = _snapshot(feedback)
    with pytest.raises(ValidationError):
        feedback_reopen(feedback=feedback, user=people["officer"], reason=" ")
    with pytest.raises(PermissionDenied):
        feedback_reopen(feedback=feedback, user=people["outsider"], reason="Sai")
    assert _snapshot(feedback) == before
    reopened = feedback_reopen(
        feedback=feedback, user=people["officer"], reason="Trả lời chưa đủ"
    )
    assert reopened.status == S.IN_PROGRESS
    assert reopened.answer == "" and reopened.answered_at is None
    reasons = list(reopened.history.values_list("history_change_reason", flat=True))
    assert "Mở lại: Trả lời chưa đủ" in reasons or any(
        "Trả lời chưa đủ" in r for r in reasons
    )


@pytest.mark.django_db
def test_a_receipt_in_the_future_is_refused(other_unit):
    with pytest.raises(ValidationError):
        submit(other_unit, received_at=local(2099, 1, 1))
    assert not Feedback.objects.exists()
