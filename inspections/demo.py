"""Demo external inspection: the Sở KH&CN inspects UBND phường Phố Hiến (issue 16 part 7).

Dates follow today, so the inspector's read access is open whenever the demo is seeded: the
demo inspector ``kiemtra`` (Sở KH&CN) reads Phố Hiến's registers until the end date. Two
findings; the first is already raised as a nonconformity by the ward's ISO secretary.
Idempotent: the decision number is the marker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from audits.models import Clause
from inspections.models import Inspection, InspectionFinding
from inspections.services import (
    finding_raise_nonconformity,
    finding_save,
    inspection_save,
)
from qms import services as qms_services
from qms.demo_data import DEMO_PASSWORD
from qms.models import Agency, Position, StaffProfile
from qms.roles import Role

Log = Callable[[str], None]
DECISION = "215/QĐ-SKHCN"
INSPECTED = "UBND phường Phố Hiến"
INSPECTOR_AGENCY = "Sở Khoa học và Công nghệ tỉnh Hưng Yên"

FINDINGS = [
    (
        "7.5.3",
        "minor",
        "Quy trình cấp bản sao trích lục hộ tịch niêm yết tại Bộ phận Một cửa là bản "
        "đã hết hiệu lực (lần ban hành 01); bản đang áp dụng là lần ban hành 02.",
    ),
    (
        "9.2",
        "observation",
        "Chương trình đánh giá nội bộ năm chưa bao gồm Trung tâm Phục vụ hành chính công "
        "phường; đề nghị bổ sung trong chu kỳ tiếp theo.",
    ),
]


def seed(log: Log) -> None:
    """Seed the inspection once, through the services."""
    agency = Agency.objects.filter(name=INSPECTED).first()
    if agency is None or Inspection.objects.filter(decision_number=DECISION).exists():
        return
    with transaction.atomic():
        _inspection(agency)
    log("Đã tạo dữ liệu mẫu kiểm tra bên ngoài (Sở KH&CN kiểm tra phường Phố Hiến).")


def _inspection(agency: Agency) -> None:
    User = get_user_model()
    recorder = User.objects.get(username="giamsat")
    today = timezone.localdate()
    inspection = Inspection(
        body=Inspection.Body.SO_KHCN,
        decision_number=DECISION,
        decision_date=today - dt.timedelta(days=20),
        subject="Kiểm tra việc áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng "
        "theo TCVN ISO 9001:2015 (QĐ 19/2014/QĐ-TTg, TT 26/2014/TT-BKHCN).",
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=14),
        team_names="Trần Minh Khoa – Phó Chi cục trưởng Chi cục TĐC – Trưởng đoàn\n"
        "Đỗ Thị Hồng Nhung – Thanh tra viên, Sở Nội vụ – Thành viên",
    )
    inspection_save(
        inspection=inspection,
        agencies=[agency],
        team_users=[_inspector(), recorder],
        user=recorder,
        reason="Ghi nhận quyết định kiểm tra",
    )
    clauses = {c.number: c for c in Clause.objects.filter(number__in=["7.5.3", "9.2"])}
    findings = [
        finding_save(
            finding=InspectionFinding(
                inspection=inspection,
                agency=agency,
                text=text,
                clause=clauses.get(number),
                severity=severity,
            ),
            user=recorder,
        )
        for number, severity, text in FINDINGS
    ]
    finding_raise_nonconformity(
        finding=findings[0], user=User.objects.get(username="thuky")
    )


def _inspector() -> object:
    """The Sở KH&CN inspector who reads Phố Hiến's registers while the inspection runs."""
    profile = StaffProfile.objects.filter(user__username="kiemtra").first()
    if profile is None:
        profile = qms_services.staff_create(
            username="kiemtra",
            email="kiemtra@hungyen.example.vn",
            full_name="Trần Minh Khoa",
            agency=Agency.objects.get(name=INSPECTOR_AGENCY),
            position=Position.objects.get(code="chuyen-vien"),
            service_start=dt.date(2011, 4, 1),
            roles=[Role.STAFF],
            password=DEMO_PASSWORD,
            send_welcome=False,
        )
    return profile.user
