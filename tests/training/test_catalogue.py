"""The province-wide course catalogue: read by all, maintained at province level (issue 10)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from qms.roles import Role
from tests.factories import AgencyFactory, staff_user
from training.models import TrainingCourse
from training.services.records import course_save


@pytest.fixture
def course(db):
    return TrainingCourse.objects.create(
        title="Nhận thức ISO 9001:2015", topic="iso_awareness", hours=8
    )


def _form(course, **fields):
    return {
        "title": course.title,
        "topic": course.topic,
        "hours": "8",
        "validity_months": "",
        "description": "",
        "change_reason": "",
        **fields,
    }


@pytest.mark.django_db
def test_a_wards_officer_reads_but_cannot_edit_the_catalogue(client, course):
    ward = AgencyFactory(name="UBND phường Hồng Châu", kind="ubnd_phuong")
    officer = staff_user(Role.QUALITY_OFFICER, ward, username="thuky-phuong")
    client.force_login(officer)
    assert client.get(reverse("training_courses:index")).status_code == 200
    response = client.post(
        reverse("training_courses:edit", args=[course.pk]),
        _form(course, hours="-5"),
    )
    assert response.status_code in (302, 403)
    course.refresh_from_db()
    assert course.hours == 8
    course.title = "Đổi tên"
    with pytest.raises(PermissionDenied):
        course_save(course=course, user=officer)


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["-5", "0", "99999"])
def test_hours_are_bounded(client, course, hours):
    department = AgencyFactory(name="Sở Nội vụ", kind="so")
    officer = staff_user(Role.QUALITY_OFFICER, department, username="thuky-so")
    client.force_login(officer)
    response = client.post(
        reverse("training_courses:edit", args=[course.pk]), _form(course, hours=hours)
    )
    assert response.status_code == 200
    assert "hours" in response.context["form"].errors
    response = client.post(
        reverse("training_courses:edit", args=[course.pk]), _form(course, hours="16")
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.hours == 16
