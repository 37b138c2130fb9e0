"""AC-03 for training records: own / agency / all (read-only); evidence is never edited."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from qms.roles import Role
from tests.factories import StaffProfileFactory, staff_user
from tests.training.conftest import new_release
from training.models import Acknowledgment, Attendance, TrainingCourse, TrainingSession
from training.services.assignments import release_assign


@pytest.fixture
def records(tree, readers, distributed, other_agency):
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    outsider = StaffProfileFactory(agency=other_agency, full_name="Người Cơ Quan Khác")
    foreign_ack = Acknowledgment.objects.create(
        staff=outsider,
        release=release,
        page=release.page,
        agency=other_agency,
        content_hash=release.content_hash,
        assigned_at=timezone.now(),
        due_date=timezone.localdate(),
    )
    course = TrainingCourse.objects.create(title="ISO", topic="iso_awareness", hours=4)
    sessions = {
        agency.pk: TrainingSession.objects.create(
            course=course,
            agency=agency,
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 1),
            place="Hội trường",
            trainer="Giảng viên",
        )
        for agency in (tree["agency"], other_agency)
    }
    own_attendance = Attendance.objects.create(
        session=sessions[tree["agency"].pk],
        staff=readers["inside"][0],
        agency=tree["agency"],
    )
    foreign_attendance = Attendance.objects.create(
        session=sessions[other_agency.pk], staff=outsider, agency=other_agency
    )
    mine = Acknowledgment.objects.get(release=release, staff=readers["inside"][0])
    colleague = Acknowledgment.objects.get(release=release, staff=readers["inside"][1])
    return {
        "mine": mine,
        "colleague": colleague,
        "foreign": foreign_ack,
        "own_attendance": own_attendance,
        "foreign_attendance": foreign_attendance,
        "foreign_session": sessions[other_agency.pk],
        "outsider": outsider,
    }


def _refused(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def _inspect(obj):
    return reverse("training_acknowledgments:inspect", args=[obj.pk])


@pytest.mark.django_db
def test_staff_see_only_their_own_acknowledgments(client, readers, records):
    client.force_login(readers["inside"][0].user)
    assert client.get(_inspect(records["mine"])).status_code == 200
    assert client.get(_inspect(records["colleague"])).status_code == 404
    assert client.get(_inspect(records["foreign"])).status_code == 404
    export = client.get(reverse("training_acknowledgments:index"), {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert readers["inside"][0].full_name in body
    assert readers["inside"][1].full_name not in body
    assert "Người Cơ Quan Khác" not in body
    matrix = client.get(reverse("training_matrix")).content.decode()
    assert readers["inside"][0].full_name in matrix
    assert readers["inside"][1].full_name not in matrix


@pytest.mark.django_db
def test_head_sees_the_agency_and_nothing_outside(client, tree, readers, records):
    client.force_login(tree["head"])
    assert client.get(_inspect(records["colleague"])).status_code == 200
    assert client.get(_inspect(records["foreign"])).status_code == 404
    listing = client.get(reverse("training_acknowledgments:index")).content.decode()
    assert readers["inside"][1].full_name in listing
    assert "Người Cơ Quan Khác" not in listing
    record = reverse("training_staff_record", args=[records["outsider"].pk])
    assert client.get(record).status_code == 404
    sheet = reverse("training_sign_in_sheet", args=[records["foreign_session"].pk])
    assert client.get(sheet).status_code == 404
    correct = reverse(
        "training_attendance_correct", args=[records["foreign_attendance"].pk]
    )
    assert _refused(client.get(correct))  # heads do not record attendance
    client.force_login(
        tree["officer"]
    )  # the quality officer does, in their agency only
    assert client.get(correct).status_code == 404


@pytest.mark.django_db
def test_supervisor_reads_every_agency_and_changes_nothing(
    client, tree, records, other_agency
):
    supervisor = staff_user(Role.SUPERVISOR, other_agency, username="giamsat-dt")
    client.force_login(supervisor)
    assert client.get(_inspect(records["mine"])).status_code == 200
    assert client.get(_inspect(records["foreign"])).status_code == 200
    assert _refused(client.get(reverse("training_attendance:add")))
    correct = reverse(
        "training_attendance_correct", args=[records["own_attendance"].pk]
    )
    assert _refused(client.get(correct))


@pytest.mark.django_db
def test_evidence_has_no_edit_or_delete_screen_even_for_superusers(
    admin_client, records
):
    for name in ("edit", "delete"):
        for viewset, obj in (
            ("training_acknowledgments", records["mine"]),
            ("training_attendance", records["own_attendance"]),
        ):
            url = reverse(f"{viewset}:{name}", args=[obj.pk])
            assert _refused(admin_client.get(url))
            assert _refused(admin_client.post(url))
    assert _refused(admin_client.get(reverse("training_acknowledgments:add")))
    assert Acknowledgment.objects.filter(pk=records["mine"].pk).exists()


@pytest.mark.django_db
def test_correction_is_a_new_record_with_a_reason(client, tree, records):
    officer = tree["officer"]
    client.force_login(officer)
    original = records["own_attendance"]
    url = reverse("training_attendance_correct", args=[original.pk])
    refused = client.post(
        url, {"present": "", "result": "passed", "correction_reason": ""}
    )
    assert refused.status_code == 200
    assert Attendance.objects.count() == 2
    done = client.post(
        url,
        {
            "present": "",
            "result": "not_assessed",
            "correction_reason": "Vắng mặt thực tế.",
        },
    )
    assert done.status_code == 302
    original.refresh_from_db()
    assert original.present is True  # unchanged
    correction = original.correction
    assert (correction.present, correction.correction_reason) == (
        False,
        "Vắng mặt thực tế.",
    )
    again = client.post(
        url, {"present": "on", "result": "passed", "correction_reason": "Lần nữa."}
    )
    assert again.status_code == 200
    assert "đã được đính chính" in again.content.decode()


@pytest.mark.django_db
def test_staff_without_a_reading_role_have_no_training_registers(client, readers):
    user = readers["inside"][0].user
    user.groups.remove(Group.objects.get(name=Role.STAFF.value))
    client.force_login(user)
    assert client.get(reverse("training_acknowledgments:index")).status_code in {
        302,
        403,
    }
