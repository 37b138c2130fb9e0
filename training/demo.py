"""Demo training data: courses, sessions with attendance, competence, acknowledgments.

Built through the services where an action happens today (fan-out, confirmation with the demo
password, attendance records). Earlier events of the demo's history (release 01's readers,
signatures dated months ago) are written as the fan-out and the confirmation would have left
them, because the services always stamp "now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from documents.models import DocumentRelease
from qms import services as org
from qms.demo_data import PVHCC_PHO_HIEN
from qms.lib.changes import record_change
from qms.models import Position, ReceivingUnit, StaffProfile
from training.models import (
    Acknowledgment,
    Attendance,
    CompetenceRequirement,
    TrainingCourse,
    TrainingSession,
)
from training.services.assignments import release_assign
from training.services.records import attendance_record, session_save
from training.services.reminders import acknowledgment_reminders_send

Log = Callable[[str], None]

COURSES = [
    ("Nhận thức TCVN ISO 9001:2015 trong cơ quan hành chính", "iso_awareness", "8", 36),
    ("Đánh giá viên nội bộ theo TCVN ISO 19011:2018", "internal_auditor", "16", 36),
    (
        "Kỹ năng giao tiếp, ứng xử với người dân tại Bộ phận Một cửa",
        "citizen_conduct",
        "8",
        24,
    ),
    (
        "Nghiệp vụ tiếp nhận, trả kết quả TTHC trên Hệ thống thông tin giải quyết TTHC",
        "it_systems",
        "12",
        None,
    ),
]


@transaction.atomic
def seed(log: Log) -> None:
    courses = _courses()
    _requirements(courses)
    unit = ReceivingUnit.objects.filter(name=PVHCC_PHO_HIEN).first()
    if unit is None or TrainingSession.objects.exists():
        log("Dữ liệu đào tạo mẫu đã có.")
        return
    _unit_head(unit)
    _sessions(unit, courses)
    _acknowledgments(unit)
    # What the first daily run would send: reminders, overdue notices, escalations (in-app).
    acknowledgment_reminders_send(email=False)
    log("Dữ liệu đào tạo mẫu đã sẵn sàng.")


def _courses() -> dict[str, TrainingCourse]:
    result = {}
    for title, topic, hours, months in COURSES:
        result[topic], _ = TrainingCourse.objects.get_or_create(
            title=title,
            defaults={
                "topic": topic,
                "hours": Decimal(hours),
                "validity_months": months,
            },
        )
    return result


def _requirements(courses: dict[str, TrainingCourse]) -> None:
    # NĐ 61/2018 Art. 10: one-stop staff need 3 years of service; awareness and conduct
    # training are what Chỉ thị 09/CT-UBND asks of them.
    one_stop = ["iso_awareness", "citizen_conduct", "it_systems"]
    for position in Position.objects.filter(is_one_stop=True, is_head=False):
        requirement, created = CompetenceRequirement.objects.get_or_create(
            position=position, defaults={"min_service_years": 3}
        )
        if created:
            requirement.courses.set([courses[key] for key in one_stop])
    auditor = Position.objects.filter(code="thu-ky-iso").first()
    if auditor is not None:
        requirement, created = CompetenceRequirement.objects.get_or_create(
            position=auditor
        )
        if created:
            requirement.courses.set(
                [courses["iso_awareness"], courses["internal_auditor"]]
            )


def _unit_head(unit: ReceivingUnit) -> None:
    head = StaffProfile.objects.filter(
        agency=unit.agency, position__code="pho-chu-tich"
    ).first()
    if head is not None and unit.head_id is None:
        unit.head = head
        org.receiving_unit_save(
            unit=unit, user=None, reason="Phân công phụ trách Bộ phận Một cửa"
        )


def _session(
    course: TrainingCourse, unit: ReceivingUnit, day: dt.date, trainer: str
) -> TrainingSession:
    return session_save(
        session=TrainingSession(
            course=course,
            agency=unit.agency,
            starts_on=day,
            ends_on=day,
            place=f"Hội trường {unit.agency.name}",
            trainer=trainer,
        ),
        user=None,
        reason="Dữ liệu mẫu",
    )


def _attend(session: TrainingSession, person: StaffProfile, **fields: object) -> None:
    attendance_record(
        attendance=Attendance(session=session, staff=person, **fields),
        user=None,
        reason="Dữ liệu mẫu",
    )


def _sessions(unit: ReceivingUnit, courses: dict[str, TrainingCourse]) -> None:
    # Newest first: the newest colleague is the one under 3 years' service (NĐ 61/2018).
    staff = list(
        StaffProfile.objects.filter(receiving_unit=unit, is_active=True).order_by(
            "-service_start", "pk"
        )
    )
    others = [p for p in staff[1:] if p.user.username != "congchuc"]
    absent = others[0] if others else None
    failed = others[-1] if len(others) > 1 else None
    iso = _session(
        courses["iso_awareness"],
        unit,
        dt.date(2026, 3, 12),
        "ThS. Vũ Minh Đức, Sở KH&CN",
    )
    systems = _session(
        courses["it_systems"],
        unit,
        dt.date(2025, 6, 10),
        "Trung tâm Phục vụ hành chính công tỉnh",
    )
    # Conduct training two years ago: valid 24 months, so it expires within 60 days.
    conduct = _session(
        courses["citizen_conduct"], unit, dt.date(2024, 12, 20), "TS. Hoàng Thu Trang"
    )
    for person in staff:
        if person == absent:
            _attend(iso, person, present=False, result=Attendance.Result.NOT_ASSESSED)
        else:
            _attend(iso, person, score=Decimal("8.5"), result=Attendance.Result.PASSED)
        if person != staff[0]:  # the newest colleague is not trained on the system yet
            _attend(systems, person, result=Attendance.Result.PASSED)
        result = (
            Attendance.Result.FAILED if person == failed else Attendance.Result.PASSED
        )
        _attend(conduct, person, result=result)


def _acknowledgments(unit: ReceivingUnit) -> None:
    releases = DocumentRelease.objects.filter(
        superseded_at__isnull=True, withdrawn_at__isnull=True
    ).order_by("pk")
    for release in releases:
        release_assign(release_id=release.pk)
    _history_of_superseded_releases()
    pending = list(
        Acknowledgment.objects.filter(
            agency=unit.agency, status=Acknowledgment.Status.PENDING
        )
        .select_related("staff__user", "release")
        .order_by("release__code", "staff__full_name")
    )
    mine = [a for a in pending if a.staff.user.username == "congchuc"]
    others = [a for a in mine if a.release.code != "QT-HT-01"]
    if others:
        # One reading falls due in two days: the daily run reminds congchuc (the bell).
        Acknowledgment.objects.filter(pk=others[-1].pk).update(
            due_date=timezone.localdate() + dt.timedelta(days=2)
        )
    for n, ack in enumerate(pending):
        if ack in mine:
            continue  # left for the demo: congchuc reads and confirms
        if n % 3 == 0:
            _signed_earlier(ack, days=n % 10 + 1)
        elif n % 3 == 1:
            # Assigned 20 days ago and never read: overdue, escalated by the daily task.
            Acknowledgment.objects.filter(pk=ack.pk).update(
                assigned_at=timezone.now() - dt.timedelta(days=40),
                due_date=timezone.localdate() - dt.timedelta(days=26),
            )


def _signed_earlier(ack: Acknowledgment, *, days: int) -> None:
    """What acknowledgment_confirm records, dated ``days`` ago (generated staff sign no demo)."""
    signed_at = timezone.now() - dt.timedelta(days=days)
    ack.status = Acknowledgment.Status.ACKNOWLEDGED
    ack.signed_at = ack.closed_at = signed_at
    ack.signed_hash = ack.release.content_hash
    ack.signed_ip = "127.0.0.1"
    ack.signed_user_agent = "Dữ liệu mẫu"
    ack.printed_name = ack.staff.full_name
    record_change(ack, user=None, reason="Đã đọc và hiểu")


def _history_of_superseded_releases() -> None:
    """Release 01 of a revised procedure: some read it, the rest were superseded by 02."""
    for old in DocumentRelease.objects.filter(
        superseded_by__isnull=False
    ).select_related("superseded_by"):
        new = old.superseded_by
        if new is None:
            continue
        current = list(
            Acknowledgment.objects.filter(release=new).select_related("staff")
        )
        if not current or Acknowledgment.objects.filter(release=old).exists():
            continue
        rows = []
        for n, ack in enumerate(current):
            signed = n % 2 == 0
            assigned = timezone.make_aware(
                dt.datetime.combine(old.effective_date, dt.time(8))
            )
            rows.append(
                Acknowledgment(
                    staff=ack.staff,
                    release=old,
                    page_id=old.page_id,
                    agency_id=ack.agency_id,
                    content_hash=old.content_hash,
                    assigned_at=assigned,
                    due_date=old.effective_date + dt.timedelta(days=14),
                    status=Acknowledgment.Status.ACKNOWLEDGED
                    if signed
                    else Acknowledgment.Status.SUPERSEDED,
                    signed_at=assigned + dt.timedelta(days=3) if signed else None,
                    signed_hash=old.content_hash if signed else "",
                    printed_name=ack.staff.full_name if signed else "",
                    closed_at=(assigned + dt.timedelta(days=3))
                    if signed
                    else new.published_at,
                )
            )
        created = Acknowledgment.objects.bulk_create(rows)
        Acknowledgment.history.bulk_history_create(
            created, default_change_reason="Dữ liệu mẫu"
        )
