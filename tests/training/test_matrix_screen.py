"""The bounded training matrix screen (issue 12): default agency, summary, pages, columns."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qms.models import Position
from qms.roles import Role
from tests.factories import (
    AgencyFactory,
    ReceivingUnitFactory,
    StaffProfileFactory,
    staff_user,
)
from training import matrix_screen
from training.models import (
    Attendance,
    CompetenceRequirement,
    TrainingCourse,
    TrainingSession,
)
from training.services.matrix_summary import agency_summaries

URL = reverse("training_matrix")


@pytest.fixture
def position(db):
    position = Position.objects.create(
        name="Công chức Một cửa", code="mot-cua-ma-tran", is_one_stop=True
    )
    course = TrainingCourse.objects.create(
        title="Nhận thức ISO 9001", topic="iso_awareness", hours=8, validity_months=12
    )
    CompetenceRequirement.objects.create(position=position).courses.add(course)
    return position


def _agency_with_staff(position, count, name):
    agency = AgencyFactory(name=name)
    unit = ReceivingUnitFactory(agency=agency)
    course = TrainingCourse.objects.get()
    old, recent = (
        TrainingSession.objects.create(
            course=course,
            agency=agency,
            starts_on=day,
            ends_on=day,
            place="Hội trường",
            trainer="Giảng viên",
        )
        for day in (dt.date(2020, 1, 1), timezone.localdate())
    )
    for n in range(count):
        person = StaffProfileFactory(
            agency=agency,
            receiving_unit=unit,
            position=position,
            full_name=f"{name} người {n:02d}",
        )
        # The first person attended only long ago (expired); the others also recently.
        Attendance.objects.create(session=old, staff=person, agency=agency)
        if n:
            Attendance.objects.create(session=recent, staff=person, agency=agency)
    return agency, unit


def _rows(response):
    return response.content.decode().count('class="matrix-cell matrix-')


@pytest.mark.django_db
def test_an_agency_reader_opens_on_their_own_agency(client, position):
    own, _unit = _agency_with_staff(position, 2, "UBND phường Một")
    _agency_with_staff(position, 2, "UBND phường Hai")
    client.force_login(staff_user(Role.QUALITY_OFFICER, own))
    body = client.get(URL).content.decode()
    assert "UBND phường Một người 01" in body
    assert "UBND phường Hai người 01" not in body
    assert re.search(rf'<option value="{own.pk}" selected>', body)


@pytest.mark.django_db
def test_a_supervisor_gets_a_per_agency_summary_and_drills_down(client, position):
    one, _ = _agency_with_staff(position, 3, "UBND phường Một")
    two, _ = _agency_with_staff(position, 1, "UBND phường Hai")
    client.force_login(staff_user(Role.SUPERVISOR, AgencyFactory(name="Sở Nội vụ")))
    response = client.get(URL)
    body = response.content.decode()
    assert response.templates[0].name == "training/admin/matrix_summary.html"
    assert "người 01" not in body  # no staff rows, only agencies
    assert f'agency={one.pk}"' in body and f'agency={two.pk}"' in body
    drill = client.get(URL, {"agency": one.pk}).content.decode()
    assert "UBND phường Một người 02" in drill
    assert "UBND phường Hai người 00" not in drill


@pytest.mark.django_db
def test_summary_figures(position):
    agency, _ = _agency_with_staff(position, 3, "UBND phường Một")
    from qms.models import StaffProfile

    [line] = agency_summaries(
        [agency], StaffProfile.objects.all(), timezone.localdate()
    )
    # The supervisor's own profile (without attendance) belongs to no agency listed here.
    assert (line.staff, line.trainings_current, line.trainings_expired) == (3, 2, 1)


@pytest.mark.django_db
def test_summary_query_count_is_constant_in_agencies(
    client, position, django_assert_num_queries
):
    client.force_login(staff_user(Role.SUPERVISOR, AgencyFactory(name="Sở Nội vụ")))
    _agency_with_staff(position, 2, "UBND xã A")
    client.get(URL)  # warm the per-process caches (content types, site)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    small = len(captured)
    for n in range(5):
        _agency_with_staff(position, 3, f"UBND xã B{n}")
    with django_assert_num_queries(small):
        body = client.get(URL).content.decode()
    assert body.count('href="?agency=') == 7  # Sở Nội vụ, xã A, five xã B


@pytest.mark.django_db
def test_staff_rows_are_paged(client, position, monkeypatch):
    monkeypatch.setattr(matrix_screen, "STAFF_PER_PAGE", 4)
    agency, _ = _agency_with_staff(position, 6, "UBND phường Một")
    client.force_login(staff_user(Role.QUALITY_OFFICER, agency))
    first = client.get(URL).content.decode()
    second = client.get(URL, {"agency": agency.pk, "p": 2}).content.decode()
    # Seven staff (the officer too): four on the first page, three on the second.
    assert first.count("training/staff/") == 4
    assert second.count("training/staff/") == 3
    assert "UBND phường Một người 05" in second


@pytest.mark.django_db
def test_agency_page_query_count_is_constant_in_rows(
    client, position, django_assert_num_queries
):
    agency, unit = _agency_with_staff(position, 2, "UBND phường Một")
    client.force_login(staff_user(Role.QUALITY_OFFICER, agency))
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(URL)
    small = len(captured)
    _agency_with_staff(position, 0, "UBND phường Hai")
    for _n in range(12):
        StaffProfileFactory(agency=agency, receiving_unit=unit, position=position)
    with django_assert_num_queries(small):
        response = client.get(URL)
    assert response.content.decode().count("training/staff/") == 15


@pytest.mark.django_db
def test_only_releases_of_the_shown_staff_are_columns(
    client, tree, unit, readers, distributed
):
    from tests.training.conftest import new_release
    from training.services.assignments import release_assign

    release_assign(release_id=new_release(distributed, tree, "").pk)
    other_unit = ReceivingUnitFactory(agency=tree["agency"], name="Tổ khác")
    StaffProfileFactory(agency=tree["agency"], receiving_unit=other_unit)
    client.force_login(tree["officer"])
    shown = client.get(URL, {"unit": unit.pk}).content.decode()
    hidden = client.get(URL, {"unit": other_unit.pk}).content.decode()
    code = distributed.code
    assert f"{code} (" in shown
    assert f"{code} (" not in hidden


@pytest.mark.django_db
def test_my_tasks_pages_the_readings(
    client, tree, unit, readers, distributed, monkeypatch
):
    from documents.services.drafting import document_draft
    from tests.documents.conftest import birth_procedure
    from tests.training.conftest import new_release
    from training import admin_views
    from training.services.assignments import release_assign

    second = document_draft(
        parent=tree["index"],
        page=birth_procedure(slug="qt-ht-02", code="QT-HT-02"),
        user=tree["officer"],
    ).get_latest_revision_as_object()
    second.distribution_units = [unit]
    second.save_revision(user=tree["officer"])
    for page in (distributed, second):
        release_assign(release_id=new_release(page, tree, "").pk)
    monkeypatch.setattr(admin_views, "MY_TASKS_PER_PAGE", 1)
    client.force_login(readers["inside"][0].user)
    pages = [
        client.get(reverse("training_my_tasks"), {"p": n}).content.decode()
        for n in (1, 2)
    ]
    codes = [{c for c in (distributed.code, "QT-HT-02") if c in p} for p in pages]
    assert len(codes[0]) == len(codes[1]) == 1 and codes[0] != codes[1]
    assert 'class="pagination"' in pages[0]


@pytest.mark.django_db
def test_summary_reading_figures(tree, unit, readers, distributed):
    from qms.models import StaffProfile
    from tests.training.conftest import new_release
    from training.models import Acknowledgment
    from training.services.assignments import release_assign

    release_assign(release_id=new_release(distributed, tree, "").pk)
    late = Acknowledgment.objects.filter(staff=readers["inside"][0]).get()
    late.due_date = timezone.localdate() - dt.timedelta(days=1)
    late.save()  # overdue (the fan-out gives a date ahead)
    staff = StaffProfile.objects.filter(is_active=True)
    [line] = agency_summaries([tree["agency"]], staff, timezone.localdate())
    assert (line.readings_open, line.readings_overdue, line.readings_signed) == (
        2,
        1,
        0,
    )
