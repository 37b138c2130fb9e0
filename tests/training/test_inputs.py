"""Input hardening of the course catalogue, sessions, attendance and quizzes (issue 10, part 5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.models import Position
from qms.roles import Role
from tests.factories import AgencyFactory, StaffProfileFactory, staff_user
from training.models import (
    Attendance,
    CompetenceRequirement,
    Quiz,
    QuizQuestion,
    TrainingCourse,
    TrainingSession,
    TrainingSettings,
)
from training.services.records import attendance_record, course_save, session_save


@pytest.fixture
def department(db):
    return AgencyFactory(name="Sở Nội vụ", kind="so")


@pytest.fixture
def course(db):
    return TrainingCourse.objects.create(
        title="Nhận thức ISO 9001:2015", topic="iso_awareness", hours=8
    )


@pytest.mark.django_db
def test_a_course_title_of_invisible_characters_is_refused_by_the_service(department):
    officer = staff_user(Role.QUALITY_OFFICER, department, username="thuky-so")
    course = TrainingCourse(title="\u200b\xa0\u2060", topic="other", hours=4)
    with pytest.raises(ValidationError) as exc:
        course_save(course=course, user=officer)
    assert "title" in exc.value.message_dict
    saved = course_save(
        course=TrainingCourse(
            title=" Kỹ năng\u200b giao tiếp ", topic="other", hours=4
        ),
        user=officer,
    )
    assert saved.title == "Kỹ năng giao tiếp"


@pytest.mark.django_db
def test_a_course_title_of_invisible_characters_is_refused_by_the_form(
    client, course, department
):
    client.force_login(staff_user(Role.QUALITY_OFFICER, department, "thuky-so"))
    response = client.post(
        reverse("training_courses:edit", args=[course.pk]),
        {"title": "\u200b \xa0", "topic": "iso_awareness", "hours": "8"},
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    course.refresh_from_db()
    assert course.title == "Nhận thức ISO 9001:2015"


@pytest.mark.django_db
def test_a_session_decades_ahead_is_refused(course, department):
    session = TrainingSession(
        course=course,
        agency=department,
        starts_on=dt.date(2205, 1, 1),
        ends_on=dt.date(2205, 1, 2),
        place="Hội trường",
        trainer="\u200b",
    )
    with pytest.raises(ValidationError) as exc:
        session_save(session=session, user=None)
    assert set(exc.value.message_dict) >= {"starts_on", "ends_on", "trainer"}


@pytest.mark.django_db
def test_attendance_of_a_session_not_yet_held_is_refused(course, department):
    """ISO 9001:2015 7.2(d): attendance is evidence of training that took place."""
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    session = session_save(
        session=TrainingSession(
            course=course,
            agency=department,
            starts_on=tomorrow,
            ends_on=tomorrow,
            place="Hội trường",
            trainer="Giảng viên",
        ),
        user=None,
    )
    person = StaffProfileFactory(agency=department)
    with pytest.raises(ValidationError) as exc:
        attendance_record(
            attendance=Attendance(session=session, staff=person), user=None
        )
    assert "chưa bắt đầu" in exc.value.message_dict["session"][0]
    assert not Attendance.objects.exists()


def _codes(exc: pytest.ExceptionInfo[ValidationError], field: str) -> set[str | None]:
    return {error.code for error in exc.value.error_dict[field]}


@pytest.mark.django_db
@pytest.mark.parametrize("score", ["-1", "100.01"])
def test_an_attendance_score_out_of_bounds_is_refused(course, department, score):
    session = TrainingSession.objects.create(
        course=course,
        agency=department,
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 1),
        place="Hội trường",
        trainer="Giảng viên",
    )
    person = StaffProfileFactory(agency=department)
    attendance = Attendance(session=session, staff=person, score=Decimal(score))
    with pytest.raises(ValidationError) as exc:
        attendance_record(attendance=attendance, user=None)
    assert _codes(exc, "score") & {"min_value", "max_value"}


@pytest.mark.parametrize("mark", [0, 101])
def test_a_quiz_pass_mark_out_of_bounds_is_refused(mark):
    quiz = Quiz(page_id=1, pass_mark=mark)
    with pytest.raises(ValidationError) as exc:
        quiz.full_clean(exclude=["page"])
    assert _codes(exc, "pass_mark") & {"min_value", "max_value"}


def test_a_quiz_question_made_of_invisible_characters_is_refused():
    question = QuizQuestion(
        quiz_id=1, text="\u200b\u200b", choices="A\nB", correct_choice=1
    )
    with pytest.raises(ValidationError) as exc:
        question.full_clean(exclude=["quiz"])
    assert "text" in exc.value.message_dict


@pytest.mark.django_db
def test_years_of_service_and_reading_days_are_bounded():
    requirement = CompetenceRequirement(
        position=Position.objects.create(code="x", name="X"), min_service_years=99
    )
    with pytest.raises(ValidationError) as exc:
        requirement.full_clean()
    assert _codes(exc, "min_service_years") == {"max_value"}
    settings = TrainingSettings.load()
    for days in (0, 400):
        settings.acknowledgment_due_days = days
        with pytest.raises(ValidationError):
            settings.full_clean()
