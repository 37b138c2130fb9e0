"""Demo records list of Phố Hiến: series, batches, one due batch and one signed minute.

Idempotent: every row is looked up by its natural key first. Built through the services, as
the ISO secretary and the head would, so the history rows and the minute's PDF are real.

Retention periods are assumptions for the demo, not legal advice (domain-vn §1.6):
- civil-status registers are kept permanently (Luật Hộ tịch 2014, art. 5: hộ tịch records are
  kept permanently), and so are disposal minutes;
- TTHC tracking books and process-control slips 10 years (assumed from the archival
  schedule for administrative case files, TT 10/2022/TT-BNV ⚠️);
- QMS records (audit reports, corrective action requests, review minutes, training)
  5 years and satisfaction surveys 3 years (common agency practice ⚠️).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from documents.models import DisposalMinute, ProcedurePage, RecordBatch, RecordSeries
from documents.services.records import (
    disposal_minute_save,
    disposal_minute_sign,
    record_batch_save,
    record_series_save,
)
from qms.demo_data import DEMO_PASSWORD
from qms.models import Agency

Log = Callable[[str], None]
AGENCY = "UBND phường Phố Hiến"
LOCATION_PAPER = "Kho lưu trữ UBND phường (giấy)"
LOCATION_DESK = "Tủ hồ sơ Bộ phận Một cửa (giấy)"
LOCATION_ISO = "Văn phòng HĐND-UBND, tủ hồ sơ ISO (giấy và bản điện tử)"
BASIS_ARCHIVES = "Luật Lưu trữ 2024; TT 10/2022/TT-BNV (thời hạn bảo quản tài liệu)"
BASIS_QMS = "Quy trình QT-02 Kiểm soát hồ sơ của UBND phường"

# code, record type, procedure code, where kept, responsible unit, years (None = permanent),
# legal basis
SERIES: list[tuple[str, str, str, str, str, int | None, str]] = [
    (
        "HS-01",
        "Sổ theo dõi hồ sơ TTHC",
        "",
        LOCATION_DESK,
        "Bộ phận Một cửa",
        10,
        BASIS_ARCHIVES,
    ),
    (
        "HS-02",
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "QT-HT-01",
        LOCATION_DESK,
        "Bộ phận Một cửa",
        10,
        BASIS_ARCHIVES,
    ),
    (
        "HS-03",
        "Sổ đăng ký khai sinh",
        "QT-HT-01",
        LOCATION_PAPER,
        "Công chức Tư pháp - Hộ tịch",
        None,
        "Luật Hộ tịch 2014, Điều 5: sổ hộ tịch được lưu trữ vĩnh viễn",
    ),
    (
        "HS-04",
        "Biên bản đánh giá nội bộ",
        "",
        LOCATION_ISO,
        "Thư ký ISO",
        5,
        BASIS_QMS,
    ),
    (
        "HS-05",
        "Phiếu yêu cầu hành động khắc phục",
        "",
        LOCATION_ISO,
        "Thư ký ISO",
        5,
        BASIS_QMS,
    ),
    (
        "HS-06",
        "Biên bản họp xem xét của lãnh đạo",
        "",
        LOCATION_ISO,
        "Thư ký ISO",
        5,
        BASIS_QMS,
    ),
    (
        "HS-07",
        "Phiếu khảo sát mức độ hài lòng của người dân",
        "",
        LOCATION_DESK,
        "Bộ phận Một cửa",
        3,
        BASIS_QMS,
    ),
    (
        "HS-08",
        "Biên bản hủy hồ sơ hết giá trị",
        "",
        LOCATION_ISO,
        "Thư ký ISO",
        None,
        BASIS_ARCHIVES,
    ),
]

# series code, year, quantity: in the signed minute (2013, 2018), due this year (HS-01 2015),
# not yet due (2024) and kept permanently (HS-03 2015).
BATCHES = [
    ("HS-04", 2013, "1 hộp, 12 biên bản"),
    ("HS-07", 2018, "2 hộp, 850 phiếu"),
    ("HS-01", 2015, "3 quyển sổ"),
    ("HS-01", 2024, "2 quyển sổ"),
    ("HS-04", 2024, "1 hộp, 4 biên bản"),
    ("HS-03", 2015, "2 quyển sổ"),
]
SIGNED_MINUTE = "01/BB-HHS"


def seed(log: Log) -> None:
    agency = Agency.objects.filter(name=AGENCY, valid_to__isnull=True).first()
    User = get_user_model()
    officer = User.objects.filter(username="thuky").first()
    head = User.objects.filter(username="lanhdao").first()
    if agency is None or officer is None or head is None:
        return
    series = {row[0]: _series(agency, officer, row) for row in SERIES}
    batches = {
        (code, year): _batch(series[code], officer, year, quantity)
        for code, year, quantity in BATCHES
    }
    if not DisposalMinute.objects.filter(agency=agency, number=SIGNED_MINUTE).exists():
        minute = disposal_minute_save(
            minute=DisposalMinute(
                agency=agency,
                number=SIGNED_MINUTE,
                meeting_date=dt.date(2026, 1, 15),
                council=(
                    "Trần Văn Minh, Chủ tịch UBND phường, Chủ tịch hội đồng\n"
                    "Nguyễn Thị Thu Hà, Thư ký ISO, thư ký hội đồng\n"
                    "Công chức Văn phòng - Thống kê, thành viên"
                ),
                method="Nghiền bằng máy hủy tài liệu",
            ),
            batches=[batches[("HS-04", 2013)], batches[("HS-07", 2018)]],
            user=officer,
            reason="Hủy hồ sơ hết thời hạn bảo quản",
        )
        disposal_minute_sign(minute=minute, user=head, password=DEMO_PASSWORD)
    log("Danh mục hồ sơ mẫu đã sẵn sàng.")


def _series(agency: Agency, officer: Any, row: tuple[Any, ...]) -> RecordSeries:
    code, name, procedure_code, location, unit, years, basis = row
    existing = RecordSeries.objects.filter(agency=agency, code=code).first()
    if existing is not None:
        return existing
    procedure = (
        ProcedurePage.objects.filter(agency=agency, code=procedure_code).first()
        if procedure_code
        else None
    )
    return record_series_save(
        series=RecordSeries(
            agency=agency,
            code=code,
            name=name,
            procedure=procedure,
            location=location,
            responsible_unit=unit,
            retention_years=years,
            permanent=years is None,
            legal_basis=basis,
        ),
        user=officer,
        reason="Lập danh mục hồ sơ",
    )


def _batch(series: RecordSeries, officer: Any, year: int, quantity: str) -> RecordBatch:
    existing = RecordBatch.objects.filter(series=series, year=year).first()
    if existing is not None:
        return existing
    return record_batch_save(
        batch=RecordBatch(
            series=series, year=year, end_date=dt.date(year, 12, 31), quantity=quantity
        ),
        user=officer,
        reason="Ghi nhận lô hồ sơ",
    )
