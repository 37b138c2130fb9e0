"""The disposal minute ("Biên bản hủy hồ sơ hết giá trị") as a PDF, on the shared scaffold.

Pure: dataclasses in, bytes out. The minute is a Vietnamese administrative document whatever
the reader's UI language, so its fixed words are Vietnamese here, not translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from qms.lib.pdf.report import (
    Metadata,
    PageSetup,
    Signature,
    admin_header,
    build_report,
    facts,
    para,
    signature_blocks,
    table,
    title_block,
)

PAGE = PageSetup()
WIDTH = PAGE.width
TITLE = "Biên bản hủy hồ sơ hết giá trị"


@dataclass(frozen=True)
class BatchRow:
    code: str
    name: str
    year: int
    quantity: str
    retention: str
    due_year: str


@dataclass(frozen=True)
class MinuteData:
    agency: str
    number: str
    meeting_date: str
    council: str
    method: str
    batches: list[BatchRow]
    drafted_by: str
    signer_name: str
    signer_position: str
    signed_at: str


def render_disposal_minute(data: MinuteData) -> bytes:
    """The minute: header, title, council and method, table of batches, signatures."""
    story: list[Flowable] = [
        admin_header(data.agency, WIDTH),
        *title_block(
            TITLE, f"Số: {data.number}", f"Ngày họp hội đồng: {data.meeting_date}"
        ),
        facts(
            [
                ("Hội đồng hủy hồ sơ", data.council),
                ("Phương pháp hủy", data.method),
            ],
            WIDTH,
        ),
        Spacer(1, 3 * mm),
        para("Hội đồng thống nhất hủy các lô hồ sơ đã hết thời hạn bảo quản sau đây:"),
        Spacer(1, 2 * mm),
        table(
            ("TT", "Mã", "Loại hồ sơ", "Năm", "Số lượng", "Thời hạn lưu", "Hết hạn từ"),
            [
                (
                    str(number),
                    row.code,
                    row.name,
                    str(row.year),
                    row.quantity,
                    row.retention,
                    row.due_year,
                )
                for number, row in enumerate(data.batches, start=1)
            ],
            [9 * mm, 20 * mm, WIDTH - 118 * mm, 14 * mm, 30 * mm, 25 * mm, 20 * mm],
            center_first=True,
        ),
        Spacer(1, 6 * mm),
        signature_blocks(
            [
                Signature(role="Người lập biên bản", name=data.drafted_by),
                Signature(
                    role="Thủ trưởng cơ quan",
                    name=data.signer_name,
                    position=data.signer_position,
                    note=f"Đã ký điện tử lúc {data.signed_at}"
                    if data.signed_at
                    else "",
                ),
            ],
            WIDTH,
            room=12 * mm,
        ),
    ]
    return build_report(
        story,
        metadata=Metadata(
            title=f"{TITLE} {data.number}", author=data.agency, subject=TITLE
        ),
        page=PAGE,
    )
