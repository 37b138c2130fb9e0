"""The decision announcing the QMS's conformity, in the administrative layout (NĐ 30/2020).

A Vietnamese legal instrument: its wording is fixed Vietnamese whatever the screen language
(like the national motto beside it), so the text below is data, not interface strings.
Pure functions over plain data: ``decision_data`` reads the record once, ``decision_pdf``
draws it on the shared scaffold (``qms.lib.pdf.report``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from qms.lib.dates import format_signed_at
from qms.lib.pdf.report import (
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    para,
    signature_blocks,
    table,
)

PAGE = PageSetup()
WIDTH = PAGE.width
BASES = (
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ "
    "về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 "
    "vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước;",
    "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10 tháng 10 năm 2014 của Bộ trưởng Bộ Khoa "
    "học và Công nghệ quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg;",
)


@dataclass(frozen=True)
class Decision:
    agency: str
    place: str
    number: str
    date: dt.date
    standard: str
    signer: str
    signer_position: str
    procedures: list[tuple[str, str]]  # (national code, name)
    processes: list[str]
    units: list[str]
    exclusions: list[tuple[str, str]]  # (requirement, justification)
    signed_note: str = ""
    recipients: list[str] = field(
        default_factory=lambda: ["Sở Khoa học và Công nghệ;", "Lưu: VT."]
    )


def place_of(agency_name: str) -> str:
    """The place printed before the date: "Phố Hiến" for a ward, "Hưng Yên" for a Sở."""
    match = re.search(r"\btỉnh (.+)$", agency_name)
    if match:
        return match.group(1)
    match = re.match(
        r"^UBND (?:phường|xã|thị trấn|thành phố|thị xã|huyện) (.+)$", agency_name
    )
    return match.group(1) if match else agency_name


def vn_date_line(place: str, date: dt.date) -> str:
    return f"{place}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"


def decision_data(announcement: Any, *, signed_at: dt.datetime) -> Decision:
    """What the decision says, read from the announcement and its scope version."""
    scope = announcement.scope
    agency = announcement.agency.name
    return Decision(
        agency=agency,
        place=place_of(agency),
        number=announcement.decision_number,
        date=announcement.decision_date,
        standard=announcement.standard,
        signer=announcement.signer_name,
        signer_position=announcement.signer_position,
        procedures=[(p.get("code", ""), p["name"]) for p in scope.procedures],
        processes=scope.process_lines,
        units=[u["name"] for u in scope.units],
        exclusions=[(e["requirement"], e["justification"]) for e in scope.exclusions],
        signed_note=f"Đã ký điện tử bằng mật khẩu lúc {format_signed_at(signed_at)}",
    )


def _heading(decision: Decision) -> list[Flowable]:
    number_row = Table(
        [
            [
                para(f"Số: {decision.number}", "cell_center"),
                para(vn_date_line(decision.place, decision.date), "cell_center"),
            ]
        ],
        colWidths=[WIDTH * 0.42, WIDTH * 0.58],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    subject = (
        "Về việc công bố Hệ thống quản lý chất lượng phù hợp Tiêu chuẩn quốc gia "
        f"{decision.standard}"
    )
    return [
        admin_header(decision.agency, WIDTH),
        number_row,
        Spacer(1, 6 * mm),
        para("QUYẾT ĐỊNH", "title"),
        para(subject, "header_title"),
        Spacer(1, 4 * mm),
        para(f"{decision.signer_position.upper()} {decision.agency.upper()}", "title"),
        Spacer(1, 2 * mm),
    ]


def _scope(decision: Decision) -> list[Flowable]:
    story: list[Flowable] = []
    if decision.procedures:
        rows = [
            [str(n), code or "—", name]
            for n, (code, name) in enumerate(decision.procedures, start=1)
        ]
        widths = [WIDTH * w for w in (0.08, 0.22, 0.70)]
        story += [table(["STT", "Mã TTHC", "Tên thủ tục hành chính"], rows, widths)]
    if decision.processes:
        story.append(para("Các quá trình trong phạm vi áp dụng:", "body"))
        story += [para(f"- {line}", "body") for line in decision.processes]
    if decision.units:
        story.append(
            para("Đơn vị áp dụng: " + "; ".join(decision.units) + ".", "body_justified")
        )
    if decision.exclusions:
        story.append(para("Các yêu cầu không áp dụng và lý do:", "body"))
        story += [
            para(f"- Điều khoản {req}: {why}", "body_justified")
            for req, why in decision.exclusions
        ]
    return story


def decision_pdf(decision: Decision) -> bytes:
    """Quyết định công bố HTQLCL phù hợp TCVN ISO 9001 (Art. 4 QĐ 19/2014)."""
    story = _heading(decision)
    story += [para(basis, "body_justified") for basis in BASES]
    story += [Spacer(1, 2 * mm), para("QUYẾT ĐỊNH:", "title"), Spacer(1, 2 * mm)]
    story.append(
        para(
            f"Điều 1. Công bố Hệ thống quản lý chất lượng của {decision.agency} "
            f"phù hợp Tiêu chuẩn quốc gia {decision.standard} đối với các hoạt động liên "
            "quan đến giải quyết các thủ tục hành chính và các quá trình sau:",
            "body_justified",
        )
    )
    story += _scope(decision)
    story += [
        para(
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Hệ thống quản lý "
            "chất lượng được duy trì, cải tiến và công bố lại khi phạm vi áp dụng được "
            "điều chỉnh, mở rộng.",
            "body_justified",
        ),
        para(
            "Điều 3. Thư ký ISO, các bộ phận và cá nhân có liên quan chịu trách "
            "nhiệm thi hành Quyết định này.",
            "body_justified",
        ),
        Spacer(1, 6 * mm),
        signature_blocks(
            [
                Signature(role="Nơi nhận:", note="\n".join(decision.recipients)),
                Signature(
                    role=decision.signer_position,
                    name=decision.signer,
                    note=decision.signed_note,
                ),
            ],
            WIDTH,
            room=12 * mm,
        ),
    ]
    title = f"Quyết định {decision.number} công bố HTQLCL phù hợp {decision.standard}"
    return build_report(
        story,
        metadata=Metadata(title=title, author=decision.agency, subject="TCVN ISO 9001"),
    )
