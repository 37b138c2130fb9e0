"""The audit report and the blank checklist: administrative header, title and page numbers."""

import datetime as dt
import io

from pypdf import PdfReader

from audits.pdf import (
    AuditReport,
    ChecklistRow,
    FindingRow,
    SignatureBlock,
    render_audit_report,
    render_blank_checklist,
)
from qms.lib.pdf.text import clean_text

AGENCY = "UBND phường Phố Hiến"


def _pages(pdf: bytes) -> list[str]:
    return [clean_text(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _assert_administrative_form(pages: list[str], title: str) -> None:
    first = pages[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert AGENCY.upper() in first
    assert title in first
    for number, text in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in text


def test_audit_report_has_the_administrative_form_and_its_content():
    report = AuditReport(
        agency=AGENCY,
        code="ĐG-2026-01",
        auditee="Bộ phận Một cửa",
        scope="Toàn bộ quy trình tiếp nhận hồ sơ",
        criteria="TCVN ISO 9001:2015",
        team=["Nguyễn Văn An (Trưởng đoàn)", "Trần Thị Bình"],
        dates="03/02/2026 – 05/02/2026",
        conclusion="Hệ thống được duy trì phù hợp.",
        counts=[("Phù hợp", 12), ("Khuyến nghị", 1)],
        findings=[FindingRow("7.5.3", "Kiểm soát hồ sơ?", "Khuyến nghị", "Sổ theo dõi")],
        nonconformities=[("SKPH-01", "Thiếu sổ theo dõi", "Mới")],
        signatures=[
            SignatureBlock("Trưởng đoàn đánh giá", "Nguyễn Văn An", "Chuyên viên", "14:05 05/02/2026 (GMT+7)"),
            SignatureBlock("Thủ trưởng đơn vị được đánh giá", "Lê Văn Cường", "Chủ tịch", ""),
        ],
    )  # fmt: skip

    pages = _pages(render_audit_report(report))

    _assert_administrative_form(pages, "BÁO CÁO ĐÁNH GIÁ NỘI BỘ")
    text = " ".join(pages)
    for expected in (
        "Mã cuộc đánh giá: ĐG-2026-01",
        "Thời gian đánh giá: 03/02/2026 – 05/02/2026",
        "Sổ theo dõi",
        "SKPH-01",
        "Hệ thống được duy trì phù hợp.",
        "TRƯỞNG ĐOÀN ĐÁNH GIÁ",
        "(Đã ký điện tử lúc 14:05 05/02/2026 (GMT+7))",
        "(Chưa ký)",
        "Lê Văn Cường",
    ):
        assert expected in text


def test_blank_checklist_spans_pages_with_numbers_and_its_print_date():
    rows = [
        ChecklistRow(
            n, "8.5.1", f"Hồ sơ được kiểm soát theo quy định? (câu {n})", "Xem sổ"
        )
        for n in range(1, 41)
    ]

    pages = _pages(
        render_blank_checklist(
            agency=AGENCY,
            title="Đánh giá Bộ phận Một cửa",
            code="ĐG-2026-01",
            rows=rows,
            today=dt.date(2026, 2, 3),
        )
    )

    assert len(pages) > 1
    _assert_administrative_form(pages, "PHIẾU GHI CHÉP ĐÁNH GIÁ NỘI BỘ")
    assert "Đánh giá Bộ phận Một cửa (ĐG-2026-01) – in ngày 03/02/2026" in pages[0]
    assert "(câu 40)" in pages[-1]
    # The heading row repeats on every page the table spans.
    assert all("Câu hỏi / hướng dẫn" in text for text in pages)
