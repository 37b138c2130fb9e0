"""Demo annual reports and the Sở KH&CN account that receives them.

The 2025 reports: Phố Hiến and Sở Tư pháp submitted on time and received, phường Thái Bình
submitted late (waiting to be received), xã Tân Hưng still a draft; Phố Hiến's 2026 report
is left for its head to generate. Everything goes through the services, back-dated where a
past year needs it (idempotent: a second run writes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from qms import demo_data as data
from qms import services as qms_services
from qms.models import Agency, Position
from qms.roles import Role
from reporting import services
from reporting.models import AnnualReport

USERNAME = "sokhcn"
FULL_NAME = "Hoàng Minh Tuấn"
RECEIVERS = "Tiếp nhận báo cáo ISO (Sở KH&CN)"
YEAR = 2025
NAMES = {row.key: row.name for row in data.AGENCIES}

NARRATIVE = {
    "assessment": (
        "Hệ thống quản lý chất lượng được duy trì và cải tiến; các quy trình được cập nhật "
        "kịp thời khi thủ tục hành chính thay đổi sau sắp xếp đơn vị hành chính."
    ),
    "difficulties": (
        "Sau khi sắp xếp chính quyền hai cấp, khối lượng hồ sơ tăng trong khi số công chức "
        "Bộ phận Một cửa chưa được bổ sung; một số quy trình phải ban hành lại."
    ),
    "proposals": (
        "Đề nghị Sở Khoa học và Công nghệ tổ chức tập huấn về TCVN ISO 9001:2015 và đánh giá "
        "viên nội bộ cho cấp xã; hướng dẫn mô hình khung cho chính quyền hai cấp."
    ),
}

# (agency key, number, submitted on, received on or None); None submitted = still a draft.
PLAN: list[tuple[str, str, dt.date | None, dt.date | None]] = [
    ("p-pho-hien", "152/BC-UBND", dt.date(2025, 12, 10), dt.date(2025, 12, 12)),
    ("so-tu-phap", "318/BC-STP", dt.date(2025, 12, 5), dt.date(2025, 12, 8)),
    ("p-thai-binh", "09/BC-UBND", dt.date(2026, 1, 8), None),
    ("x-tan-hung", "", None, None),
]


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone()
    )


def receiver_account() -> Any:
    """The Sở KH&CN's account: a supervisor who alone may mark reports received."""
    User = get_user_model()
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        profile = qms_services.staff_create(
            username=USERNAME,
            email=f"{USERNAME}@hungyen.example.vn",
            full_name=FULL_NAME,
            agency=Agency.objects.get(name=NAMES["so-khcn"]),
            position=Position.objects.get(code="chuyen-vien"),
            service_start=dt.date(2010, 3, 1),
            roles=[Role.SUPERVISOR],
            password=data.DEMO_PASSWORD,
            send_welcome=False,
        )
        user = profile.user
    group, _created = Group.objects.get_or_create(name=RECEIVERS)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="reporting", codename="receive_annualreport"
        )
    )
    user.groups.add(group)
    return user


def _people(agency: Agency) -> tuple[Any, Any]:
    """The agency's ISO secretary (or head) who prepares, and a head who signs."""
    staff = get_user_model().objects.filter(
        is_active=True, staff_profile__agency=agency, staff_profile__is_active=True
    )
    head = staff.filter(groups__name=Role.HEAD.value).order_by("pk").first()
    officer = (
        staff.filter(groups__name=Role.QUALITY_OFFICER.value).order_by("pk").first()
    )
    return officer or head, head


def _report(
    row: tuple[str, str, dt.date | None, dt.date | None], receiver: Any
) -> None:
    key, number, submitted, received = row
    agency = Agency.objects.filter(name=NAMES[key]).first()
    if agency is None:
        return
    officer, head = _people(agency)
    if officer is None or head is None:
        return
    prepared = (submitted or dt.date(YEAR, 12, 1)) - dt.timedelta(days=3)
    report = services.report_generate(
        agency=agency, year=YEAR, user=officer, at=_moment(prepared)
    )
    values = {"number": number, **(NARRATIVE if submitted else {})}
    report = services.report_edit(report=report, user=officer, values=values)
    if submitted is None:
        return
    report = services.report_submit(
        report=report, user=head, password=data.DEMO_PASSWORD, at=_moment(submitted)
    )
    if received is not None:
        services.report_receive(report=report, user=receiver, at=_moment(received, 14))


def seed(log: Callable[[str], None]) -> None:
    receiver = receiver_account()
    if AnnualReport.objects.filter(year=YEAR).exists():
        return
    for row in PLAN:
        _report(row, receiver)
    log("Báo cáo năm về ISO mẫu đã sẵn sàng (tài khoản Sở KH&CN: sokhcn).")
