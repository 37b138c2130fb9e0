"""Audit report and blank checklist PDFs in Vietnamese, on the shared report scaffold.

Pure functions over dataclasses: no models, no database. The layout is the Vietnamese
administrative form of ``qms.lib.pdf.report``: agency and national motto, title, code,
dates, signature blocks, "Trang x/y".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from qms.lib.dates import format_date
from qms.lib.pdf.report import (
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    para,
    signature_blocks,
    table,
    title_block,
)

PAGE = PageSetup()
WIDTH = PAGE.width

# The report is a Vietnamese administrative document whatever the reader's UI language.
RESULT_VI = {
    "conforming": "Phù hợp",
    "major": "Không phù hợp nặng",
    "minor": "Không phù hợp nhẹ",
    "observation": "Khuyến nghị",
    "not_applicable": "Không áp dụng",
}
NC_STATUS_VI = {
    "new": "Mới",
    "analysed": "Đã phân tích",
    "planned": "Có kế hoạch",
    "implemented": "Đã thực hiện",
    "verified": "Đã xác minh",
    "closed": "Đóng",
    "cancelled": "Hủy",
}
SIGNER_VI = {
    "lead_auditor": "Trưởng đoàn đánh giá",
    "auditee_head": "Thủ trưởng đơn vị được đánh giá",
}


@dataclass(frozen=True)
class ChecklistRow:
    number: int
    clause: str
    question: str
    guidance: str = ""
    result: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class FindingRow:
    clause: str
    question: str
    result: str
    evidence: str


@dataclass(frozen=True)
class SignatureBlock:
    role: str
    name: str
    position: str
    signed_at: str


@dataclass(frozen=True)
class AuditReport:
    agency: str
    code: str
    auditee: str
    scope: str
    criteria: str
    team: list[str]
    dates: str
    conclusion: str
    counts: list[tuple[str, int]]
    findings: list[FindingRow]
    nonconformities: list[tuple[str, str, str]]
    signatures: list[SignatureBlock] = field(default_factory=list)


def _build(story: list[Flowable], agency: str, title: str) -> bytes:
    return build_report(
        [admin_header(agency, WIDTH), *story],
        metadata=Metadata(title=title, author=agency),
        page=PAGE,
    )


def render_blank_checklist(
    *, agency: str, title: str, code: str, rows: list[ChecklistRow], today: date
) -> bytes:
    """A printable checklist (Phiếu ghi chép đánh giá) for paper use."""
    printed = format_date(today, language="vi")
    story: list[Flowable] = [
        *title_block(
            "Phiếu ghi chép đánh giá nội bộ", f"{title} ({code}) – in ngày {printed}"
        ),
        para(
            "Đơn vị được đánh giá: ......................................  "
            "Ngày đánh giá: ....../....../.........",
        ),
        para("Đánh giá viên: ..............................................."),
        Spacer(1, 3 * mm),
    ]
    data: list[list[Any]] = []
    for row in rows:
        question = row.question + (f"\n({row.guidance})" if row.guidance else "")
        data.append(
            [
                str(row.number),
                row.clause,
                question,
                row.result or "□ PH  □ KPH nặng\n□ KPH nhẹ  □ KN\n□ KAD",
                row.evidence,
            ]
        )
    head = ("TT", "Điều", "Câu hỏi / hướng dẫn", "Kết quả", "Bằng chứng")
    widths = [9 * mm, 13 * mm, WIDTH - 97 * mm, 30 * mm, 45 * mm]
    story += [
        table(head, data, widths),
        Spacer(1, 4 * mm),
        para(
            "Ghi chú: PH – Phù hợp; KPH – Không phù hợp; KN – Khuyến nghị; KAD – Không áp dụng.",
            "cell",
        ),
    ]
    return _build(story, agency, f"Phiếu ghi chép đánh giá {code}")


def render_audit_report(report: AuditReport) -> bytes:
    """The audit report (Báo cáo đánh giá nội bộ) with its signature blocks."""
    story: list[Flowable] = [
        *title_block("Báo cáo đánh giá nội bộ", f"Mã cuộc đánh giá: {report.code}"),
        para(f"Đơn vị được đánh giá: {report.auditee}"),
        para(f"Thời gian đánh giá: {report.dates}"),
        para(f"Phạm vi đánh giá: {report.scope}"),
        para(f"Chuẩn mực đánh giá: {report.criteria}"),
        para("Đoàn đánh giá: " + "; ".join(report.team)),
        para("1. Tổng hợp kết quả", "heading"),
        table(
            ("Kết quả", "Số câu hỏi"),
            [(label, str(n)) for label, n in report.counts],
            [WIDTH * 0.6, WIDTH * 0.4],
        ),
        para("2. Các phát hiện đánh giá", "heading"),
        table(
            ("Điều", "Nội dung", "Kết quả", "Bằng chứng"),
            [(f.clause, f.question, f.result, f.evidence) for f in report.findings]
            or [("", "Không có phát hiện.", "", "")],
            [14 * mm, WIDTH * 0.45, 30 * mm, WIDTH * 0.55 - 44 * mm],
        ),
        para("3. Các phiếu SKPH đã lập", "heading"),
        table(
            ("Mã phiếu", "Nội dung", "Trạng thái"),
            report.nonconformities or [("", "Không có.", "")],
            [40 * mm, WIDTH - 75 * mm, 35 * mm],
        ),
        para("4. Kết luận đánh giá", "heading"),
        para(report.conclusion),
        Spacer(1, 8 * mm),
        signature_blocks(
            [
                Signature(
                    role=block.role,
                    name=block.name,
                    position=block.position,
                    note=f"(Đã ký điện tử lúc {block.signed_at})"
                    if block.signed_at
                    else "(Chưa ký)",
                )
                for block in report.signatures
            ],
            WIDTH,
        ),
    ]
    return _build(story, report.agency, f"Báo cáo đánh giá {report.code}")
