"""Demo quality objectives of Phố Hiến for 2026, approved by the head, with measurements.

Ten months (January to October 2026) entered by hand, some of them missed; the dossier
statistics import will later fill the one-stop ones from the shipped sample file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model

from performance.dossier_measures import measure_from_dossiers
from performance.models import Indicator, Measurement, QualityObjective
from performance.services import (
    measurement_record,
    objective_approve,
    objective_create,
    periods_of,
)
from qms.demo_data import DEMO_PASSWORD as PASSWORD
from qms.models import Agency, ReceivingUnit

AGENCY = "UBND phường Phố Hiến"
YEAR = 2026
PLAN = {
    "plan_resources": "Cán bộ Bộ phận Một cửa; phần mềm một cửa điện tử; kinh phí "
    "thường xuyên của UBND phường.",
    "plan_who": "Công chức Bộ phận Một cửa; Thư ký ISO theo dõi, Chủ tịch UBND phường "
    "chỉ đạo.",
    "plan_when": "Từ tháng 01 đến tháng 12/2026; báo cáo hằng tháng.",
    "plan_evaluation": "So sánh số liệu hằng kỳ với chỉ tiêu; báo cáo tại cuộc họp "
    "xem xét của lãnh đạo.",
}
# indicator code, objective, target, frequency, what will be done, values by period
OBJECTIVES = [
    (
        "mot-cua-dung-han",
        "Giải quyết đúng hạn ít nhất 98 % hồ sơ TTHC tiếp nhận tại Bộ phận Một cửa.",
        "98",
        "month",
        "Theo dõi hồ sơ sắp đến hạn hằng ngày trên phần mềm; nhắc công chức xử lý.",
        [
            "98.6",
            "99.1",
            "92.4",
            "98.3",
            "98.9",
            "97.2",
            "96.1",
            "98.4",
            "99.0",
            "98.7",
        ],
    ),
    (
        "mot-cua-so-tre-han",
        "Không quá 5 hồ sơ giải quyết quá hạn mỗi tháng.",
        "5",
        "month",
        "Rà soát nguyên nhân trễ hạn hằng tháng; điều chỉnh phân công khi quá tải.",
        ["3", "2", "9", "4", "3", "5", "7", "2", "1", "3"],
    ),
    (
        "mot-cua-xin-loi",
        "Gửi phiếu xin lỗi cho 100 % hồ sơ trễ hạn, không quá 5 phiếu mỗi tháng.",
        "5",
        "month",
        "Lập phiếu xin lỗi theo mẫu ngay khi hồ sơ quá hạn; Thư ký ISO kiểm tra hằng tuần.",
        ["3", "2", "9", "4", "3", "5", "6", "2", "1", "3"],
    ),
    (
        "mot-cua-truc-tuyen",
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt ít nhất 60 %.",
        "60",
        "month",
        "Hướng dẫn người dân nộp hồ sơ trên Cổng Dịch vụ công; bố trí máy tính hỗ trợ.",
        [
            "48.5",
            "51.2",
            "53.0",
            "55.4",
            "57.9",
            "58.8",
            "61.3",
            "62.0",
            "63.4",
            "64.1",
        ],
    ),
    (
        "mot-cua-truoc-han",
        "Giải quyết trước hạn ít nhất 30 % hồ sơ TTHC.",
        "30",
        "month",
        "Ưu tiên xử lý ngay các hồ sơ đơn giản (chứng thực, xác nhận).",
        [
            "31.5",
            "33.0",
            "25.1",
            "30.4",
            "32.2",
            "29.0",
            "27.3",
            "34.1",
            "35.0",
            "33.8",
        ],
    ),
    (
        "mot-cua-hai-long",
        "Ít nhất 95 % người dân, tổ chức hài lòng khi giải quyết TTHC.",
        "95",
        "quarter",
        "Khảo sát bằng thiết bị đánh giá tại quầy; xử lý mọi phản ánh không hài lòng.",
        ["96.2", "94.1", "89.5"],
    ),
]


def seed(log: Callable[[str], None]) -> None:
    """Draft, approve and measure through the services (idempotent: skips what exists)."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["thuky", "lanhdao"])
    }
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None or len(users) < 2:
        return
    unit = ReceivingUnit.objects.filter(agency=agency).order_by("pk").first()
    for code, text, target, frequency, what, values in OBJECTIVES:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        objective = QualityObjective.objects.filter(
            agency=agency, year=YEAR, text=text
        ).first()
        if objective is None:
            objective = objective_create(
                objective=QualityObjective(
                    agency=agency,
                    year=YEAR,
                    text=text,
                    indicator=indicator,
                    target=Decimal(target),
                    frequency=frequency,
                    owner=users["thuky"],
                    owner_unit=unit,
                    plan_what=what,
                    **PLAN,
                ),
                user=users["thuky"],
            )
        if objective.status == QualityObjective.Status.DRAFT:
            objective = objective_approve(
                objective=objective, user=users["lanhdao"], password=PASSWORD
            )
        if not indicator.dossier_metric:
            _measure(objective, values, users["thuky"])
    # The one-stop indicators come from the shipped statistics file that the dossiers demo
    # imported (issue 15): measured from the register, not typed.
    measure_from_dossiers(
        agency_id=agency.pk, months=[dt.date(YEAR, m, 1) for m in range(1, 13)]
    )
    log("Mục tiêu chất lượng mẫu đã sẵn sàng.")


def _measure(objective: QualityObjective, values: list[str], user: object) -> None:
    done = set(
        Measurement.objects.filter(objective=objective).values_list(
            "period_start", flat=True
        )
    )
    for (start, end), value in zip(periods_of(objective), values, strict=False):
        if start in done:
            continue
        measurement_record(
            objective=objective,
            period_start=start,
            period_end=end,
            value=value,
            source=Measurement.Source.ENTERED,
            user=user,
        )
