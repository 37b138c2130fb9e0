"""Plan, meeting, outputs and the chair's signature (ISO 9001:2015 9.3)."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from qms.exceptions import TransitionError
from review.models import ManagementReview, ReviewAction
from review.services import (
    action_add,
    action_cancel,
    action_complete,
    minutes_sign,
    review_record_meeting,
)
from tests.review.conftest import PASSWORD, plan

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def hold(review, people):
    return review_record_meeting(
        review=review,
        user=people["officer"],
        held_on=review.planned_on,
        attendees=[people["head"], people["officer"]],
        guests="Đại diện Phòng Nội vụ",
        discussion={"c1": "Phản ánh đã trả lời đúng hạn.", "zz": "ignored"},
        decisions="Duy trì hệ thống.",
    )


def test_the_data_range_defaults_to_the_year_start_then_the_previous_review(
    other_agency, people
):
    first = plan(other_agency, people, planned_on=dt.date(2025, 12, 10))
    assert (first.data_start, first.data_end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 10),
    )
    hold(first, people)
    second = plan(other_agency, people, planned_on=dt.date(2026, 11, 1))
    assert second.data_start == dt.date(2025, 12, 10)
    assert second.year == 2026
    assert second.history.first().history_user == people["officer"]


def test_only_the_agencys_managers_plan_and_the_chair_is_its_staff(
    other_agency, own_agency, people
):
    with pytest.raises(PermissionDenied):
        review_record_meeting(
            review=plan(other_agency, people),
            user=people["outsider"],
            held_on=TODAY(),
            attendees=[],
        )
    with pytest.raises(ValidationError):
        plan(other_agency, {**people, "head": people["outsider"]})


def test_the_meeting_records_discussion_per_input_and_is_held(review, people):
    held = hold(review, people)
    assert held.status == ManagementReview.Status.HELD
    assert held.discussion == {"c1": "Phản ánh đã trả lời đúng hạn."}
    assert set(held.attendees.all()) == {people["head"], people["officer"]}


def test_outputs_need_a_held_review_and_an_owner_of_the_agency(review, people):
    with pytest.raises(TransitionError):
        action_add(
            review=review,
            user=people["officer"],
            kind="improvement",
            description="Khảo sát hài lòng",
            owner=people["staff"],
            due_on=TODAY(),
        )
    hold(review, people)
    with pytest.raises(ValidationError):
        action_add(
            review=review,
            user=people["officer"],
            kind="improvement",
            description="Khảo sát hài lòng",
            owner=people["outsider"],
            due_on=TODAY(),
        )
    action = action_add(
        review=review,
        user=people["officer"],
        kind="resource",
        description="Mua máy quét",
        owner=people["staff"],
        due_on=TODAY(),
    )
    done = action_complete(action=action, user=people["staff"], result="Đã mua")
    assert done.status == ReviewAction.Status.DONE
    assert done.done_on == TODAY()
    with pytest.raises(TransitionError):
        action_complete(action=done, user=people["staff"], result="lại")


def test_a_manager_cancels_an_open_action_with_a_reason_the_owner_cannot(
    review, people
):
    hold(review, people)
    action = action_add(
        review=review,
        user=people["officer"],
        kind="change",
        description="Sửa quy trình tiếp nhận",
        owner=people["staff"],
        due_on=TODAY(),
    )
    with pytest.raises(PermissionDenied):
        action_cancel(action=action, user=people["staff"], reason="Không cần")
    with pytest.raises(PermissionDenied):
        action_cancel(action=action, user=people["outsider"], reason="Không cần")
    with pytest.raises(ValidationError):
        action_cancel(action=action, user=people["head"], reason="  ")
    action.refresh_from_db()
    assert action.status == ReviewAction.Status.OPEN

    cancelled = action_cancel(
        action=action, user=people["head"], reason="Đã gộp vào hành động khác"
    )
    assert cancelled.status == ReviewAction.Status.CANCELLED
    assert cancelled.result == "Đã gộp vào hành động khác"
    assert cancelled.history.latest().history_change_reason
    with pytest.raises(TransitionError):
        action_complete(action=cancelled, user=people["staff"], result="Đã làm")
    with pytest.raises(TransitionError):
        action_cancel(action=cancelled, user=people["head"], reason="lại")


def test_a_wrong_password_signs_nothing_and_is_logged(review, people):
    hold(review, people)
    with pytest.raises(PermissionDenied):
        minutes_sign(review=review, user=people["head"], password="sai")
    review.refresh_from_db()
    assert review.status == ManagementReview.Status.HELD
    assert not review.minutes_pdf
    assert ModelLogEntry.objects.filter(
        action="review.minutes.sign_failed", user=people["head"]
    ).exists()


def test_only_the_chair_signs(review, people):
    hold(review, people)
    with pytest.raises(PermissionDenied):
        minutes_sign(review=review, user=people["officer"], password=PASSWORD)


def test_the_chair_signs_and_the_minutes_are_kept_with_their_hash(review, people):
    hold(review, people)
    action_add(
        review=review,
        user=people["officer"],
        kind="change",
        description="Sửa đổi quy trình chứng thực",
        owner=people["staff"],
        due_on=TODAY(),
    )
    signed = minutes_sign(review=review, user=people["head"], password=PASSWORD)
    assert signed.status == ManagementReview.Status.CLOSED
    content = signed.minutes_pdf.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == signed.minutes_sha256
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    for heading in ("BIÊN BẢN", "Sửa đổi quy trình chứng thực", "Phản ánh đã trả lời"):
        assert heading in text
    # Read-only afterwards: no new meeting record, output or signature.
    with pytest.raises(TransitionError):
        hold(signed, people)
    with pytest.raises(TransitionError):
        minutes_sign(review=signed, user=people["head"], password=PASSWORD)
