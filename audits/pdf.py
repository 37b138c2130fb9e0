"""Audit report and blank checklist PDFs in Vietnamese (reportlab, Be Vietnam Pro).

Pure functions over dataclasses, like documents.pdf: no models, no database. The layout
follows the Vietnamese administrative form: agency header, title, code, dates, signature
blocks, "Trang x/y".
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from documents.pdf.fonts import register_fonts

MARGIN = 18 * mm

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
WIDTH = A4[0] - 2 * MARGIN


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


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = register_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5)
    return {
        "body": body,
        "cell": cell,
        "head": ParagraphStyle("head", parent=cell, fontName=bold, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=bold,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=bold, spaceBefore=8, spaceAfter=4
        ),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_nfc(text)).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ]
        )
    )
    return table


class _NumberedCanvas(Canvas):
    """Two passes over the pages so each one can say "Trang x/y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        regular, _bold = register_fonts()
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(regular, 8.5)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, f"Trang {number}/{total}")
            super().showPage()
        super().save()


def _build(story: list[Any], title: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=_nfc(title),
        creator="Một Cửa QMS",
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _header(agency: str, styles: dict[str, ParagraphStyle]) -> Table:
    left = [_p(agency.upper(), styles["head"])]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", styles["head"]),
        _p("Độc lập - Tự do - Hạnh phúc", styles["head"]),
    ]
    return Table([[left, right]], colWidths=[WIDTH * 0.42, WIDTH * 0.58])


def render_blank_checklist(
    *, agency: str, title: str, code: str, rows: list[ChecklistRow], today: date
) -> bytes:
    """A printable checklist (Phiếu ghi chép đánh giá) for paper use."""
    styles = _styles()
    story: list[Any] = [
        _header(agency, styles),
        Spacer(1, 6 * mm),
        _p("PHIẾU GHI CHÉP ĐÁNH GIÁ NỘI BỘ", styles["title"]),
        _p(f"{title} ({code}) – in ngày {today:%d/%m/%Y}", styles["center"]),
        Spacer(1, 3 * mm),
        _p(
            "Đơn vị được đánh giá: ......................................  "
            "Ngày đánh giá: ....../....../.........",
            styles["body"],
        ),
        _p(
            "Đánh giá viên: ...............................................",
            styles["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    cell = styles["cell"]
    data: list[list[Any]] = [
        [
            _p(h, styles["head"])
            for h in ("TT", "Điều", "Câu hỏi / hướng dẫn", "Kết quả", "Bằng chứng")
        ]
    ]
    for row in rows:
        question = row.question + (f"\n({row.guidance})" if row.guidance else "")
        data.append(
            [
                _p(str(row.number), cell),
                _p(row.clause, cell),
                _p(question, cell),
                _p(row.result or "□ PH  □ KPH nặng\n□ KPH nhẹ  □ KN\n□ KAD", cell),
                _p(row.evidence, cell),
            ]
        )
    story.append(
        _table(
            data,
            [
                9 * mm,
                13 * mm,
                WIDTH - 9 * mm - 13 * mm - 30 * mm - 45 * mm,
                30 * mm,
                45 * mm,
            ],
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        _p(
            "Ghi chú: PH – Phù hợp; KPH – Không phù hợp; KN – Khuyến nghị; KAD – Không áp dụng.",
            cell,
        )
    )
    return _build(story, f"Phiếu ghi chép đánh giá {code}")


def render_audit_report(report: AuditReport) -> bytes:
    """The audit report (Báo cáo đánh giá nội bộ) with its signature blocks."""
    styles = _styles()
    body, cell = styles["body"], styles["cell"]
    story: list[Any] = [
        _header(report.agency, styles),
        Spacer(1, 6 * mm),
        _p("BÁO CÁO ĐÁNH GIÁ NỘI BỘ", styles["title"]),
        _p(f"Mã cuộc đánh giá: {report.code}", styles["center"]),
        Spacer(1, 4 * mm),
        _p(f"Đơn vị được đánh giá: {report.auditee}", body),
        _p(f"Thời gian đánh giá: {report.dates}", body),
        _p(f"Phạm vi đánh giá: {report.scope}", body),
        _p(f"Chuẩn mực đánh giá: {report.criteria}", body),
        _p("Đoàn đánh giá: " + "; ".join(report.team), body),
        _p("1. Tổng hợp kết quả", styles["h2"]),
    ]
    counts = [[_p("Kết quả", styles["head"]), _p("Số câu hỏi", styles["head"])]]
    counts += [[_p(label, cell), _p(str(n), cell)] for label, n in report.counts]
    story.append(_table(counts, [WIDTH * 0.6, WIDTH * 0.4]))
    story.append(_p("2. Các phát hiện đánh giá", styles["h2"]))
    findings: list[list[Any]] = [
        [_p(h, styles["head"]) for h in ("Điều", "Nội dung", "Kết quả", "Bằng chứng")]
    ]
    findings += [
        [
            _p(f.clause, cell),
            _p(f.question, cell),
            _p(f.result, cell),
            _p(f.evidence, cell),
        ]
        for f in report.findings
    ]
    if len(findings) == 1:
        findings.append(
            [_p("", cell), _p("Không có phát hiện.", cell), _p("", cell), _p("", cell)]
        )
    story.append(
        _table(
            findings,
            [14 * mm, WIDTH * 0.45, 30 * mm, WIDTH - 14 * mm - WIDTH * 0.45 - 30 * mm],
        )
    )
    story.append(_p("3. Các phiếu SKPH đã lập", styles["h2"]))
    ncs: list[list[Any]] = [
        [_p(h, styles["head"]) for h in ("Mã phiếu", "Nội dung", "Trạng thái")]
    ]
    ncs += [
        [_p(code, cell), _p(title, cell), _p(status, cell)]
        for code, title, status in report.nonconformities
    ]
    if len(ncs) == 1:
        ncs.append([_p("", cell), _p("Không có.", cell), _p("", cell)])
    story.append(_table(ncs, [40 * mm, WIDTH - 40 * mm - 35 * mm, 35 * mm]))
    story.append(_p("4. Kết luận đánh giá", styles["h2"]))
    story.append(_p(report.conclusion, body))
    story.append(Spacer(1, 8 * mm))
    story.append(_signatures(report.signatures, styles))
    return _build(story, f"Báo cáo đánh giá {report.code}")


def _signatures(
    blocks: list[SignatureBlock], styles: dict[str, ParagraphStyle]
) -> Table:
    cells = []
    for block in blocks:
        cells.append(
            [
                _p(block.role.upper(), styles["head"]),
                _p(
                    f"(Đã ký điện tử lúc {block.signed_at})"
                    if block.signed_at
                    else "(Chưa ký)",
                    styles["center"],
                ),
                _p(block.name, styles["head"]),
                _p(block.position, styles["center"]),
            ]
        )
    return Table([cells], colWidths=[WIDTH / max(len(cells), 1)] * max(len(cells), 1))
