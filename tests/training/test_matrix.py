"""Training matrix and competence status: states, reasons and a constant query count (PF)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.models import Position, StaffProfile
from tests.factories import AgencyFactory, ReceivingUnitFactory, StaffProfileFactory
from training.models import (
    Attendance,
    CompetenceRequirement,
    TrainingCourse,
    TrainingSession,
)
from training.services.matrix import CellState, Competence, training_matrix

TODAY = dt.date(2026, 11, 26)


def _course(title, months=None):
    return TrainingCourse.objects.create(
        title=title, topic="iso_awareness", hours=8, validity_months=months
    )


def _attend(staff, course, ends_on, **kwargs):
    session = TrainingSession.objects.create(
        course=course,
        agency=staff.agency,
        starts_on=ends_on,
        ends_on=ends_on,
        place="Hội trường",
        trainer="Giảng viên",
    )
    return Attendance.objects.create(
        session=session, staff=staff, agency=staff.agency, **kwargs
    )


@pytest.fixture
def one_stop(db):
    position = Position.objects.create(
        name="Công chức Một cửa thử", code="mot-cua-thu", is_one_stop=True
    )
    requirement = CompetenceRequirement.objects.create(
        position=position, min_service_years=3
    )
    iso = _course("Nhận thức ISO 9001", months=24)
    conduct = _course("Giao tiếp với người dân")
    requirement.courses.set([iso, conduct])
    agency = AgencyFactory()
    unit = ReceivingUnitFactory(agency=agency)
    return {
        "position": position,
        "iso": iso,
        "conduct": conduct,
        "agency": agency,
        "unit": unit,
    }


def _staff(one_stop, **kwargs):
    return StaffProfileFactory(
        agency=one_stop["agency"],
        receiving_unit=one_stop["unit"],
        position=one_stop["position"],
        **kwargs,
    )


@pytest.mark.django_db
def test_competence_met_gap_and_expiring(one_stop):
    met = _staff(one_stop, full_name="A Đủ", service_start=dt.date(2015, 1, 1))
    _attend(met, one_stop["iso"], dt.date(2026, 1, 10))
    _attend(met, one_stop["conduct"], dt.date(2020, 5, 1))
    junior = _staff(one_stop, full_name="B Mới", service_start=dt.date(2025, 3, 1))
    _attend(junior, one_stop["iso"], dt.date(2024, 12, 1))  # valid until 01/12/2026
    expired = _staff(one_stop, full_name="C Hết hạn", service_start=dt.date(2010, 1, 1))
    _attend(expired, one_stop["iso"], dt.date(2023, 1, 1))
    _attend(expired, one_stop["conduct"], dt.date(2023, 1, 1), present=False)

    rows = {
        r.staff.full_name: r
        for r in training_matrix(StaffProfile.objects.all(), today=TODAY).rows
    }
    assert rows["A Đủ"].competence == Competence.MET
    assert [c.state for c in rows["A Đủ"].cells] == [CellState.CURRENT] * 2

    junior_row = rows["B Mới"]
    assert junior_row.competence == Competence.GAP
    assert any("1/3" in reason for reason in junior_row.reasons)
    assert any("Giao tiếp" in reason for reason in junior_row.reasons)
    assert any("01/12/2026" in reason for reason in junior_row.reasons)

    expired_row = rows["C Hết hạn"]
    states = {c.state for c in expired_row.cells}
    assert states == {CellState.EXPIRED, CellState.MISSING}


@pytest.mark.django_db
def test_expiring_within_60_days_without_gap(one_stop):
    person = _staff(one_stop, service_start=dt.date(2010, 1, 1))
    _attend(person, one_stop["iso"], dt.date(2024, 12, 20))
    _attend(person, one_stop["conduct"], dt.date(2024, 1, 1))
    row = training_matrix(StaffProfile.objects.all(), today=TODAY).rows[0]
    assert row.competence == Competence.EXPIRING


@pytest.mark.django_db
def test_a_corrected_attendance_counts_as_corrected(one_stop):
    person = _staff(one_stop, service_start=dt.date(2010, 1, 1))
    wrong = _attend(person, one_stop["iso"], dt.date(2026, 1, 1), present=False)
    Attendance.objects.create(
        session=wrong.session,
        staff=person,
        agency=person.agency,
        present=True,
        corrects=wrong,
        correction_reason="Điểm danh nhầm.",
    )
    matrix = training_matrix(StaffProfile.objects.all(), today=TODAY)
    iso = [c.title for c in matrix.columns].index("Nhận thức ISO 9001")
    assert matrix.rows[0].cells[iso].state == CellState.CURRENT


def _queries(queryset):
    with CaptureQueriesContext(connection) as captured:
        training_matrix(queryset, today=TODAY)
    return len(captured)


@pytest.mark.django_db
def test_matrix_query_count_is_constant_in_staff_and_courses(one_stop):
    for _ in range(3):
        person = _staff(one_stop)
        _attend(person, one_stop["iso"], dt.date(2026, 1, 1))
    small = _queries(StaffProfile.objects.all())
    requirement = CompetenceRequirement.objects.get(position=one_stop["position"])
    for i in range(10):
        course = _course(f"Khóa {i}", months=12)
        requirement.courses.add(course)
    for _ in range(20):
        person = _staff(one_stop)
        _attend(person, one_stop["iso"], dt.date(2026, 1, 1))
    assert _queries(StaffProfile.objects.all()) == small <= 6


@pytest.mark.django_db
def test_matrix_screen_and_xlsx_export(admin_client, one_stop):
    from io import BytesIO

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    _staff(one_stop, full_name="Trần Thị Xuất")
    response = admin_client.get(
        reverse("training_matrix"), {"agency": one_stop["agency"].pk}
    )
    assert response.status_code == 200
    assert "Trần Thị Xuất" in response.content.decode()
    export = admin_client.get(reverse("training_matrix"), {"export": "xlsx"})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "Trần Thị Xuất" in names
    assert sheet.cell(row=1, column=7).value == "Nhận thức ISO 9001" or sheet.cell(
        row=1, column=7
    ).value in {"Giao tiếp với người dân", "Nhận thức ISO 9001"}


@pytest.mark.django_db
def test_matrix_query_count_is_constant_in_documents(tree, unit, readers, distributed):
    from documents.services.drafting import document_draft
    from tests.documents.conftest import birth_procedure
    from tests.training.conftest import new_release
    from training.services.assignments import release_assign

    release_assign(release_id=new_release(distributed, tree, "").pk)
    staff = StaffProfile.objects.filter(receiving_unit=unit)
    one_document = _queries(staff)
    for n in range(2, 4):
        page = document_draft(
            parent=tree["index"],
            page=birth_procedure(slug=f"qt-ht-0{n}", code=f"QT-HT-0{n}"),
            user=tree["officer"],
        ).get_latest_revision_as_object()
        page.distribution_units = [unit]
        page.save_revision(user=tree["officer"])
        release_assign(release_id=new_release(page, tree, "").pk)
    for _ in range(5):
        StaffProfileFactory(agency=tree["agency"], receiving_unit=unit)
    matrix = training_matrix(staff, today=TODAY)
    assert len(matrix.columns) == 3
    assert _queries(staff) == one_document
