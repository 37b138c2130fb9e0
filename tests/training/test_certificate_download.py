"""An uploaded training certificate is downloadable by those who may read the record."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from qms.roles import Role
from tests.factories import AgencyFactory, staff_user
from training.models import Attendance, TrainingCourse, TrainingSession

PDF = b"%PDF-1.4\n% chung nhan\n%%EOF\n"


@pytest.fixture
def certified(db):
    agency = AgencyFactory()
    person = staff_user(Role.STAFF, agency, username="hocvien")
    course = TrainingCourse.objects.create(
        title="Nhận thức ISO 9001", topic="iso_awareness", hours=8
    )
    session = TrainingSession.objects.create(
        course=course,
        agency=agency,
        starts_on=dt.date(2026, 1, 5),
        ends_on=dt.date(2026, 1, 5),
        place="Hội trường",
        trainer="Giảng viên",
    )
    attendance = Attendance(session=session, staff=person.staff_profile, agency=agency)
    attendance.certificate.save("cn.pdf", ContentFile(PDF), save=False)
    attendance.save()
    return {"agency": agency, "person": person, "attendance": attendance}


@pytest.mark.django_db
def test_the_person_and_their_officer_download_the_certificate(client, certified):
    url = reverse("training_attendance_certificate", args=[certified["attendance"].pk])
    officer = staff_user(Role.QUALITY_OFFICER, certified["agency"], username="thuky2")
    for user in (certified["person"], officer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    record = reverse(
        "training_staff_record", args=[certified["person"].staff_profile.pk]
    )
    assert url in client.get(record).content.decode()


@pytest.mark.django_db
def test_the_certificate_is_not_served_out_of_scope(client, certified):
    url = reverse("training_attendance_certificate", args=[certified["attendance"].pk])
    colleague = staff_user(Role.STAFF, certified["agency"], username="dongnghiep")
    outsider = staff_user(Role.QUALITY_OFFICER, AgencyFactory(), username="ngoai")
    for user in (colleague, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404
