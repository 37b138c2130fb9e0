"""Training PDFs: the sign-in sheet of a session and a person's training record (ISO 7.2 d)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from qms.lib.pdf.text import clean_text
from tests.factories import PASSWORD
from tests.training.conftest import new_release
from training.models import Acknowledgment, Attendance, TrainingCourse, TrainingSession
from training.pdf import session_sign_in_sheet, staff_training_record, vn_datetime
from training.services.acknowledge import acknowledgment_confirm
from training.services.assignments import release_assign

COURSE = "Nhận thức và áp dụng TCVN ISO 9001:2015"


def _read(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return clean_text(text), len(reader.pages)


@pytest.fixture
def session(tree, readers):
    """A two-day session the three staff of the unit attended."""
    course = TrainingCourse.objects.create(
        title=COURSE,
        topic=TrainingCourse.Topic.ISO_AWARENESS,
        hours=Decimal("16.0"),
        validity_months=24,
    )
    session = TrainingSession.objects.create(
        course=course,
        agency=tree["agency"],
        starts_on=dt.date(2026, 3, 5),
        ends_on=dt.date(2026, 3, 6),
        place="Hội trường UBND phường Phố Hiến",
        trainer="ThS. Trần Thị Giảng",
    )
    for staff in readers["inside"]:
        Attendance.objects.create(session=session, staff=staff, agency=staff.agency)
    return session


@pytest.mark.django_db
def test_sign_in_sheet_lists_each_attendee_in_effect_once(session, readers):
    """GIVEN an attendance corrected by a new record WHEN the sheet is printed
    THEN the person appears once, with the course, dates, place and trainer."""
    corrected = readers["inside"][2]
    original = Attendance.objects.get(session=session, staff=corrected)
    Attendance.objects.create(
        session=session,
        staff=corrected,
        agency=corrected.agency,
        corrects=original,
        correction_reason="Ghi nhầm kết quả",
        result=Attendance.Result.NOT_ASSESSED,
    )

    text, pages = _read(session_sign_in_sheet(session))

    assert pages > 0
    assert COURSE in text
    for person in readers["inside"]:
        assert text.count(person.full_name) == 1
    assert readers["elsewhere"].full_name not in text
    assert "05/03/2026" in text
    assert "06/03/2026" in text
    assert session.trainer in text
    assert "1/1" in text  # page x/y in the footer


@pytest.mark.django_db
def test_training_record_shows_training_and_signed_acknowledgment(
    tree, readers, distributed, session
):
    """GIVEN a person who attended a course and signed a release as read
    WHEN their training record is printed THEN both tables show it, with the signature time
    (with its time zone) and the prefix of the signed content hash."""
    release = new_release(distributed, tree, "")
    release_assign(release_id=release.pk)
    person = readers["inside"][0]
    ack = Acknowledgment.objects.get(staff=person, release=release)
    signed = acknowledgment_confirm(
        acknowledgment_id=ack.pk, user=person.user, password=PASSWORD
    )
    acks = Acknowledgment.objects.filter(staff=person).select_related("release")
    attendances = Attendance.objects.filter(
        staff=person, correction__isnull=True
    ).select_related("session__course")

    text, pages = _read(staff_training_record(person, acks, attendances))

    assert pages > 0
    assert person.full_name in text
    assert person.position.name in text
    assert COURSE in text
    assert "06/03/2028" in text  # valid until: 24 months after the session ended
    assert release.code in text
    assert signed.signed_hash[:12] in text
    assert vn_datetime(signed.signed_at) in text
    assert "GMT+07:00" in text


@pytest.mark.django_db
def test_training_record_of_someone_without_records_still_renders(readers):
    person = readers["elsewhere"]

    text, pages = _read(staff_training_record(person, [], []))

    assert pages == 1
    assert person.full_name in text
    assert person.agency.name in text


def _assert_administrative_form(pdf: bytes, agency: str, title: str) -> None:
    pages = [clean_text(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    first = pages[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert agency.upper() in first
    assert title.upper() in first
    assert f"Trang 1/{len(pages)}" in first


@pytest.mark.django_db
def test_sign_in_sheet_has_the_administrative_form(session):
    with translation.override("vi"):
        _assert_administrative_form(
            session_sign_in_sheet(session),
            session.agency.name,
            "Danh sách ký tên tham dự đào tạo",
        )


@pytest.mark.django_db
def test_training_record_has_the_administrative_form(readers):
    person = readers["inside"][0]

    with translation.override("vi"):
        _assert_administrative_form(
            staff_training_record(person, [], []), person.agency.name, "Hồ sơ đào tạo"
        )
